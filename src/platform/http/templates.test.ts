// Pages render links from data defensively: a record stored before addresses were checked (or
// written around the checks) never becomes a link that runs a script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWebApp } from '../../compose.ts';
import { pageContentSecurityPolicy } from './security.ts';
import { pgliteRuntime } from '../../../test/support/runtime.ts';

test('a stored source whose address could run a script is shown as text, not a link', async (t) => {
  const runtime = await pgliteRuntime({ seed: true });
  t.after(() => runtime.close());
  const hostile = [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
  ];
  for (const url of hostile) {
    const source = JSON.stringify({ title: 'The plan', url });
    await runtime.db.query(`update missions set source = $1 where slug = 'nhs'`, [source]);
    await runtime.db.query(
      `update goals set source = $1 where mission_slug = 'nhs' and slug = 'smoke-free'`,
      [source],
    );
    const app = await createWebApp(runtime.services);
    for (const page of ['/missions/nhs', '/missions/nhs/goals/smoke-free']) {
      const html = (await app.inject(page)).body;
      assert.match(html, /The plan/, `${page}: the source is named`);
      assert.doesNotMatch(html, /href="[^"]*(script|data):/i, `${page}: no link to ${url}`);
    }
    await app.close();
  }
  // A web address is still a link.
  const source = JSON.stringify({ title: 'The plan', url: 'https://www.gov.uk/plan' });
  await runtime.db.query(`update missions set source = $1 where slug = 'nhs'`, [source]);
  const app = await createWebApp(runtime.services);
  t.after(() => app.close());
  assert.match(
    (await app.inject('/missions/nhs')).body,
    /<a class="govuk-link" href="https:\/\/www.gov.uk\/plan">The plan<\/a>/,
  );
});

test('every page states the security policy in its head, for copies served without the header', async (t) => {
  const runtime = await pgliteRuntime({ seed: true });
  t.after(() => runtime.close());
  const app = await createWebApp(runtime.services);
  t.after(() => app.close());
  const html = (await app.inject('/missions/nhs')).body;
  const head = html.slice(0, html.indexOf('</head>'));
  const meta = `<meta http-equiv="Content-Security-Policy" content="${pageContentSecurityPolicy.replace(/'/g, '&#39;')}">`;
  assert.ok(head.includes(meta), head);
  assert.ok(head.indexOf(meta) < head.indexOf('<link'), 'before anything it governs');
  assert.doesNotMatch(pageContentSecurityPolicy, /frame-ancestors/, 'ignored in a meta element');
});

test('the footer carries the licence with its logo and the copyright; the main content is what search indexes', async (t) => {
  const runtime = await pgliteRuntime({ seed: true });
  t.after(() => runtime.close());
  const app = await createWebApp(runtime.services);
  t.after(() => app.close());
  const html = (await app.inject('/methodology')).body;
  const footer = html.slice(html.indexOf('<footer'));
  assert.match(
    footer,
    /<svg aria-hidden="true" focusable="false" class="govuk-footer__licence-logo"/,
  );
  assert.match(
    footer,
    /govuk-footer__licence-description">All content is available under the\s+<a class="govuk-footer__link" href="https:\/\/www.nationalarchives.gov.uk\/doc\/open-government-licence\/version\/3\/" rel="license">/,
  );
  assert.match(
    footer,
    /class="govuk-footer__link govuk-footer__copyright-logo"[^>]*>© Crown copyright</,
  );
  // The published copy's search reads <main> only: not the header and footer of every page.
  assert.match(html, /<main class="govuk-main-wrapper" id="main-content"\s+data-pagefind-body="">/);
  assert.equal(html.match(/data-pagefind-body/g)?.length, 1);
});

test('the phase banner asks for feedback, sent to the address the site is given, if any', async (t) => {
  const runtime = await pgliteRuntime({ seed: true });
  t.after(() => runtime.close());
  const given = await createWebApp(runtime.services, { contactEmail: 'missions@example.gov.uk' });
  const none = await createWebApp(runtime.services);
  t.after(() => Promise.all([given.close(), none.close()]));

  const overview = (await given.inject('/')).body;
  const banner = overview.slice(overview.indexOf('govuk-phase-banner'));
  assert.match(banner, /Your <a class="govuk-link" href="\/feedback">feedback<\/a> will help/);
  // GOV.UK Frontend's enhancements load as a module from the site itself.
  assert.match(overview, /<script type="module" src="\/assets\/northstar.js"><\/script>/);
  assert.equal((await given.inject('/assets/northstar.js')).statusCode, 200);
  assert.equal((await given.inject('/assets/govuk-frontend.min.js')).statusCode, 200);

  for (const page of ['/feedback', '/accessibility']) {
    const withAddress = (await given.inject(page)).body;
    assert.match(withAddress, /href="mailto:missions@example.gov.uk[?"]/, page);
    const without = (await none.inject(page)).body;
    assert.doesNotMatch(without, /mailto:/, page);
    assert.match(without, /has not yet given an address/, page);
  }
});
