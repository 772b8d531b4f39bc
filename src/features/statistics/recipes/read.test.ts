// Publishers' files read with their shipped recipes: the figures as published, a later
// edition with more rows, and recipe mismatches as located errors. (The fuzz test over
// mutated workbooks is fuzz.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { ROOT } from '../../../config.ts';
import { loadGeography } from '../../areas/geography.ts';
import { readSpreadsheet } from '../../../platform/spreadsheet.ts';
import { formatProblem } from '../readers/problem.ts';
import { shippedPublications } from './publications.ts';
import { loadRecipe } from './recipe.ts';
import { readWithRecipe } from './read.ts';

const geography = loadGeography(path.join(ROOT, 'data/geography/area_all_codes.csv'));
const milestones = path.join(ROOT, 'data/milestones');
const rtt = path.join(milestones, '01-nhs-rtt/latest-waiting-list.xlsx');

async function read(file: string, recipe: string, published?: string) {
  const { loaded, problems } = loadRecipe(recipe);
  assert.deepEqual(problems, []);
  return readWithRecipe(file, await readSpreadsheet(file), loaded!, geography, published);
}

const figure = (
  result: Awaited<ReturnType<typeof read>>,
  series: string,
  period: string,
  area?: string,
) =>
  result.observations.find(
    (o) => o.series === series && o.period.label === period && (!area || o.areaCode === area),
  );

/** A copy of a workbook, changed by `edit`, in a folder of its own. */
function editedCopy(file: string, edit: (workbook: XLSX.WorkBook) => void): string {
  const workbook = XLSX.read(fs.readFileSync(file), { cellDates: true });
  edit(workbook);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-recipe-'));
  const copy = path.join(dir, path.basename(file));
  const type = path.extname(file) === '.ods' ? 'ods' : 'xlsx';
  fs.writeFileSync(copy, XLSX.write(workbook, { type: 'buffer', bookType: type }));
  return copy;
}

test('every shipped publication reads with its recipe, without a problem', async () => {
  const publications = shippedPublications(path.join(milestones, 'publications.yaml'));
  assert.ok(publications.length >= 9, `${publications.length} publications`);
  for (const p of publications) {
    const result = await read(p.file, p.recipe.file, p.publishedOn);
    assert.deepEqual(result.problems.map(formatProblem), [], p.file);
    assert.ok(result.observations.length > 0, p.file);
    assert.ok(result.published, `${p.file} has a publication date`);
  }
});

test('figures are read as published, markers as statuses', async () => {
  const waits = await read(rtt, 'nhs-rtt', '2026-06-11');
  // The workbook's row for April 2026: 64.97% waiting 18 weeks or less (with estimates).
  const april = figure(waits, 'Incomplete pathways waiting 18 weeks or less', 'April 2026');
  assert.equal(april?.value?.toFixed(2), '64.97');
  // "52+" stands for a percentile past the last band counted: no figure, the marker kept.
  const censored = waits.observations.find((o) => o.note === '52+');
  assert.equal(censored?.status, 'missing');
  assert.equal(censored?.value, null);
  // Months to come are blank rows in the table: no figures for them.
  assert.equal(
    figure(waits, 'Incomplete pathways waiting 18 weeks or less', 'May 2026'),
    undefined,
  );

  const knives = await read(
    path.join(milestones, '08-knife-crime-vawg/knifecrime.ods'),
    'home-office-knife-crime',
  );
  // ONS's England and Wales figure for the year to December 2025, as the bulletin gives it.
  assert.equal(
    figure(knives, 'All selected offences, year ending', 'Year ending December 2025')?.value,
    49151,
  );
  assert.equal(knives.published, '2026-04-23');
});

test('each measure records the places its file shows its figures to', async () => {
  const shown = (result: Awaited<ReturnType<typeof read>>, series: string, unit: string) =>
    (result.meta.meta.places_shown as { series: string; unit: string; places: number }[]).find(
      (p) => p.series === series && p.unit === unit,
    )?.places;
  const capacity = await read(
    path.join(milestones, '03-clean-power/ET_6.1_DEC_25.xlsx'),
    'desnz-energy-trends-6-1',
  );
  // DESNZ keeps 16570.05 MW in the cell and shows "16,570": the figure keeps its places.
  const latest = figure(
    capacity,
    'Offshore wind installed capacity, fixed to the seabed',
    '2025 Q3',
  );
  assert.equal(latest?.value, 16570.05);
  assert.equal(shown(capacity, 'Offshore wind installed capacity, fixed to the seabed', 'MW'), 0);
  // A sum shows as many places as its parts; shares ("0.0") one.
  assert.equal(shown(capacity, 'Offshore wind installed capacity', 'MW'), 0);
  assert.equal(shown(capacity, "Renewables' share of electricity generated", 'Percentage (%)'), 1);

  // "0.0%" on the fraction, times 100: one place.
  const waits = await read(rtt, 'nhs-rtt', '2026-06-11');
  assert.equal(shown(waits, 'Incomplete pathways waiting 18 weeks or less', 'Percentage (%)'), 1);
  // Parquet numbers carry no format: the figures' own digits decide on the pages.
  const gld = await read(
    path.join(milestones, '04-early-years-gld/bds_long_0.parquet'),
    'dfe-eyfsp-gld',
    '2026-04-08',
  );
  assert.equal(gld.meta.meta.places_shown, undefined);
});

test('a later edition with more rows reads with the same recipe', async () => {
  const later = editedCopy(rtt, (workbook) => {
    const sheet = workbook.Sheets['Full Time Series']!;
    // May 2026 is a blank row in this edition: give it figures, as the next edition would.
    const row = XLSX.utils
      .sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null, blankrows: true })
      .findIndex(
        (r) => r[2] instanceof Date && r[2].getFullYear() === 2026 && r[2].getMonth() === 4,
      );
    assert.ok(row > 0);
    const cells = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
      header: 1,
      raw: true,
      defval: null,
    });
    const header = cells.find((r) =>
      r.includes('% within 18 weeks with estimates for missing data'),
    )!;
    const column = header.indexOf('% within 18 weeks with estimates for missing data');
    XLSX.utils.sheet_add_aoa(sheet, [[0.6553]], { origin: { r: row, c: column } });
  });
  const result = await read(later, 'nhs-rtt', '2026-07-09');
  assert.deepEqual(result.problems, []);
  assert.equal(
    figure(result, 'Incomplete pathways waiting 18 weeks or less', 'May 2026')?.value?.toFixed(2),
    '65.53',
  );
});

test('a file that no longer matches its recipe is a located error', async () => {
  const renamed = editedCopy(rtt, (workbook) => {
    workbook.SheetNames[0] = 'Time Series';
    workbook.Sheets['Time Series'] = workbook.Sheets['Full Time Series']!;
    delete workbook.Sheets['Full Time Series'];
  });
  const [sheetProblem] = (await read(renamed, 'nhs-rtt', '2026-06-11')).problems.map(formatProblem);
  assert.match(
    sheetProblem!,
    /latest-waiting-list\.xlsx: error: no sheet is named "Full Time Series" \(the file has "Time Series"\), as recipe nhs-rtt\.yaml:\d+ expects/,
  );

  const badPeriod = editedCopy(rtt, (workbook) => {
    XLSX.utils.sheet_add_aoa(workbook.Sheets['Full Time Series']!, [['Aprill 2025']], {
      origin: 'C230',
    });
  });
  const [periodProblem] = (await read(badPeriod, 'nhs-rtt', '2026-06-11')).problems.map(
    formatProblem,
  );
  assert.match(
    periodProblem!,
    /latest-waiting-list\.xlsx:Full Time Series!C230: error: "Aprill 2025" is not a period/,
  );

  const noTitle = editedCopy(rtt, (workbook) => {
    XLSX.utils.sheet_add_aoa(workbook.Sheets['Full Time Series']!, [['Title: something else']], {
      origin: 'B2',
    });
  });
  const [titleProblem] = (await read(noTitle, 'nhs-rtt', '2026-06-11')).problems.map(formatProblem);
  assert.match(
    titleProblem!,
    /error: no table titled "Title: Referral to Treatment \(RTT\) Waiting Times", as recipe nhs-rtt\.yaml:\d+ expects/,
  );

  const knives = path.join(milestones, '08-knife-crime-vawg/knifecrime.ods');
  const unknownForce = editedCopy(knives, (workbook) => {
    const sheet = workbook.Sheets[workbook.SheetNames.find((n) => n.startsWith('2012-13'))!]!;
    XLSX.utils.sheet_add_aoa(sheet, [['Gotham City']], { origin: 'C5' });
  });
  const forceProblems = (await read(unknownForce, 'home-office-knife-crime')).problems.map(
    formatProblem,
  );
  assert.deepEqual(forceProblems, [
    `${unknownForce}:2012-13_to_2025-26_Q3!C5: error: area "Gotham City" is not one this recipe can map (police-force-areas)`,
  ]);
});

test('a publication date before the figures end is refused, unless corrected', async () => {
  const crime = path.join(milestones, '08-knife-crime-vawg/crime.xlsx');
  const asPrinted = await read(crime, 'ons-crime-vawg');
  assert.match(
    asPrinted.problems.map(formatProblem).join('\n'),
    /the file says it was published on 2025-04-23, before its latest period \(ending 2025-12-31\) was over; give the right date with --published/,
  );
  assert.deepEqual((await read(crime, 'ons-crime-vawg', '2026-04-23')).problems, []);
});
