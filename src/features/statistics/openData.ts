// Open data out: every indicator as published now, in the Open SDG data/meta layout (so it
// can feed an Open SDG site, or be imported again), or in the tidy format for indicators
// without an SDG number, with W3C CSVW metadata, and as JSON.
// File writes are injected so the same code writes to disk or to a test's memory.
import type { Services } from '../../compose.ts';
import type { Observation } from './store.ts';
import { toCsv } from '../../platform/csv/write.ts';
import { tidyTable } from './readers/tidy.ts';

export interface ExportEffects {
  writeFile(relativePath: string, contents: string): Promise<void>;
}

export const OGL_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

/** Our status vocabulary in the publishers' words, as Open SDG files spell them. */
const statusWords: Record<string, string> = {
  normal: 'Normal value',
  missing: 'Missing value',
  suppressed: 'Missing value; suppressed',
  estimated: 'Estimated value',
  provisional: 'Provisional value',
  'low-reliability': 'Low reliability',
  'definition-differs': 'Definition differs',
};

/** Whether an id is an SDG indicator's number (`8.5.2`, `3.a.1`), as Open SDG files need. */
const isSdgNumber = (id: string) => /^\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2}$/.test(id);

function tidyCsv(id: string, observations: Observation[]) {
  const { header, rows } = tidyTable(id, observations);
  return { csv: toCsv(header, rows), columns: csvwColumns(header, 'value') };
}

/** A CSV file's columns as W3C CSVW describes them: names, titles, the figures as numbers. */
function csvwColumns(header: string[], valueColumn: string) {
  return header.map((name) => ({
    name: name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
    titles: name,
    datatype: name === valueColumn ? 'double' : 'string',
    ...(name === valueColumn ? { null: '' } : {}),
  }));
}

/** `8.5.2` → `8-5-2`, the spelling of Open SDG file names. */
const fileId = (id: string) => id.replace(/\./g, '-');

function openSdgTable(observations: Observation[]) {
  // A breakdown may itself be called Units (the file then has its unit under Unit measure),
  // and an unknown GeoCode is kept as a breakdown: both go back to where they came from.
  const dimensions = [...new Set(observations.flatMap((o) => Object.keys(o.dimensions)))]
    .filter((d) => d !== 'GeoCode')
    .sort();
  const unitHeader = dimensions.includes('Units') ? 'Unit measure' : 'Units';
  const header = [
    'Year',
    'Series',
    unitHeader,
    'GeoCode',
    ...dimensions,
    'Observation status',
    'Value',
  ];
  const rows = observations.map((o) => [
    o.period.label,
    o.series,
    o.unit,
    o.areaCode ?? o.dimensions.GeoCode ?? '',
    ...dimensions.map((d) => o.dimensions[d] ?? ''),
    statusWords[o.status] ?? o.status,
    o.value,
  ]);
  return { csv: toCsv(header, rows), columns: csvwColumns(header, 'Value') };
}

/** Writes the open data files and returns their paths. */
export async function exportOpenData(
  { statistics, missions }: Pick<Services, 'statistics' | 'missions'>,
  effects: ExportEffects,
): Promise<string[]> {
  const written: string[] = [];
  const write = async (file: string, contents: string) => {
    await effects.writeFile(file, contents);
    written.push(file);
  };
  const indicators = await statistics.listIndicators();
  for (const indicator of indicators.sort((a, b) =>
    a.id.localeCompare(b.id, 'en', { numeric: true }),
  )) {
    const observations = await statistics.observations({ indicatorId: indicator.id });
    if (observations.length === 0) continue;
    const [release] = await statistics.releases(indicator.id);
    const source = indicator.source as { organisation?: string; url?: string; licence?: string };
    // The Open SDG layout has room only for SDG-numbered indicators; others (a publisher's
    // own, read with a recipe) are written in the tidy format, which imports as well.
    const sdg = isSdgNumber(indicator.id);
    const { csv, columns } = sdg ? openSdgTable(observations) : tidyCsv(indicator.id, observations);
    const name = `indicator_${fileId(indicator.id)}.csv`;
    await write(`data/${name}`, csv);
    await write(
      `data/${name}-metadata.json`,
      JSON.stringify(
        {
          '@context': 'http://www.w3.org/ns/csvw',
          url: name,
          'dc:title': `${indicator.id} ${indicator.title}`,
          'dc:publisher': source.organisation ?? null,
          'dc:source': source.url ?? null,
          'dc:license': OGL_URL,
          'dc:modified': release?.releasedAt ?? null,
          tableSchema: { columns },
        },
        null,
        2,
      ),
    );
    if (sdg)
      await write(
        `meta/${fileId(indicator.id)}.md`,
        [
          '---',
          `indicator_number: '${indicator.id}'`,
          `indicator_available: ${JSON.stringify(indicator.title)}`,
          ...(source.organisation
            ? [`source_organisation_1: ${JSON.stringify(source.organisation)}`]
            : []),
          ...(source.url ? [`source_url_1: ${JSON.stringify(source.url)}`] : []),
          '---',
          '',
        ].join('\n'),
      );
    await write(
      `json/indicator_${fileId(indicator.id)}.json`,
      JSON.stringify({
        indicator: { ...indicator, meta: undefined },
        licence: OGL_URL,
        release,
        observations,
      }),
    );
  }
  await write(
    'json/missions.json',
    JSON.stringify({ licence: OGL_URL, missions: await missions.list() }),
  );
  await write('catalogue.json', JSON.stringify({ licence: OGL_URL, files: [...written] }, null, 2));
  return written;
}
