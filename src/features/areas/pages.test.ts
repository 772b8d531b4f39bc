// The map of local authorities as its readers see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededSite } from '../../../test/support/runtime.ts';

const site = seededSite();

test("the map's table lists the authorities on the map, not those since merged", async () => {
  const html = (await site.app.inject('/map?goal=nhs/smoke-free')).body;
  const table = html.split('<tbody')[1]?.split('</tbody>')[0] ?? '';
  const rows = [...table.matchAll(/href="\/areas\/([A-Z]\d{8})"/g)].map((m) => m[1]!);
  assert.ok(rows.length > 250, `${rows.length} authorities`);
  // Bournemouth and Poole (merged in 2019), Allerdale (into Cumberland in 2023).
  for (const gone of ['E06000028', 'E06000029', 'E07000026'])
    assert.ok(!rows.includes(gone), `${gone} is not listed`);
  const onMap = new Set([...html.matchAll(/<title>([^<:]+):/g)].map((m) => m[1]!));
  const named = [...table.matchAll(/href="\/areas\/[A-Z]\d{8}">([^<]+)</g)].map((m) => m[1]!);
  for (const name of named) assert.ok(onMap.has(name), `${name} is on the map`);
});
