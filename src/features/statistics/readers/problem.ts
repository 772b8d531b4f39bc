// A problem found in an input file, located precisely enough to fix it.

export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  column?: number;
  /** In a workbook: the sheet and cell, `Table 1!B14`. */
  cell?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [
    p.file,
    p.cell ?? p.line,
    p.cell === undefined && p.line !== undefined ? p.column : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(':');
  return `${where}: ${p.severity}: ${p.message}`;
}
