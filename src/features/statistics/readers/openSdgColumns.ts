// The columns of an Open SDG data file: its header checked, then which column holds the year,
// the value, the series, the unit, the status and the geography, and which are breakdowns.
import type { AreaLevel } from '../../../domain/area.ts';
import type { CsvRow } from '../../../platform/csv/read.ts';

/** Geography name columns, least specific first; each prefers areas of these levels. */
const geographyColumns: { name: string; levels: AreaLevel[] }[] = [
  { name: 'country', levels: ['country', 'uk', 'gb', 'ew'] },
  { name: 'region', levels: ['region', 'country', 'sub-region'] },
  { name: 'local authority', levels: ['la', 'utla'] },
  { name: 'welsh unitary authority', levels: ['la'] },
  { name: 'scottish council area', levels: ['la'] },
];

const multiplierWords = new Set(['units', 'unit', 'thousands', 'millions', '']);

/** Where each column is, counted from 0; -1 for a column the file does not have. */
export interface OpenSdgColumns {
  /** The header's names, trimmed. */
  names: string[];
  year: number;
  value: number;
  series: number;
  unit: number;
  status: number;
  geoCode: number;
  /** The geography name columns the file has, most specific first. */
  geography: { name: string; levels: AreaLevel[]; index: number }[];
  /** The breakdowns: every column not one of the above (nor a spare unit or the multiplier). */
  dimensions: number[];
}

/** Reports a header without Year or Value, else each column with no name or a repeated one. */
export function checkHeader(
  names: string[],
  line: number,
  error: (message: string, line?: number, column?: number) => void,
): void {
  const lower = names.map((n) => n.toLowerCase());
  if (!lower.includes('year') || !lower.includes('value')) {
    error(`the header must have Year and Value columns; found: ${names.join(', ')}`, line);
    return;
  }
  lower.forEach((n, i) => {
    if (n === '') error(`column ${i + 1} has no name`, line, i + 1);
    else if (lower.indexOf(n) !== i) error(`column "${names[i]}" appears twice`, line, i + 1);
  });
}

/** The columns of a checked header; the rows tell the unit apart when there are two. */
export function locateColumns(names: string[], rows: CsvRow[]): OpenSdgColumns {
  const lower = names.map((n) => n.toLowerCase());
  const col = (name: string) => lower.indexOf(name);
  // `Units` and `Unit measure` name the same concept; where a file has both, the one holding
  // only multiplier words is the multiplier and the other is the unit.
  const unitsCol = col('units');
  const measureCol = col('unit measure');
  let unitCol = unitsCol >= 0 ? unitsCol : measureCol;
  const spare = new Set<number>();
  if (unitsCol >= 0 && measureCol >= 0) {
    const onlyMultipliers = (c: number) =>
      rows.every((r) => multiplierWords.has((r.cells[c] ?? '').trim().toLowerCase()));
    if (onlyMultipliers(measureCol)) spare.add(measureCol);
    else {
      unitCol = measureCol;
      // Units then holds something else (series names, measures): keep it as a dimension.
    }
  }
  const columns = {
    names,
    year: col('year'),
    value: col('value'),
    series: col('series'),
    unit: unitCol,
    status: col('observation status'),
    geoCode: col('geocode'),
    geography: geographyColumns
      .map((g) => ({ ...g, index: col(g.name) }))
      .filter((g) => g.index >= 0)
      .reverse(),
  };
  const special = new Set(
    [
      columns.year,
      columns.value,
      columns.series,
      columns.unit,
      col('unit multiplier'),
      columns.status,
      columns.geoCode,
      ...spare,
      ...columns.geography.map((g) => g.index),
    ].filter((c) => c >= 0),
  );
  return { ...columns, dimensions: names.map((_, i) => i).filter((i) => !special.has(i)) };
}
