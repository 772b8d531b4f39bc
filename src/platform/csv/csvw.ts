// A table of open data as a CSV file beside its W3C CSVW metadata (CSV on the Web): each column
// with its title and datatype, so a reader's tools know a date from a number from text. A blank
// cell in a column that is not text is a value not given.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noQuery } from '../http/params.ts';
import { toCsv } from './write.ts';

/** A column: its header, its CSVW datatype, and its value in a row. */
export type Column<T> = [title: string, datatype: string, value: (row: T) => unknown];

export interface CsvTable<T> {
  /** Where the CSV is served, like `/pledges.csv`; the metadata is at `${path}-metadata.json`. */
  path: string;
  title: string;
  description: string;
  license: string;
  columns: Column<T>[];
  /** The columns (by header) that together name a row. */
  primaryKey: string[];
  rows(): Promise<T[]>;
}

const nameOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** The CSV and its metadata: the two paths the published copy keeps. */
export const csvPaths = (table: Pick<CsvTable<unknown>, 'path'>) => [
  table.path,
  `${table.path}-metadata.json`,
];

export function serveCsvTable<T>(app: FastifyInstance, table: CsvTable<T>) {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const file = table.path.split('/').at(-1)!;
  const [csvPath, metadataPath] = csvPaths(table);
  pages.get(csvPath!, { schema: { querystring: noQuery } }, async (_req, reply) => {
    const rows = await table.rows();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(
        toCsv(
          table.columns.map(([title]) => title),
          rows.map((row) => table.columns.map(([, , value]) => value(row))),
        ),
      );
  });
  pages.get(metadataPath!, { schema: { querystring: noQuery } }, async (_req, reply) =>
    reply.type('application/csvm+json; charset=utf-8').send(
      JSON.stringify(
        {
          '@context': 'http://www.w3.org/ns/csvw',
          url: file,
          'dc:title': table.title,
          'dc:description': table.description,
          'dc:license': table.license,
          tableSchema: {
            columns: table.columns.map(([title, datatype]) => ({
              name: nameOf(title),
              titles: title,
              datatype,
              ...(datatype === 'string' ? {} : { null: '' }),
            })),
            primaryKey: table.primaryKey.map(nameOf),
          },
        },
        null,
        2,
      ),
    ),
  );
}
