// Reads a government's missions file (YAML) into a validated MissionsFile, with each problem
// located at the line of the offending value.
import YAML, { isNode, type Document } from 'yaml';
import {
  missionsFileSchema,
  type GoalDefinition,
  type MissionsFile,
} from '../../domain/mission.ts';
import type { Problem } from '../statistics/readers/problem.ts';

/** The line of the value at `path`, or of the nearest enclosing value the file has. */
type LineAt = (path: (string | number)[]) => number | undefined;

function lineOf(doc: Document, text: string, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return text.slice(0, node.range[0]).split('\n').length;
  }
  return undefined;
}

/** How many copies aliases may expand to: a missions file needs few, if any. */
const MAX_ALIASES = 100;

export function parseMissionsYaml(
  file: string,
  text: string,
): { value?: MissionsFile; problems: Problem[] } {
  // Pretty errors carry their line and column (`linePos`), which the problem reports apart.
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        severity: 'error' as const,
        file,
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
        message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      })),
    };
  }
  const lineAt: LineAt = (path) => lineOf(doc, text, path);
  let content: unknown;
  try {
    content = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Aliases that expand without bound (a "billion laughs" file) are refused, not followed.
    if (!(error instanceof ReferenceError)) throw error;
    const message = `the file's aliases (*name) would expand to more than ${MAX_ALIASES} copies; write the values out`;
    return { problems: [{ severity: 'error', file, line: 1, message }] };
  }
  const parsed = missionsFileSchema.safeParse(content);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        severity: 'error' as const,
        file,
        line: lineAt(issue.path as (string | number)[]),
        message: `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      })),
    };
  }
  const value = parsed.data;
  const problems = crossCheck(file, value, lineAt);
  return problems.length ? { problems } : { value, problems };
}

/** What the schema cannot check alone: slugs used twice, and each goal against the others. */
function crossCheck(file: string, value: MissionsFile, lineAt: LineAt): Problem[] {
  const problems: Problem[] = [];
  const error = (line: number | undefined, message: string) =>
    problems.push({ severity: 'error', file, line, message });
  const slugs = new Set<string>();
  const goalKeys = new Set(
    value.missions.flatMap((m) => m.goals.map((g) => `${m.slug}/${g.slug}`)),
  );
  value.missions.forEach((m, i) => {
    if (slugs.has(m.slug))
      error(lineAt(['missions', i, 'slug']), `mission slug "${m.slug}" is used twice`);
    slugs.add(m.slug);
    m.goals.forEach((g, j) =>
      checkGoal(g, m.slug, goalKeys, (path, message) =>
        error(lineAt(['missions', i, 'goals', j, ...path]), `goal ${g.slug}: ${message}`),
      ),
    );
  });
  return problems;
}

/**
 * Finds a goal's fields that contradict each other, and its links to goals that are missing
 * or in its own mission; each problem is given with its path within the goal.
 */
export function checkGoal(
  g: GoalDefinition,
  missionSlug: string,
  goalKeys: Set<string>,
  problem: (path: (string | number)[], message: string) => void,
): void {
  if (g.indicator && g.target && !g.baseline)
    problem(
      ['target'],
      'a target measured by an indicator needs a baseline to measure progress from',
    );
  if (g.proxyNote && !g.proxy) problem(['proxyNote'], 'proxyNote given but proxy is false');
  g.feeds.forEach((link, k) => {
    if (!goalKeys.has(link.goal))
      problem(['feeds', k, 'goal'], `feeds ${link.goal}, which is not a goal in this file`);
    else if (link.goal.startsWith(`${missionSlug}/`))
      problem(
        ['feeds', k, 'goal'],
        `feeds ${link.goal}, a goal of its own mission; links are between missions`,
      );
  });
  if (!g.indicator && (g.series || g.unit || Object.keys(g.dimensions).length))
    problem(['series'], 'series, unit and dimensions need an indicator');
}
