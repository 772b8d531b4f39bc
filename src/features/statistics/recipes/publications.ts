// The publishers' files Northstar ships (data/milestones/publications.yaml): each file with the
// recipe that reads it, and its publication date where the file states none or a wrong one.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isoDate } from '../../../domain/mission.ts';
import { parseYaml } from '../../../platform/yaml.ts';
import { formatProblem } from '../readers/problem.ts';
import { loadRecipe, type LoadedRecipe } from './recipe.ts';

const manifestSchema = z.array(
  z.strictObject({
    file: z.string().min(1),
    source: z.string().min(1),
    published: isoDate.optional(),
  }),
);

export interface ShippedPublication {
  file: string;
  recipe: LoadedRecipe;
  publishedOn?: string;
}

/** The manifest's publications, their files and recipes found; an Error if any is not. */
export function shippedPublications(manifest: string): ShippedPublication[] {
  const { value, problems } = parseYaml(
    manifest,
    fs.readFileSync(manifest, 'utf8'),
    manifestSchema,
  );
  const publications = (value ?? []).map((p) => {
    const { loaded, problems: recipeProblems } = loadRecipe(p.source);
    problems.push(...recipeProblems);
    return {
      file: path.resolve(path.dirname(manifest), p.file),
      recipe: loaded!,
      publishedOn: p.published,
    };
  });
  if (problems.length) throw new Error(problems.map(formatProblem).join('\n'));
  return publications;
}
