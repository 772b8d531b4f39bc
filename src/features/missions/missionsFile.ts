// Reads a government's missions file (YAML) into a validated MissionsFile, with each problem
// located at the line of the offending value.
import {
  missionsFileSchema,
  type GoalDefinition,
  type MissionsFile,
} from '../../domain/mission.ts';
import { parseYaml, type LineAt } from '../../platform/yaml.ts';
import type { Problem } from '../statistics/readers/problem.ts';

export function parseMissionsYaml(
  file: string,
  text: string,
): { value?: MissionsFile; problems: Problem[] } {
  const { value, problems, lineAt } = parseYaml(file, text, missionsFileSchema);
  if (!value) return { problems };
  const crossProblems = crossCheck(file, value, lineAt);
  return crossProblems.length ? { problems: crossProblems } : { value, problems: [] };
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
  if (g.indicator && g.awaiting)
    problem(['awaiting'], 'awaiting is for a goal that no indicator measures yet');
  // A unit alone names what a target counts, measured yet or not.
  if (!g.indicator && (g.series || Object.keys(g.dimensions).length))
    problem(['series'], 'series and dimensions need an indicator');
}
