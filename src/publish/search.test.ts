// What Pagefind is given of a page: its language and its <main>, without its tables of figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexable } from './search.ts';

test('gives Pagefind the main part of a page without its tables of figures', () => {
  const page = [
    '<!DOCTYPE html><html lang="cy"><head><title>Hartlepool</title></head><body>',
    '<header>Northstar</header><main id="main-content"><h1>Hartlepool</h1>',
    '<table class="govuk-table" data-pagefind-ignore><caption>Goals with figures</caption>',
    '<tr><td>Smoke-free</td><td>11.2%</td></tr></table>',
    '<p>Prose between the tables.</p>',
    '<table class="govuk-table"><caption>Milestones</caption><tr><td>Plan published</td></tr></table>',
    '<table data-pagefind-ignore class="govuk-table"><tr><td>7.86</td></tr></table>',
    '</main><footer>Crown copyright</footer></body></html>',
  ].join('\n');
  const indexed = indexable(page);
  assert.match(indexed, /^<html lang="cy"><body><main id="main-content"><h1>Hartlepool<\/h1>/);
  for (const kept of ['Prose between the tables.', 'Milestones', 'Plan published'])
    assert.ok(indexed.includes(kept), kept);
  for (const dropped of ['Smoke-free', '11.2%', '7.86', 'Northstar', 'Crown copyright'])
    assert.ok(!indexed.includes(dropped), dropped);
});

test('gives Pagefind a page without a <main> whole', () => {
  const page = '<!DOCTYPE html><html lang="en"><body><p>A file of its own</p></body></html>';
  assert.equal(indexable(page), page);
});
