// Synthetic statistics in the tidy CSV format, written as a stream so any size fits in memory:
// indicators × areas × years × breakdowns, with a trend and some noise in every series.
import fs from 'node:fs';
import { once } from 'node:events';

export interface SyntheticShape {
  indicators: number;
  areas: string[];
  years: number;
  /** Values of one breakdown column ("Sex"); [''] for none. */
  breakdowns: string[];
  firstYear?: number;
}

export const indicatorId = (i: number) => `bench-${String(i + 1).padStart(3, '0')}`;

/** Writes the file and returns the number of observations in it. */
export async function writeTidyFile(file: string, shape: SyntheticShape): Promise<number> {
  const out = fs.createWriteStream(file);
  const firstYear = shape.firstYear ?? 2000;
  let rows = 0;
  let buffer = 'indicator,series,unit,area,period,value,Sex\n';
  // A fixed linear congruential generator: the same file on every run.
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 2;
  for (let i = 0; i < shape.indicators; i++) {
    const id = indicatorId(i);
    for (const [a, area] of shape.areas.entries()) {
      for (const sex of shape.breakdowns) {
        const start = 40 + (a % 20);
        const slope = ((i % 7) - 3) * 0.4;
        for (let y = 0; y < shape.years; y++) {
          const value = (start + slope * y + noise()).toFixed(2);
          buffer += `${id},Headline,Percentage (%),${area},${firstYear + y},${value},${sex}\n`;
          rows++;
        }
        if (buffer.length > 1 << 16) {
          if (!out.write(buffer)) await once(out, 'drain');
          buffer = '';
        }
      }
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return rows;
}
