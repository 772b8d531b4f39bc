// Publishing statistics through the workspace, in process against a seeded embedded database:
// upload (multipart, CSRF checked before the file is read), located problems, the preview of
// new and revised figures, publish now or under embargo, pre-release access and its log, and
// refusals that store nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createServices, createWebApp, type Runtime } from '../../compose.ts';
import { fixedClock } from '../../clock.ts';
import { ROOT } from '../../config.ts';
import { pgliteRuntime, postgresRuntime } from '../../../test/support/runtime.ts';
import {
  addPerson,
  client,
  csrfTokenOf,
  signedIn,
  type Client,
} from '../../../test/support/workspace.ts';

const ORIGINAL = fs.readFileSync(
  path.join(ROOT, 'data', 'uk-sdg', 'data', 'indicator_8-1-1.csv'),
  'utf8',
);
const SERIES = 'Annual growth rate of real GDP per capita,Percentage (%),Units,Normal value';

/** 8.1.1 as published, with 2022 revised from 3.4 to 3.9 and a new year, 2023. */
const REVISED = `${ORIGINAL.trimEnd().replace(/^2022,(.*),3\.4$/m, '2022,$1,3.9')}\n2023,${SERIES},0.6\n`;
/** The same with a figure that is not a number, on line 26, in column 6. */
const BROKEN = `${REVISED}2024,${SERIES},n/a-ish\n`;

/** Posts `file` as the upload form does: the token first, then the file. */
async function upload(
  app: FastifyInstance,
  client: Client,
  file: { name: string; text: string },
  options: { token?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const token =
    options.token === undefined
      ? csrfTokenOf((await client.get('/manage/statistics/upload')).body)
      : options.token;
  const form = new FormData();
  if (token) form.append('_csrf', token);
  form.append('file', new Blob([file.text], { type: 'text/csv' }), file.name);
  const encoded = new Response(form);
  return app.inject({
    method: 'POST',
    url: '/manage/statistics/upload',
    payload: Buffer.from(await encoded.arrayBuffer()),
    headers: {
      'content-type': encoded.headers.get('content-type')!,
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

/** The text of a page, tags and entities aside, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('publishing statistics through the workspace', { timeout: 300_000 }, () => {
  const clock = fixedClock(new Date());
  let runtime: Runtime;
  let app: FastifyInstance;
  let publisher: Client;

  const counts = async () => {
    const [row] = await runtime.db.query<{ releases: number; uploads: number; events: number }>(
      `select (select count(*)::int from releases) as releases,
              (select count(*)::int from statistics_uploads) as uploads,
              (select count(*)::int from audit_events) as events`,
    );
    return row!;
  };
  const figures = async (indicator: string) =>
    (
      JSON.parse((await app.inject(`/api/v1/indicators/${indicator}/observations`)).body) as {
        observations: { period: { label: string }; value: number | null }[];
      }
    ).observations.map((o) => ({ period: o.period.label, value: o.value }));

  before(async () => {
    runtime = await pgliteRuntime({ seed: true, clock });
    // The seeded releases were published as the copy was made: start the clock after them.
    clock.set(new Date());
    app = await createWebApp(runtime.services);
    publisher = await signedIn(app, runtime, { role: 'statistics-publisher', scope: '8.1.1' });
  });
  after(async () => {
    await app?.close();
    await runtime?.close();
  });

  it('lists the releases of the indicators the publisher publishes', async () => {
    const page = await publisher.get('/manage/statistics');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /You publish indicator 8\.1\.1/);
    assert.match(text, /1 release, the latest first/);
    assert.match(text, /Published Published at/);
    assert.doesNotMatch(text, /3\.a\.1/, 'no release of another indicator');
  });

  it('shows every problem of a file located, and stores nothing', async () => {
    const before = await counts();
    const response = await upload(app, publisher, { name: 'indicator_8-1-1.csv', text: BROKEN });
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /indicator_8-1-1\.csv, row 26, column 6: /);
    assert.match(text, /indicator_8-1-1\.csv has 1 problem\. Fix it and upload the file again\./);
    assert.deepEqual(await counts(), before, 'nothing stored');
  });

  let preview = '';
  it('previews the fixed file: its new period and its revised figure, old and new', async () => {
    const before = await counts();
    const response = await upload(app, publisher, { name: 'indicator_8-1-1.csv', text: REVISED });
    assert.equal(response.statusCode, 303, response.body.slice(0, 2000));
    preview = response.headers.location as string;
    assert.match(preview, /^\/manage\/statistics\/uploads\/[\w-]{22}$/);
    const page = await publisher.get(preview);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Figures in the file 24 /);
    assert.match(text, /Figures in the release it replaces 23 /);
    assert.match(text, /New figures 1 /);
    assert.match(text, /Revised figures 1 /);
    assert.match(text, /New periods 2023 /);
    assert.match(
      text,
      /24 Annual growth rate of real GDP per capita, Percentage \(%\)[^]*? 2022 3\.4 3\.9/,
    );
    const after = await counts();
    assert.equal(after.releases, before.releases, 'no release stored');
    assert.equal(after.events, before.events, 'nothing in the change log');
    assert.equal(after.uploads, before.uploads + 1, 'the file is kept for publishing');
    assert.equal(
      (await figures('8.1.1')).find((f) => f.period === '2022')?.value,
      3.4,
      'the public figure is unchanged',
    );
    // Another session cannot open it.
    const other = await signedIn(
      app,
      runtime,
      { role: 'statistics-publisher', scope: '8.1.1' },
      'second.publisher@example.gov.uk',
    );
    assert.equal((await other.get(preview)).statusCode, 404);
  });

  it('asks for a reason and a real future time before publishing', async () => {
    const noReason = await publisher.post(preview, { when: 'now' }, { formPage: preview });
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /Enter the reason for publishing this release/);
    const past = await publisher.post(
      preview,
      {
        when: 'embargo',
        'releaseDate-day': '1',
        'releaseDate-month': '1',
        'releaseDate-year': '2020',
        'releaseTime-hour': '9',
        'releaseTime-minute': '30',
        reason: 'Quarterly update',
      },
      { formPage: preview },
    );
    assert.equal(past.statusCode, 400);
    assert.match(textOf(past.body), /The time of the release must be in the future/);
    const unreal = await publisher.post(
      preview,
      {
        when: 'embargo',
        'releaseDate-day': '30',
        'releaseDate-month': '2',
        'releaseDate-year': '2099',
        'releaseTime-hour': '9',
        'releaseTime-minute': '30',
        reason: 'Quarterly update',
      },
      { formPage: preview },
    );
    assert.equal(unreal.statusCode, 400);
    assert.match(textOf(unreal.body), /The date of the release must be a real date/);
  });

  it('publishes now, after checking the answers, through the import', async () => {
    const answers = { when: 'now', reason: 'Revised GDP figures for 2022 and the first for 2023' };
    const check = await publisher.post(preview, answers, { formPage: preview });
    assert.equal(check.statusCode, 200);
    assert.match(textOf(check.body), /Check the release before publishing it/);
    const published = await publisher.post(
      preview,
      { ...answers, confirm: 'yes' },
      {
        formPage: preview,
      },
    );
    assert.equal(published.statusCode, 200, published.body.slice(0, 2000));
    assert.match(textOf(published.body), /Release published/);
    const public2022 = (await figures('8.1.1')).find((f) => f.period === '2022');
    assert.equal(public2022?.value, 3.9, 'the revised figure is public');
    const [latest] = await runtime.services.statistics.allReleases('8.1.1');
    assert.equal(latest?.loadedBy, 'statistics-publisher.8.1.1@example.gov.uk');
    assert.equal(latest?.sourceFile, 'indicator_8-1-1.csv');
    const list = textOf((await publisher.get('/manage/statistics')).body);
    assert.match(list, /Revised GDP figures for 2022 and the first for 2023/);
    // The public change log names the person and gives their reason.
    const changes = textOf((await client(app).get('/changes')).body);
    assert.match(
      changes,
      /Revised GDP figures for 2022 and the first for 2023 \(data imported from indicator_8-1-1\.csv\)/,
    );
    // The upload is gone: publishing it twice is not possible.
    assert.equal((await publisher.get(preview)).statusCode, 404);
    assert.equal((await counts()).uploads, 0);
    assert.equal((await runtime.services.audit.verify()).ok, true, 'the change log verifies');
  });

  it('refuses a file with an indicator the person does not publish, storing nothing', async () => {
    const before = await counts();
    const tidy =
      'indicator,series,unit,area,period,value\n' +
      '8.1.1,Annual growth rate of real GDP per capita,Percentage (%),K02000001,2030,1.5\n' +
      '7.1.1,Proportion of population with access to electricity,Percentage (%),K02000001,2030,100\n';
    const response = await upload(app, publisher, { name: 'both.csv', text: tidy });
    assert.equal(response.statusCode, 403);
    assert.match(textOf(response.body), /You cannot publish indicator 7\.1\.1/);
    // A publisher of another indicator, with this one's file.
    const otherPublisher = await signedIn(app, runtime, {
      role: 'statistics-publisher',
      scope: '7.1.1',
    });
    const other = await upload(app, otherPublisher, { name: 'indicator_8-1-1.csv', text: REVISED });
    assert.equal(other.statusCode, 403);
    assert.match(textOf(other.body), /You cannot publish indicator 8\.1\.1/);
    assert.equal((await otherPublisher.get('/manage/statistics')).statusCode, 200);
    assert.doesNotMatch(
      textOf((await otherPublisher.get('/manage/statistics')).body),
      /8\.1\.1/,
      'nor are its releases listed',
    );
    assert.deepEqual(await counts(), before);
  });

  it('refuses an upload without the form’s token before reading it, storing nothing', async () => {
    const before = await counts();
    for (const token of [null, 'not-the-token']) {
      const response = await upload(
        app,
        publisher,
        { name: 'indicator_8-1-1.csv', text: REVISED },
        { token },
      );
      assert.equal(response.statusCode, 403, `token ${token}`);
      assert.match(textOf(response.body), /did not come from this service/);
    }
    assert.deepEqual(await counts(), before);
  });

  it('says how large a file may be', async () => {
    const small = createServices(runtime.db, runtime.stores, runtime.geography, clock, {
      maxFileBytes: 1024,
    });
    const limited = await createWebApp(small);
    try {
      const client = await signedIn(limited, runtime, {
        role: 'statistics-publisher',
        scope: '8.1.1',
      });
      const before = await counts();
      const response = await upload(limited, client, {
        name: 'indicator_8-1-1.csv',
        text: REVISED,
      });
      assert.equal(response.statusCode, 400);
      assert.match(textOf(response.body), /The file must be smaller than 1 KB/);
      assert.deepEqual(await counts(), before);
    } finally {
      await limited.close();
    }
  });

  describe('an embargoed release', () => {
    const MARKER = '2.7183';
    const releaseAt = () => new Date(Math.ceil(clock.now().getTime() / 60_000 + 60) * 60_000);
    let releasedAt: Date;
    let releasePage = '';
    const reader = 'reader@example.gov.uk';

    it('is published under embargo until a time', async () => {
      const file = `${REVISED}2024,${SERIES},${MARKER}\n`;
      const response = await upload(app, publisher, { name: 'indicator_8-1-1.csv', text: file });
      assert.equal(response.statusCode, 303);
      const preview = response.headers.location as string;
      releasedAt = releaseAt();
      const london = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      }).formatToParts(releasedAt);
      const part = (type: string) => london.find((p) => p.type === type)!.value;
      const answers = {
        when: 'embargo',
        'releaseDate-day': part('day'),
        'releaseDate-month': part('month'),
        'releaseDate-year': part('year'),
        'releaseTime-hour': part('hour'),
        'releaseTime-minute': part('minute'),
        reason: 'The 2024 figure, for release next hour',
      };
      const published = await publisher.post(
        preview,
        { ...answers, confirm: 'yes' },
        { formPage: preview },
      );
      assert.equal(published.statusCode, 200, published.body.slice(0, 2000));
      assert.match(textOf(published.body), /Release embargoed Until .* UK time/);
      const [latest] = await runtime.services.statistics.allReleases('8.1.1');
      assert.equal(latest?.releasedAt, releasedAt.toISOString());
      releasePage = `/manage/statistics/releases/${latest!.id}`;
      assert.match(published.body, new RegExp(`href="${releasePage}"`));
    });

    it('is on no public page or answer before its time', async () => {
      for (const url of [
        '/indicators/8.1.1',
        '/api/v1/indicators/8.1.1/observations',
        '/api/v1/indicators/8.1.1/observations?format=csv',
      ]) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 200, url);
        assert.doesNotMatch(response.body, /2\.718/, `${url} shows the embargoed figure`);
      }
      assert.equal(
        (await figures('8.1.1')).some((f) => f.period === '2024'),
        false,
      );
    });

    it('is seen before its time by the people on its list, each view logged', async () => {
      await addPerson(runtime, reader, { role: 'reviewer', scope: '' }, 'Pat Reader');
      const add = await publisher.post(
        `${releasePage}/access`,
        { action: 'add', email: reader, reason: 'Briefs the minister on the day' },
        { formPage: releasePage },
      );
      assert.equal(add.statusCode, 200, add.body.slice(0, 2000));
      assert.match(textOf(add.body), /Pat Reader can now see the release/);

      const readerClient = await signedIn(app, runtime, { role: 'reviewer', scope: '' }, reader);
      const list = await readerClient.get('/manage/statistics/pre-release');
      assert.match(list.body, new RegExp(`href="${releasePage}"`));
      const seen = await readerClient.get(releasePage);
      assert.equal(seen.statusCode, 200);
      assert.match(textOf(seen.body), /2\.718/, 'the embargoed figure');
      assert.match(textOf(seen.body), /Your view has been recorded/);

      const log = textOf((await publisher.get(releasePage)).body);
      assert.match(log, /Pat Reader Viewed before its release/);
      assert.match(log, /Pre-release access given to reader@example\.gov\.uk Briefs the minister/);
      const [viewed] = await runtime.db.query<{ actor: string; at: Date | string }>(
        "select actor, at from release_events where action = 'viewed'",
      );
      assert.equal(viewed?.actor, 'Pat Reader');
      assert.equal(new Date(viewed!.at).getTime(), clock.now().getTime());
    });

    it('is not found by anyone else', async () => {
      const stranger = await signedIn(
        app,
        runtime,
        { role: 'reviewer', scope: '' },
        'not.listed@example.gov.uk',
      );
      assert.equal((await stranger.get(releasePage)).statusCode, 404);
      const otherPublisher = await signedIn(app, runtime, {
        role: 'statistics-publisher',
        scope: '7.1.1',
      });
      assert.equal((await otherPublisher.get(releasePage)).statusCode, 404);
      const add = await otherPublisher.post(
        `${releasePage}/access`,
        { action: 'add', email: 'not.listed@example.gov.uk', reason: 'Curious' },
        { formPage: '/manage/statistics' },
      );
      assert.equal(add.statusCode, 403, 'only its publishers keep the list');
      const anonymous = await app.inject(releasePage);
      assert.equal(anonymous.statusCode, 303);
      assert.match(anonymous.headers.location as string, /^\/sign-in/);
    });

    it('is public from its time on, and pre-release access ends', async () => {
      // The 2024 row, its figure shown to the one place the series' other figures have.
      const row2024 = /scope="row" class="govuk-table__header">2024<\/th>\s*<td[^>]*>2\.7</;
      clock.set(new Date(releasedAt.getTime() - 1));
      assert.doesNotMatch((await app.inject('/indicators/8.1.1')).body, row2024);
      // Past its time, and past the response cache's next look at the version.
      clock.set(new Date(releasedAt.getTime() + 1100));
      assert.match((await app.inject('/indicators/8.1.1')).body, row2024);
      assert.equal((await figures('8.1.1')).find((f) => f.period === '2024')?.value, 2.7183);
      const readerClient = await signedIn(app, runtime, { role: 'reviewer', scope: '' }, reader);
      assert.equal((await readerClient.get(releasePage)).statusCode, 404);
    });
  });
});

describe('publishing statistics through the workspace on PostgreSQL', { timeout: 300_000 }, () => {
  let runtime: Runtime;
  let app: FastifyInstance;

  before(async () => {
    runtime = await postgresRuntime('northstar_statistics_workspace', { seed: true });
    app = await createWebApp(runtime.services);
  });
  after(async () => {
    await app?.close();
    await runtime?.close();
  });

  it('previews without storing, publishes under embargo, and logs a pre-release view', async () => {
    const publisher = await signedIn(app, runtime, {
      role: 'statistics-publisher',
      scope: '8.1.1',
    });
    const [before] = await runtime.services.statistics.allReleases('8.1.1');
    const response = await upload(app, publisher, { name: 'indicator_8-1-1.csv', text: REVISED });
    assert.equal(response.statusCode, 303);
    const preview = response.headers.location as string;
    const text = textOf((await publisher.get(preview)).body);
    assert.match(text, /Revised figures 1 /);
    assert.match(text, /New periods 2023 /);
    assert.deepEqual(await runtime.services.statistics.allReleases('8.1.1'), [before]);

    const published = await publisher.post(
      preview,
      {
        when: 'embargo',
        'releaseDate-day': '1',
        'releaseDate-month': '7',
        'releaseDate-year': '2099',
        'releaseTime-hour': '9',
        'releaseTime-minute': '30',
        reason: 'Revised GDP figures',
        confirm: 'yes',
      },
      { formPage: preview },
    );
    assert.equal(published.statusCode, 200);
    const [latest] = await runtime.services.statistics.allReleases('8.1.1');
    assert.equal(latest?.releasedAt, '2099-07-01T08:30:00.000Z', '9:30am BST');
    const page = `/manage/statistics/releases/${latest.id}`;
    await addPerson(runtime, 'pat.reader@example.gov.uk', { role: 'reviewer', scope: '' });
    const add = await publisher.post(
      `${page}/access`,
      { action: 'add', email: 'pat.reader@example.gov.uk', reason: 'Briefing' },
      { formPage: page },
    );
    assert.equal(add.statusCode, 200);
    const reader = await signedIn(
      app,
      runtime,
      { role: 'reviewer', scope: '' },
      'pat.reader@example.gov.uk',
    );
    assert.equal((await reader.get(page)).statusCode, 200);
    assert.deepEqual(
      (
        await runtime.db.query<{ action: string }>(
          'select action from release_events where release_id = $1 order by id',
          [latest.id],
        )
      ).map((e) => e.action),
      ['published', 'granted', 'viewed'],
    );
    assert.equal((await runtime.services.audit.verify()).ok, true);
  });
});
