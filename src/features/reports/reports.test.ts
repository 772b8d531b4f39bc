// The annual report to Parliament: made twice for the same date it is the same bytes in every
// format, its hashes are recorded once and `audit verify` passes; its PDF and Word text hold
// every goal with its status as at the date; the Word file has real headings, header rows and
// alt text; the annex holds the figures; an evaluation recorded after the date is not in it; the
// published page shows the hashes and serves the frozen bytes; only editors may make it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { fixedClock } from '../../clock.ts';
import { createWebApp, type Runtime } from '../../compose.ts';
import { statusLabels } from '../../domain/status.ts';
import { chromiumAvailable } from '../../platform/pdf.ts';
import { hasPdfTools, pdfText } from '../../../test/support/pdf.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';
import { client, signedIn } from '../../../test/support/workspace.ts';
import { gatherAnnualReport } from './annual.ts';
import { reportPublicPages } from './pages.ts';
import { makeAnnualReport } from './reports.ts';
import { sha256 } from './render.ts';

const DAY = '2026-03-31';
const key = { governmentSlug: 'uk', kind: 'annual' as const, day: DAY };
const meta = { actor: 'A mission editor', reason: 'Annual report' };
const clock = fixedClock('2026-02-01T10:00:00Z');

const evaluation = (title: string, level: 3 | 5) => ({
  project: 'planning-reform',
  title,
  type: 'impact',
  method: level === 5 ? 'randomised-trial' : 'difference-in-differences',
  status: 'complete',
  evaluator: 'An evaluation team',
  plannedStart: '2025-01-01',
  plannedReport: '2026-01-01',
  actualReport: '2026-01-15',
  evidenceLevel: level,
  evidenceReason: 'Example reason',
});

describe('the annual report to Parliament', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let first: Awaited<ReturnType<typeof makeAnnualReport>>;

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    const { governance } = runtime.services;
    // One evaluation recorded before the report's date, one after it.
    await governance.save(
      {
        kind: 'evaluation',
        missionSlug: 'growth',
        visibility: 'public',
        content: evaluation('Before the date', 3),
      },
      meta,
    );
    clock.set('2026-05-01T10:00:00Z');
    await governance.save(
      {
        kind: 'evaluation',
        missionSlug: 'growth',
        visibility: 'public',
        content: evaluation('After the date', 5),
      },
      meta,
    );
    clock.set('2026-06-01T10:00:00Z');
    app = await createWebApp(runtime.services);
    first = await makeAnnualReport(runtime.services, key, meta);
  });
  after(async () => {
    await app?.close();
    await runtime?.close();
  });

  it('is the same bytes when made again, and records its hashes once', async () => {
    assert.equal(first.recorded, true);
    const names = first.files.map((f) => f.name);
    assert.ok(names.includes('annual-report-uk-2026-03-31.html'));
    assert.ok(names.includes('annual-report-uk-2026-03-31.docx'));
    assert.ok(names.includes('annual-report-uk-2026-03-31-data.csv'));
    if (chromiumAvailable()) assert.ok(names.includes('annual-report-uk-2026-03-31.pdf'));
    const again = await makeAnnualReport(runtime.services, key, meta);
    assert.equal(again.recorded, false);
    assert.deepEqual(
      again.files.map((f) => [f.name, sha256(f.bytes)]),
      first.files.map((f) => [f.name, f.sha256]),
    );
    const events = await runtime.services.audit.list({ entityTypes: ['report'] });
    assert.equal(events.length, 1);
    assert.deepEqual(
      (events[0]!.after as { files: Record<string, string> }).files,
      Object.fromEntries(first.files.map((f) => [f.name, f.sha256])),
    );
    const verified = await runtime.services.audit.verify();
    assert.equal(verified.ok, true, JSON.stringify(verified));
  });

  it('states every goal with its status as at the date, in the PDF and the Word file', async () => {
    const report = (await gatherAnnualReport(runtime.services, 'uk', DAY))!;
    const goals = report.missions.flatMap((m) => m.goals.map((g) => g.goal));
    assert.ok(goals.length >= 20, `${goals.length} goals`);
    const docx = first.files.find((f) => f.name.endsWith('.docx'))!;
    const xml = Buffer.from(unzipSync(new Uint8Array(docx.bytes))['word/document.xml']!).toString();
    const wordText = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1])
      .join(' ');
    const unescape = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&apos;', "'");
    const pdf = first.files.find((f) => f.name.endsWith('.pdf'));
    const printed = pdf && hasPdfTools ? pdfText(pdf.bytes) : undefined;
    for (const goal of goals) {
      const status = statusLabels[goal.assessment.status];
      assert.ok(unescape(wordText).includes(goal.statement), `Word: ${goal.statement}`);
      assert.ok(unescape(wordText).includes(`Status: ${status}.`));
      if (printed) {
        const words = goal.statement.split(/\s+/).slice(0, 6).join(' ');
        assert.ok(printed.includes(words), `PDF: ${words}`);
      }
    }
    if (printed) for (const m of report.missions) assert.ok(printed.includes(m.mission.title));
  });

  it('writes a Word file with real headings, header rows and alt text', () => {
    const docx = first.files.find((f) => f.name.endsWith('.docx'))!;
    const xml = Buffer.from(unzipSync(new Uint8Array(docx.bytes))['word/document.xml']!).toString();
    for (const style of ['Heading1', 'Heading2', 'Heading3'])
      assert.match(xml, new RegExp(`<w:pStyle w:val="${style}"/>`));
    const tables = xml.match(/<w:tbl>/g)?.length ?? 0;
    assert.ok(tables > 5);
    assert.equal(xml.match(/<w:tblHeader\/>/g)?.length, tables);
    const pictures = [...xml.matchAll(/<wp:docPr [^>]*>/g)].map((m) => m[0]);
    if (chromiumAvailable()) assert.ok(pictures.length > 0);
    for (const picture of pictures) assert.match(picture, /descr="Chart of [^"]{20,}"/);
  });

  it('holds in its annex every figure of its goals, and only what was recorded by the date', async () => {
    const csv = first.files.find((f) => f.name.endsWith('-data.csv'))!.bytes.toString();
    const report = (await gatherAnnualReport(runtime.services, 'uk', DAY))!;
    const latest = report.missions.flatMap((m) => m.goals).filter((g) => g.goal.assessment.latest);
    for (const { goal } of latest)
      assert.ok(
        csv.includes(
          `${goal.slug},latest,${goal.assessment.latest!.period},${goal.assessment.latest!.value}`,
        ),
        `${goal.slug} latest`,
      );
    const html = first.files.find((f) => f.name.endsWith('.html'))!.bytes.toString();
    assert.match(html, /Before the date/);
    assert.doesNotMatch(html, /After the date/);
    assert.match(html, /1 of \d+ projects have a completed impact evaluation: 1 at level 3/);
  });

  it('is published with its hashes and serves the frozen bytes', async () => {
    const page = await app.inject('/reports/uk/annual/2026-03-31');
    assert.equal(page.statusCode, 200);
    for (const f of first.files) assert.ok(page.body.includes(f.sha256), f.name);
    const html = first.files.find((f) => f.name.endsWith('.html'))!;
    const served = await app.inject(`/reports/uk/annual/2026-03-31/${html.name}`);
    assert.equal(served.statusCode, 200);
    assert.equal(sha256(served.rawPayload), html.sha256);
    assert.match(String(served.headers['content-security-policy']), /style-src 'sha256-/);
    // Kept by the response cache, it keeps its own policy.
    const again = await app.inject(`/reports/uk/annual/2026-03-31/${html.name}`);
    assert.equal(again.headers['x-cache'], 'hit');
    assert.equal(
      again.headers['content-security-policy'],
      served.headers['content-security-policy'],
    );
    assert.equal((await app.inject('/reports/uk/annual/2026-03-30')).statusCode, 404);
    assert.match((await app.inject('/reports')).body, /reports\/uk\/annual\/2026-03-31/);
    // The published copy holds the page and every file.
    const published = await reportPublicPages(runtime.services);
    for (const f of first.files)
      assert.ok(published.includes(`/reports/uk/annual/2026-03-31/${f.name}`), f.name);
  });

  it('has its page and the list in Welsh, the files named as they are', async () => {
    const page = await app.inject('/cy/reports/uk/annual/2026-03-31');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cy"/);
    assert.match(
      page.body,
      /<h1 class="govuk-heading-xl">Adroddiad blynyddol i’r Senedd, fel ar 31 Mawrth 2026<\/h1>/,
    );
    assert.match(page.body, /Sut i wirio copi/);
    assert.match(page.body, /<td class="govuk-table__cell">Tudalen we \(HTML\)<\/td>/);
    for (const f of first.files) assert.ok(page.body.includes(f.sha256), f.name);
    const list = await app.inject('/cy/reports');
    assert.match(list.body, /<h1 class="govuk-heading-xl">Adroddiadau i’r Senedd<\/h1>/);
    assert.match(
      list.body,
      /href="\/cy\/reports\/uk\/annual\/2026-03-31">Adroddiad blynyddol i’r Senedd/,
    );
  });

  it('is made from the workspace by a mission editor, with a located error for a bad date', async () => {
    const editor = await signedIn(app, runtime, { role: 'mission-editor', scope: 'uk' });
    const url = '/manage/reports/uk/annual';
    const bad = await editor.post(url, { asAt: '2026-02-30', reason: 'Test' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#asAt"/);
    const made = await editor.post(url, { asAt: '2026-01-31', reason: 'Test' });
    assert.equal(made.statusCode, 303);
    assert.equal(made.headers.location, '/reports/uk/annual/2026-01-31?made=1');
    const [event] = await runtime.services.audit.list({ entityTypes: ['report'], limit: 1 });
    assert.equal(event!.entityId, 'uk/annual/2026-01-31');
    const anonymous = await client(app).post(url, { asAt: '2026-01-30', reason: 'Test' });
    assert.notEqual(anonymous.statusCode, 303);
  });
});
