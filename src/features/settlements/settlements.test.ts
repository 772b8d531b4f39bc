// Funding settlements end to end, in process on the real database: a file imported is on the
// mission's page and the area's (and the pages of areas within it) beside the goals it serves,
// in the API and the open data; importing it again changes nothing, a changed file records the
// change and audit verify agrees with what is stored. Bad rows are located errors with nothing
// saved; in the workspace an editor of another government is refused and nothing changes; text
// from a file is escaped wherever it is shown.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { ROOT } from '../../config.ts';
import { formatProblem } from '../statistics/readers/problem.ts';
import { saveGovernment } from '../missions/writes.ts';
import { decode, formFields } from '../../../test/support/forms.ts';
import { pgliteRuntime, postgresRuntime } from '../../../test/support/runtime.ts';
import { client, signedIn, type Client } from '../../../test/support/workspace.ts';
import { SettlementsFileError } from './file.ts';
import { financialYearStart, poundsInWords } from './settlement.ts';

const HEADER =
  'settlement,government,area,title,financial_year,amount_gbp,serves,conditions,outcomes,source,source_url';
const LONDON = 'E12000007';
const CAMDEN = 'E09000007';

/** A settlement for London serving two growth goals, over three years. */
const londonRows = (title = 'London housing and skills settlement', last = 500_000) =>
  [
    ['2025-26', 1_200_000],
    ['2026-27', 2_500_000],
    ['2027-28', last],
  ].map(([year, amount]) =>
    [
      'london-2025',
      'uk',
      LONDON,
      `"${title}"`,
      year,
      amount,
      'growth/homes; growth/youth-neet',
      '"Spent on housing and skills, reported yearly"',
      '"More homes built in London => growth/homes | Fewer young people out of work or training => growth/youth-neet | A yearly report"',
      'Test fixture',
      'https://example.org/settlement',
    ].join(','),
  );
const file = (...rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join('\n') + '\n');

describe('funding settlements', () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let runtime: Runtime;
  let app: FastifyInstance;
  let visitor: Client;

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    app = await createWebApp(runtime.services, { limits: false });
    visitor = client(app);
  });
  after(async () => {
    await app.close();
    await runtime.close();
  });

  const importBytes = async (bytes: Uint8Array, reason = 'Settled') =>
    runtime.services.settlements.import(await runtime.services.settlements.read('s.csv', bytes), {
      actor: 'test',
      reason,
    });
  const tables = () =>
    runtime.db.query(
      `select (select count(*)::int from settlements) as s, (select count(*)::int from settlement_amounts) as a,
         (select count(*)::int from audit_events where entity_type = 'settlement') as e`,
    );

  it('says amounts in words and reads financial years', () => {
    assert.equal(poundsInWords(450_000), '£450,000');
    assert.equal(poundsInWords(1_200_000), '£1.2 million');
    assert.equal(poundsInWords(12_345_678), '£12.3 million');
    assert.equal(poundsInWords(999_999_999), '£1 billion');
    assert.equal(poundsInWords(2_345_000_000), '£2.35 billion');
    assert.equal(poundsInWords(0), '£0');
    assert.equal(financialYearStart('2025-26'), 2025);
    assert.equal(financialYearStart('1999-00'), 1999);
    assert.match(String(financialYearStart('2025-27')), /not consecutive/);
    assert.match(String(financialYearStart('2025/26')), /not a financial year/);
  });

  it('refuses a file with bad rows, every problem located, and saves nothing', async () => {
    const bad = file(
      ...londonRows(),
      // line 5: unknown government; line 6: an area Northstar does not know, a bad year and a
      // negative amount; line 7: a goal that does not exist; line 8: a title that differs from
      // its settlement's first row, a decimal amount and a year given twice.
      'other,nowhere,E09000007,Other,2025-26,100,,,,,',
      'bad-area,uk,E99999999,Bad,2025-27,-5,,,,,',
      'bad-goal,uk,E09000007,Bad goal,2025-26,5,growth/no-such-goal,,,,',
      'london-2025,uk,E12000007,Another title,2025-26,10.5,"growth/homes; growth/youth-neet","Spent on housing and skills, reported yearly","More homes built in London => growth/homes | Fewer young people out of work or training => growth/youth-neet | A yearly report",Test fixture,https://example.org/settlement',
      'camden-cash,camden,E12000002,Camden in the north west,2025-26,5,,,,,',
      'linked,uk,E09000007,Linked,2025-26,5,growth/homes,,Homes => growth/youth-neet,,javascript:alert(1)',
    );
    const error = await runtime.services.settlements.read('bad.csv', bad).catch((e: unknown) => e);
    assert.ok(error instanceof SettlementsFileError);
    const lines = error.problems.map(formatProblem);
    const expect = [
      /^bad\.csv:5:2: error: there is no government nowhere/,
      /^bad\.csv:6:3: error: E99999999 is not an ONS GSS code Northstar knows/,
      /^bad\.csv:6:5: error: the two years of 2025-27 are not consecutive/,
      /^bad\.csv:6:6: error: an amount cannot be negative/,
      /^bad\.csv:7:7: error: there is no goal growth\/no-such-goal/,
      /^bad\.csv:8:4: error: title is not the same as on line 2/,
      /^bad\.csv:8:5: error: london-2025 has an amount for 2025-26 already/,
      /^bad\.csv:8:6: error: "10\.5" is not in whole pounds/,
      /^bad\.csv:9:3: error: North West \(E12000002\) is not within Camden Council's area/,
      /^bad\.csv:10:9: error: the outcome "Homes" is linked to growth\/youth-neet, which linked does not serve/,
      /^bad\.csv:10:11: error: "javascript:alert\(1\)" is not a web address/,
    ];
    for (const pattern of expect)
      assert.ok(
        lines.some((l) => pattern.test(l)),
        `${pattern} not in:\n${lines.join('\n')}`,
      );
    assert.deepEqual(await tables(), [{ s: 0, a: 0, e: 0 }], 'nothing saved');

    const header = await runtime.services.settlements
      .read('h.csv', new TextEncoder().encode('settlement,government,are,title\n'))
      .catch((e: unknown) => e);
    assert.ok(header instanceof SettlementsFileError);
    assert.match(
      header.problems.map(formatProblem).join('\n'),
      /h\.csv:1:3: error: no column may be headed "are"/,
    );
    const latin1 = await runtime.services.settlements
      .read('l.csv', Buffer.concat([file(...londonRows()), Buffer.from([0xa3, 0x0a])]))
      .catch((e: unknown) => e);
    assert.ok(latin1 instanceof SettlementsFileError);
    assert.match(formatProblem(latin1.problems[0]!), /^l\.csv:5:1: error: .*not valid UTF-8/);
  });

  it('imports a file: the mission page, the area pages, the API and the open data show it', async () => {
    const done = await importBytes(file(...londonRows()));
    assert.equal(done.created.length, 1);
    assert.equal(done.changes, 1);

    const mission = await visitor.get('/missions/growth');
    assert.equal(mission.statusCode, 200);
    const section = decode(mission.body.slice(mission.body.indexOf('id="settlements"')));
    assert.match(section, /href="\/settlements\/london-2025">London housing and skills settlement/);
    assert.match(
      section,
      /£4\.2 million over 3 financial years, 2025-26 to 2027-28, from UK Government for/,
    );
    assert.match(section, /2026-27<\/th>\s*<td[^>]*>£2\.5 million<\/td>\s*<td[^>]*>£2,500,000/);
    assert.match(section, /£500,000/);
    // The goals it serves, linked, with their status now; each outcome with its goal.
    assert.match(
      section,
      /href="\/missions\/growth\/goals\/homes">[^<]+<\/a> <span[^>]*>\(Kickstart economic growth\)<\/span> <strong class="govuk-tag/,
    );
    assert.match(
      section,
      /More homes built in London<br><span class="govuk-body-s">Measured by the goal:<\/span> <a class="govuk-link" href="\/missions\/growth\/goals\/homes">/,
    );
    assert.match(section, /A yearly report <span class="govuk-body-s">\(not linked to a goal\)/);

    const other = await visitor.get('/missions/nhs');
    assert.match(other.body, /No funding settlement has been published for it yet/);

    for (const code of [LONDON, CAMDEN]) {
      const area = await visitor.get(`/areas/${code}`);
      assert.equal(area.statusCode, 200);
      assert.match(
        area.body,
        /href="\/settlements\/london-2025">London housing and skills settlement/,
        code,
      );
    }
    assert.doesNotMatch((await visitor.get('/areas/E12000002')).body, /london-2025/);

    const page = await visitor.get('/settlements/london-2025');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="https:\/\/example.org\/settlement">Test fixture<\/a>/);
    assert.equal((await visitor.get('/settlements/no-such')).statusCode, 404);
    assert.match((await visitor.get('/settlements')).body, /£4\.2 million/);

    const api = async (query: string) => {
      const response = await visitor.get(`/api/v1/settlements${query}`);
      assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
      return (response.json() as { settlements: { id: string }[] }).settlements.map((s) => s.id);
    };
    const [all] = ((await visitor.get('/api/v1/settlements')).json() as { settlements: unknown[] })
      .settlements;
    assert.deepEqual(all, {
      id: 'london-2025',
      government: 'uk',
      area: LONDON,
      areaName: 'London',
      title: 'London housing and skills settlement',
      amounts: [
        { financialYear: '2025-26', amountGbp: 1_200_000 },
        { financialYear: '2026-27', amountGbp: 2_500_000 },
        { financialYear: '2027-28', amountGbp: 500_000 },
      ],
      totalGbp: 4_200_000,
      serves: [
        { mission: 'growth', goal: 'homes' },
        { mission: 'growth', goal: 'youth-neet' },
      ],
      outcomes: [
        { text: 'More homes built in London', mission: 'growth', goal: 'homes' },
        {
          text: 'Fewer young people out of work or training',
          mission: 'growth',
          goal: 'youth-neet',
        },
        { text: 'A yearly report', mission: null, goal: null },
      ],
      conditions: 'Spent on housing and skills, reported yearly',
      source: 'Test fixture',
      sourceUrl: 'https://example.org/settlement',
    });
    assert.deepEqual(await api('?mission=growth'), ['london-2025']);
    assert.deepEqual(await api('?mission=nhs'), []);
    assert.deepEqual(await api(`?area=${CAMDEN}`), ['london-2025']);
    assert.deepEqual(await api('?area=E12000002'), []);
    assert.deepEqual(await api('?government=uk'), ['london-2025']);
    assert.deepEqual(await api('?government=camden'), []);
    assert.equal((await visitor.get('/api/v1/settlements?colour=red')).statusCode, 400);
    assert.equal((await visitor.get('/api/v1/settlements?area=camden')).statusCode, 400);

    const csv = await visitor.get('/settlements.csv');
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body.split('\r\n').filter(Boolean).length, 4, 'a header and three years');
    const metadata = (await visitor.get('/settlements.csv-metadata.json')).json() as {
      tableSchema: { primaryKey: string[] };
    };
    assert.deepEqual(metadata.tableSchema.primaryKey, ['settlement', 'financial_year']);

    // The open data is in the import's format: loading it again changes nothing.
    const again = await importBytes(new TextEncoder().encode(csv.body), 'The open data again');
    assert.equal(again.changes, 0);
    assert.equal(again.unchanged.length, 1);
  });

  it('reads a settlement, the list and a mission’s section in Welsh, its own words in English', async () => {
    const page = await visitor.get('/cy/settlements/london-2025');
    assert.equal(page.statusCode, 200);
    const body = decode(page.body);
    assert.match(body, /<html lang="cy"/);
    assert.match(body, /Setliad ariannu gan <span lang="en">UK Government<\/span>/);
    assert.match(body, /£4\.2 miliwn dros 3 blwyddyn ariannol, 2025-26 i 2027-28\./);
    assert.match(body, /2026-27<\/th>\s*<td[^>]*>£2\.5 miliwn<\/td>/);
    assert.match(body, /Cyfanswm, 2025-26 i 2027-28/);
    assert.match(
      body,
      /<span lang="en">A yearly report<\/span> <span class="govuk-body-s">\(heb ei gysylltu â nod\)/,
    );
    assert.match(body, /lang="en">Spent on housing and skills, reported yearly</);
    const list = decode((await visitor.get('/cy/settlements')).body);
    assert.match(list, /<h1 class="govuk-heading-xl">Setliadau ariannu<\/h1>/);
    assert.match(list, /<td[^>]*>£4\.2 miliwn<\/td>/);
    const mission = decode((await visitor.get('/cy/missions/growth')).body);
    const section = mission.slice(mission.indexOf('id="settlements"'));
    assert.match(section, /£4\.2 miliwn dros 3 blwyddyn ariannol, 2025-26 i 2027-28, gan/);
  });

  it('records nothing for the same file again, and one change for a changed file', async () => {
    const [before] = await tables();
    assert.equal((await importBytes(file(...londonRows()))).changes, 0);
    assert.deepEqual(await tables(), [before]);

    const changed = await importBytes(file(...londonRows(undefined, 750_000)), 'Third year raised');
    assert.equal(changed.changes, 1);
    assert.equal(changed.changed.length, 1);
    const [event] = await runtime.services.audit.list({ entityTypes: ['settlement'], limit: 1 });
    assert.equal(event!.action, 'update');
    assert.equal(event!.reason, 'Third year raised');
    assert.match((await visitor.get('/settlements/london-2025')).body, /£4\.45 million/);

    assert.deepEqual(await runtime.services.audit.verify(), {
      ok: true,
      count: (await runtime.services.audit.chain()).length,
      head: (await runtime.services.audit.chain()).at(-1)!.hash,
    });
    // A row changed behind the log's back is found.
    await runtime.db.query(
      `update settlement_amounts set amount_gbp = 1 where settlement_id = 'london-2025' and financial_year = '2025-26'`,
    );
    const verified = await runtime.services.audit.verify();
    assert.equal(verified.ok, false);
    assert.match(
      JSON.stringify(verified),
      /settlement london-2025 is not as its last recorded change/,
    );
    await runtime.db.query(
      `update settlement_amounts set amount_gbp = 1200000 where settlement_id = 'london-2025' and financial_year = '2025-26'`,
    );
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });

  it('lets a government’s editors import in the workspace; another government’s are refused and nothing changes', async () => {
    const uk = await signedIn(app, runtime, { role: 'mission-editor', scope: 'uk' });
    const camden = await signedIn(app, runtime, { role: 'mission-editor', scope: 'camden' });
    const hostile = '<script>alert(1)</script>';
    const csv = [
      HEADER,
      `uk-camden-${'a'},uk,${CAMDEN},"Camden ${hostile} fund",2025-26,450000,growth/homes,"Conditions ${hostile}","Homes ${hostile} => growth/homes",Source ${hostile},`,
    ].join('\n');

    // Camden's editor may not touch the UK's settlements, by the UK's form or Camden's.
    const [stored] = await tables();
    const refused = await camden.post(
      '/manage/settlements/uk',
      { csv, reason: 'Taking over' },
      {
        formPage: '/manage/settlements/camden',
      },
    );
    assert.equal(refused.statusCode, 403);
    const removal = await camden.post(
      '/manage/settlements/uk/london-2025/remove',
      { reason: 'Taking over' },
      { formPage: '/manage/settlements/camden' },
    );
    assert.equal(removal.statusCode, 403);
    const ownForm = await camden.post('/manage/settlements/camden', { csv, reason: 'Sneaky' });
    assert.equal(ownForm.statusCode, 400);
    assert.match(
      decode(ownForm.body),
      /Line 2, column 2: uk-camden-a is UK Government's settlement: here you can import only Camden Council's/,
    );
    const list = await camden.get('/manage/settlements');
    assert.doesNotMatch(list.body, /manage\/settlements\/uk"/);
    assert.deepEqual(await tables(), [stored], 'nothing changed');

    // Bad text: the error summary, each problem located; nothing saved.
    const bad = await uk.post('/manage/settlements/uk', {
      csv: `${HEADER}\nx,uk,${CAMDEN},X,2025-26,"1,000",,,,,`,
      reason: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(decode(bad.body), /Line 2, column 6: "1,000" is not an amount/);
    assert.match(bad.body, /href="#reason">Enter a reason/);
    assert.deepEqual(await tables(), [stored]);

    // Good text: checked, then saved.
    const check = await uk.post('/manage/settlements/uk', { csv, reason: 'New fund' });
    assert.equal(check.statusCode, 200);
    assert.match(decode(check.body), /New settlements[\s\S]*uk-camden-a/);
    assert.deepEqual(await tables(), [stored], 'not saved before the check');
    const fields = formFields(check.body);
    assert.equal(fields.csv!.replace(/\r\n/g, '\n'), csv);
    const saved = await uk.post(
      '/manage/settlements/uk',
      { ...fields, confirm: 'yes' },
      {
        formPage: '/manage/settlements/uk',
      },
    );
    assert.equal(saved.statusCode, 303, saved.body);
    assert.match((await uk.get('/manage/settlements?done=imported')).body, /uk-camden-a/);

    // Hostile text from the file is inert everywhere it is shown.
    for (const url of [
      '/settlements/uk-camden-a',
      '/missions/growth',
      `/areas/${CAMDEN}`,
      '/settlements',
      '/manage/settlements',
    ]) {
      const body = (await (url.startsWith('/manage') ? uk : visitor).get(url)).body;
      assert.doesNotMatch(body, /<script>alert/, url);
      assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, url);
    }

    // Removed on the record by its own government's editor.
    const gone = await uk.post('/manage/settlements/uk/uk-camden-a/remove', {
      reason: 'Withdrawn',
    });
    assert.equal(gone.statusCode, 303);
    assert.equal((await visitor.get('/settlements/uk-camden-a')).statusCode, 404);
    const [event] = await runtime.services.audit.list({ entityTypes: ['settlement'], limit: 1 });
    assert.equal(event!.action, 'delete');
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });

  it('ships an example file, labelled as one, that reads cleanly', async () => {
    const example = fs.readFileSync(path.join(ROOT, 'examples', 'settlements-example.csv'));
    const read = await runtime.services.settlements.read('example.csv', example);
    assert.equal(read.length, 2);
    for (const { settlement } of read) {
      assert.match(settlement.title, /^Example: /);
      assert.match(settlement.conditions, /MADE-UP FIGURES/);
    }
    assert.equal(
      (await runtime.services.settlements.list()).some((s) => s.id.startsWith('example-')),
      false,
      'not loaded on first start',
    );
  });
});

describe('funding settlements on PostgreSQL', () => {
  it('stores and reads a settlement as the embedded engine does: amounts as numbers, the same file again records nothing', async () => {
    const runtime = await postgresRuntime('northstar_settlements');
    try {
      const { services, geography } = runtime;
      await services.areas.save(geography.areas);
      await services.audit.change({ actor: 'test', reason: 'A government' }, (c) =>
        saveGovernment(c, { slug: 'uk', name: 'UK Government', area: 'K02000001' }),
      );
      const rows = [
        'big,uk,E47000001,A big one,2025-26,9007199254740991,,,First | Second,,',
        'big,uk,E47000001,A big one,2024-25,0,,,First | Second,,',
      ];
      const import_ = async () =>
        services.settlements.import(await services.settlements.read('pg.csv', file(...rows)), {
          actor: 'test',
          reason: 'On PostgreSQL',
        });
      assert.equal((await import_()).changes, 1);
      assert.deepEqual(await services.settlements.get('big'), {
        id: 'big',
        government: 'uk',
        area: 'E47000001',
        title: 'A big one',
        conditions: '',
        source: '',
        sourceUrl: null,
        amounts: [
          { year: '2024-25', amountGbp: 0 },
          { year: '2025-26', amountGbp: Number.MAX_SAFE_INTEGER },
        ],
        serves: [],
        outcomes: [
          { text: 'First', goal: null },
          { text: 'Second', goal: null },
        ],
      });
      assert.equal((await import_()).changes, 0);
      assert.equal((await services.audit.verify()).ok, true);
    } finally {
      await runtime.close();
    }
  });
});
