// Areas' own targets from a CSV file, as `northstar targets import` reads them: a column `area`
// (ONS GSS code), `target`, and `weight` when the goal's targets add up by a weighted mean; any
// other column (an area's name, say) is for people and ignored. Every problem is located at its
// line and column, and one problem means nothing is imported.
import type { Division, LocalTarget } from '../../domain/localTargets.ts';
import type { Goal } from '../../domain/mission.ts';
import { cellNumber, decodeUtf8, readCsvRows } from '../../platform/csv/read.ts';
import type { Problem } from '../statistics/readers/problem.ts';

export class LocalTargetsFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the local targets file; nothing was changed`,
    );
  }
}

/** The targets a file sets for a goal, as set by the government `setBy`; or every problem. */
export function readLocalTargets(
  file: string,
  bytes: Uint8Array,
  context: {
    goal: Goal;
    division: Division;
    setBy: string;
    problemWith: (
      goal: Goal,
      division: Division,
      target: LocalTarget,
    ) => { message: string; field: string } | null;
  },
): LocalTarget[] {
  const problems: Problem[] = [];
  const error = (line: number, column: number | undefined, message: string) =>
    problems.push({ severity: 'error', file, line, column, message });
  decodeUtf8(bytes);
  const [header, ...rows] = readCsvRows(bytes).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!header)
    throw new LocalTargetsFileError([{ severity: 'error', file, message: 'the file is empty' }]);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const weighted = context.division.method === 'weighted-mean';
  const columnOf = (name: string) => names.indexOf(name);
  for (const name of ['area', 'target', ...(weighted ? ['weight'] : [])])
    if (columnOf(name) < 0)
      error(
        header.line,
        undefined,
        `no column is headed "${name}" (the header has ${names.map((n) => `"${n}"`).join(', ')})`,
      );
  if (problems.length) throw new LocalTargetsFileError(problems);

  const targets: LocalTarget[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const cell = (name: string) => (row.cells[columnOf(name)] ?? '').trim();
    const at = (name: string) => columnOf(name) + 1;
    const areaCode = cell('area').toUpperCase();
    const number = (name: string) => {
      const value = cellNumber(cell(name));
      if (typeof value === 'number') return value;
      error(
        row.line,
        at(name),
        value === null
          ? `no ${name} for ${areaCode || 'this row'}`
          : `"${cell(name)}" is not a number`,
      );
      return undefined;
    };
    if (seen.has(areaCode)) {
      error(row.line, at('area'), `${areaCode} has a target on line ${seen.get(areaCode)} already`);
      continue;
    }
    seen.set(areaCode, row.line);
    const value = number('target');
    const weight = weighted && columnOf('weight') >= 0 ? number('weight') : null;
    if (value === undefined || weight === undefined) continue;
    if (weight !== null && weight <= 0) {
      error(row.line, at('weight'), `a weight must be more than 0 (${areaCode} has ${weight})`);
      continue;
    }
    const target = { areaCode, value, weight, setBy: context.setBy };
    const problem = context.problemWith(context.goal, context.division, target);
    if (problem)
      error(row.line, at(problem.field === 'weight' ? 'weight' : 'area'), problem.message);
    else targets.push(target);
  }
  if (problems.length) throw new LocalTargetsFileError(problems);
  return targets;
}
