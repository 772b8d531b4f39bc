// The annual report's files from its blocks: an HTML document that fetches nothing, the same
// printed as a tagged PDF by Chromium, a Word file with real headings, header rows and alt text,
// and the data annex as CSV with CSVW metadata. Every file is the same bytes for the same report:
// the dates stamped in the PDF and the Word file are the report's own date, never the moment it
// was made.
import { createHash } from 'node:crypto';
import {
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { toCsv } from '../../platform/csv/write.ts';
import { chromiumAvailable, printPdf, printStyles, svgsAsPngs } from '../../platform/pdf.ts';
import { OGL_URL } from '../statistics/openData.ts';
import type { AnnualReport } from './annual.ts';
import { ANNEX_HEADER, annexRows, reportBlocks, type Block } from './document.ts';

export interface ReportFile {
  name: string;
  mediaType: string;
  bytes: Buffer;
  sha256: string;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

// HTML ---------------------------------------------------------------------------------------

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'heading': {
      const size = { 1: 'xl', 2: 'l', 3: 'm' }[block.level];
      const id = block.id ? ` id="${escapeHtml(block.id)}"` : '';
      return `<h${block.level} class="govuk-heading-${size}"${id}>${escapeHtml(block.text)}</h${block.level}>`;
    }
    case 'paragraph':
      return `<p class="govuk-body${block.lead ? '-l' : ''}">${escapeHtml(block.text)}</p>`;
    case 'warning':
      return `<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning: </span>${escapeHtml(block.text)}</strong></div>`;
    case 'list':
      return `<ul class="govuk-list govuk-list--bullet">${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const numeric = (i: number) => (block.numeric?.[i] ? '--numeric' : '');
      const head = block.head
        .map(
          (h, i) =>
            `<th scope="col" class="govuk-table__header${numeric(i) && ` govuk-table__header${numeric(i)}`}">${escapeHtml(h)}</th>`,
        )
        .join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr class="govuk-table__row">${row
              .map((cell, i) =>
                i === 0
                  ? `<th scope="row" class="govuk-table__header">${escapeHtml(cell)}</th>`
                  : `<td class="govuk-table__cell${numeric(i) && ` govuk-table__cell${numeric(i)}`}">${escapeHtml(cell)}</td>`,
              )
              .join('')}</tr>`,
        )
        .join('');
      // A wide table scrolls sideways on its own, in a region a keyboard can reach.
      return `<div class="ns-scroll" role="region" aria-label="${escapeHtml(block.caption)}" tabindex="0"><table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">${escapeHtml(block.caption)}</caption><thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead><tbody class="govuk-table__body">${rows}</tbody></table></div>`;
    }
    case 'figure':
      // The chart's SVG is Northstar's own drawing, its text escaped where it is drawn.
      return `<figure class="ns-figure ns-report-figure">${block.svg}<figcaption class="govuk-body-s">${escapeHtml(block.caption)}</figcaption></figure>`;
  }
}

/** The report as one HTML document, its styles inline: it fetches nothing. */
export async function reportHtml(report: AnnualReport, blocks: Block[]): Promise<string> {
  const contents = blocks
    .filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.level === 2)
    .filter((b) => b.id)
    .map(
      (b) =>
        `<li><a class="govuk-link" href="#${escapeHtml(b.id!)}">${escapeHtml(b.text)}</a></li>`,
    )
    .join('');
  const [title, ...rest] = blocks;
  return `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.title)}</title>
<meta name="author" content="${escapeHtml(report.government.name)}">
<meta name="description" content="${escapeHtml(report.title)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${await printStyles()}
@page { size: A4; }
html, body { margin: 0; background: #fff; }
.ns-report { max-width: 960px; margin: 0 auto; padding: 20px; }
h1, h2, h3, caption { break-after: avoid-page; }
tr, figure { break-inside: avoid; }
.ns-report-figure svg { width: 100%; height: auto; }
@media print { .ns-report { max-width: none; padding: 0; } }
</style>
</head>
<body class="govuk-template__body">
<main class="govuk-main-wrapper ns-report" id="main-content">
${blockHtml(title!)}
<nav aria-label="Contents"><h2 class="govuk-heading-s">Contents</h2><ol class="govuk-list govuk-list--number govuk-list--spaced">${contents}</ol></nav>
${rest.map(blockHtml).join('\n')}
</main>
</body>
</html>
`;
}

// Word ---------------------------------------------------------------------------------------

const headingLevels = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

/** A PNG's size in pixels, from its header. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const cell = (text: string, header: boolean) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })] });

function wordBlocks(blocks: Block[], pngs: Buffer[] | undefined): (Paragraph | Table)[] {
  let figure = 0;
  return blocks.flatMap((block): (Paragraph | Table)[] => {
    switch (block.type) {
      case 'heading':
        return [new Paragraph({ text: block.text, heading: headingLevels[block.level] })];
      case 'paragraph':
      case 'warning':
        return [new Paragraph({ text: block.text })];
      case 'list':
        return block.items.map((text) => new Paragraph({ text, bullet: { level: 0 } }));
      case 'table':
        return [
          new Paragraph({ children: [new TextRun({ text: block.caption, bold: true })] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              // A header row Word repeats on each page and reads out as the table's headers.
              new TableRow({ tableHeader: true, children: block.head.map((h) => cell(h, true)) }),
              ...block.rows.map(
                (row) => new TableRow({ children: row.map((text, i) => cell(text, i === 0)) }),
              ),
            ],
          }),
        ];
      case 'figure': {
        const png = pngs?.[figure++];
        if (!png)
          return [
            new Paragraph({
              text: `${block.caption} The chart is in the HTML and PDF editions; its figures are in the table that follows.`,
            }),
          ];
        const { width, height } = pngSize(png);
        const shown = 600;
        return [
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: png,
                transformation: { width: shown, height: Math.round((shown * height) / width) },
                altText: { name: `Chart ${figure}`, title: block.caption, description: block.alt },
              }),
            ],
          }),
          new Paragraph({ text: block.caption }),
        ];
      }
    }
  });
}

/**
 * Packs a Word file and makes it the same bytes each time: its stated dates set to `at`, its
 * drawings numbered in order, and every part of the zip dated `at`.
 */
async function packWord(document: Document, at: Date): Promise<Buffer> {
  const parts = unzipSync(new Uint8Array(await Packer.toBuffer(document)));
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const zippable: Zippable = {};
  for (const name of Object.keys(parts).sort()) {
    let xml = Buffer.from(parts[name]!).toString('utf8');
    if (name === 'docProps/core.xml')
      xml = xml.replace(
        /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
        (_m, open: string, _f, close: string) => `${open}${stamp}${close}`,
      );
    if (name === 'word/document.xml') {
      let n = 0;
      xml = xml.replace(/(<wp:docPr id=")\d+(")/g, (_m, a: string, b: string) => `${a}${++n}${b}`);
    }
    zippable[name] = name.endsWith('.xml') || name.endsWith('.rels') ? strToU8(xml) : parts[name]!;
  }
  return Buffer.from(zipSync(zippable, { mtime: at, level: 6 }));
}

async function reportWord(report: AnnualReport, blocks: Block[], pngs: Buffer[] | undefined) {
  const document = new Document({
    title: report.title,
    creator: report.government.name,
    lastModifiedBy: report.government.name,
    description: report.title,
    sections: [{ children: wordBlocks(blocks, pngs) }],
  });
  return packWord(document, new Date(`${report.day}T00:00:00Z`));
}

// The annex ---------------------------------------------------------------------------------

function annexFiles(report: AnnualReport, name: string) {
  const rows = annexRows(report);
  const csv = toCsv(
    ANNEX_HEADER,
    rows.map((r) => ANNEX_HEADER.map((h) => r[h as keyof typeof r])),
  );
  const metadata = {
    '@context': 'http://www.w3.org/ns/csvw',
    url: name,
    'dc:title': `${report.title}: data annex`,
    'dc:publisher': report.government.name,
    'dc:license': OGL_URL,
    'dc:date': report.day,
    tableSchema: {
      columns: ANNEX_HEADER.map((h) => ({
        name: h,
        titles: h,
        datatype: h === 'value' ? 'double' : 'string',
      })),
      primaryKey: ['mission', 'goal', 'figure', 'period'],
    },
  };
  return { csv, metadata: `${JSON.stringify(metadata, null, 2)}\n` };
}

// Every file ----------------------------------------------------------------------------------

/** The name every file of a report starts with: `annual-report-uk-2026-03-31`. */
export const reportBaseName = (report: Pick<AnnualReport, 'kind' | 'government' | 'day'>) =>
  `${report.kind}-report-${report.government.slug}-${report.day}`;

/**
 * Every file of the report. Without Chromium there is no PDF and the Word file has no chart
 * pictures (their tables are there): `missing` says so.
 */
export async function renderReport(report: AnnualReport) {
  const base = reportBaseName(report);
  const annexName = `${base}-data.csv`;
  const blocks = reportBlocks(report, annexName);
  const html = await reportHtml(report, blocks);
  const printable = chromiumAvailable();
  const svgs = blocks.flatMap((b) => (b.type === 'figure' ? [b.svg] : []));
  const pngs = printable ? await svgsAsPngs(svgs, 720) : undefined;
  const annex = annexFiles(report, annexName);
  const file = (name: string, mediaType: string, bytes: Buffer): ReportFile => ({
    name,
    mediaType,
    bytes,
    sha256: sha256(bytes),
  });
  const files = [
    file(`${base}.html`, 'text/html; charset=utf-8', Buffer.from(html)),
    ...(printable
      ? [
          file(
            `${base}.pdf`,
            'application/pdf',
            await printPdf(html, new Date(`${report.day}T00:00:00Z`)),
          ),
        ]
      : []),
    file(
      `${base}.docx`,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      await reportWord(report, blocks, pngs),
    ),
    file(annexName, 'text/csv; charset=utf-8', Buffer.from(annex.csv)),
    file(`${annexName}-metadata.json`, 'application/csvm+json', Buffer.from(annex.metadata)),
  ];
  return { files, missing: printable ? [] : ['pdf', 'chart pictures in the Word file'] };
}
