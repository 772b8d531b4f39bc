// A source recipe: how to read one publication as its publisher releases it (docs/source-
// recipes.md). Declarative YAML, checked strictly, so a typo in a recipe is a located error.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isoDate, slug } from '../../../domain/mission.ts';
import { isWebAddress, webAddressRule } from '../../../domain/url.ts';
import { parseYaml, type LineAt } from '../../../platform/yaml.ts';
import type { Problem } from '../readers/problem.ts';
import { TIDY_STATUSES } from '../readers/tidy.ts';
import { periodFormats } from './periods.ts';

/** The folder of the recipes Northstar ships: `sources/` at the top of the repository. */
export const SHIPPED_RECIPES = fileURLToPath(new URL('../../../../sources/', import.meta.url));

const gssCode = z.string().regex(/^[A-Z]\d{8}$/, 'expected an ONS GSS code like E92000001');
const status = z.enum(TIDY_STATUSES as [string, ...string[]]);
/** A column by its header text; with several header rows, `Upper / Lower`. */
const column = z.string().min(1);
/** Cells to match: a column's text, or any of several. */
const match = z.record(column, z.union([z.string(), z.array(z.string()).min(1)]));

/** Where a date is written in the file: the cell after a label, or text matching a pattern. */
const dateInFile = z.strictObject({
  sheet: z.string().optional(),
  /** The date is in the first non-empty cell to the right of (or below) a cell with this text. */
  after: z.string().min(1).optional(),
  /** A regular expression with one group, matched against each cell's text: the group is the date. */
  find: z.string().min(1).optional(),
});

const value = z.strictObject({
  /** The column the figure is in (periods down the rows); omit when periods run across. */
  column: column.optional(),
  /** The row the figures are in (periods across the columns): its key cells. */
  row: match.optional(),
  /** The series: its name, or the column that names it. */
  series: z.string().min(1).optional(),
  seriesFrom: column.optional(),
  unit: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  /** Multiplies each figure: 100 turns a fraction into a percentage. */
  times: z.number().positive().optional(),
});

const table = z.strictObject({
  /** The worksheet's name, `*` standing for any text; omit for CSV and Parquet. */
  sheet: z.string().min(1).optional(),
  /** The table's title row starts with this text (several tables may share a sheet). */
  title: z.string().min(1).optional(),
  /** Text of a cell in the header row; without it, the first row after the title with text. */
  header: z.string().min(1).optional(),
  /** How many rows the header takes; text in an upper row spans the columns to its right. */
  headerRows: z.number().int().min(1).max(4).default(1),
  periods: z.strictObject({
    /** The column(s) holding each row's period; several are joined with a space. */
    column: z.union([column, z.array(column).min(1)]).optional(),
    /** Periods run across the header row instead, after the row's key columns. */
    across: z.literal(true).optional(),
    format: z.enum(periodFormats).default('auto'),
  }),
  area: z
    .strictObject({
      column,
      /** How the column names areas: GSS codes, or a lookup in sources/lookups/. */
      codes: z.union([z.literal('gss'), z.string().regex(/^[a-z0-9-]+$/)]).default('gss'),
      /** Store only the sum over every area, as this area (the areas themselves are not kept). */
      total: gssCode.optional(),
    })
    .optional(),
  /** The area this table's figures stand for, when not the indicator's (a sheet per nation). */
  areaCode: gssCode.optional(),
  /** Only rows whose cells match. */
  where: match.optional(),
  dimensions: z.record(z.string(), z.string()).default({}),
  values: z.array(value).min(1),
});

const derived = z.strictObject({
  series: z.string().min(1),
  unit: z.string().min(1),
  /** The sum of these series… */
  sum: z.array(z.string().min(1)).min(1),
  /** …over the sum of these, if given. */
  over: z.array(z.string().min(1)).min(1).optional(),
  times: z.number().positive().default(1),
  /** Then summed over this many periods in a row: four quarters make a year ending each one. */
  rolling: z.number().int().min(2).max(24).optional(),
});

export const recipeSchema = z.strictObject({
  name: slug,
  publication: z.strictObject({
    title: z.string().min(1),
    publisher: z.string().min(1),
    url: z.string().refine(isWebAddress, webAddressRule).optional(),
    licence: z.string().min(1).default('Open Government Licence v3.0'),
    contact: z.string().optional(),
    published: dateInFile.optional(),
    next: dateInFile.optional(),
    /** How often it comes out: the next release is expected this long after the last if the file does not say. */
    frequency: z.enum(['monthly', 'quarterly', 'annual']).optional(),
  }),
  indicator: z.strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'expected an id like nhs-rtt'),
    title: z.string().min(1),
    definition: z.string().optional(),
    /** The area figures stand for when a table has no area column. */
    area: gssCode,
    methodology: z.string().optional(),
    /** What a reader should bear in mind about the figures, from the publisher's notes. */
    caveats: z.string().optional(),
  }),
  /** Cell text that stands for a status instead of a figure, beside the usual markers. */
  markers: z.record(z.string(), status).default({}),
  /** From these dates figures are not comparable with earlier ones. */
  breaks: z.array(z.strictObject({ from: isoDate, why: z.string().min(1) })).default([]),
  tables: z.array(table).min(1),
  derived: z.array(derived).default([]),
});

export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeTable = Recipe['tables'][number];
export type RecipeValue = RecipeTable['values'][number];

export interface LoadedRecipe {
  recipe: Recipe;
  /** Where the recipe was read from, for problems that name its lines. */
  file: string;
  lineAt: LineAt;
}

/** A recipe by a shipped name (`nhs-rtt`) or a path to a YAML file. */
export function loadRecipe(nameOrPath: string): { loaded?: LoadedRecipe; problems: Problem[] } {
  const file =
    /^[a-z0-9-]+$/.test(nameOrPath) && !fs.existsSync(nameOrPath)
      ? path.join(SHIPPED_RECIPES, `${nameOrPath}.yaml`)
      : nameOrPath;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    const known = shippedRecipeNames().join(', ');
    return {
      problems: [
        {
          severity: 'error',
          file: nameOrPath,
          message: `no such recipe: give a path to a recipe file or one of ${known}`,
        },
      ],
    };
  }
  const { value: recipe, problems, lineAt } = parseYaml(file, text, recipeSchema);
  if (!recipe) return { problems };
  const crossProblems = checkRecipe(recipe).map((p) => ({
    severity: 'error' as const,
    file,
    line: lineAt(p.path),
    message: p.message,
  }));
  if (crossProblems.length) return { problems: crossProblems };
  return { loaded: { recipe, file, lineAt }, problems: [] };
}

export function shippedRecipeNames(): string[] {
  return fs
    .readdirSync(SHIPPED_RECIPES)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** What the schema cannot say alone: each value names one way to find its figures. */
function checkRecipe(recipe: Recipe): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  recipe.tables.forEach((t, i) => {
    const across = t.periods.across === true;
    if (across === (t.periods.column !== undefined))
      problems.push({
        path: ['tables', i, 'periods'],
        message: 'periods need either a column or across: true',
      });
    t.values.forEach((v, j) => {
      const at = ['tables', i, 'values', j];
      if (across ? !v.row || v.column : !v.column || v.row)
        problems.push({
          path: at,
          message: across
            ? 'with periods across, a value names its row, not a column'
            : 'with periods in a column, a value names its column, not a row',
        });
      if ((v.series === undefined) === (v.seriesFrom === undefined))
        problems.push({ path: at, message: 'a value needs either series or seriesFrom' });
    });
  });
  for (const p of [recipe.publication.published, recipe.publication.next])
    if (p && (p.after === undefined) === (p.find === undefined))
      problems.push({
        path: ['publication'],
        message: 'a date in the file is found either after a label or by a pattern',
      });
  return problems;
}
