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

test("where figures are the county's, its districts are drawn with the county's figure", async () => {
  const html = (await site.app.inject('/map?goal=opportunity/early-years')).body;
  const table = html.split('<tbody')[1]?.split('</tbody>')[0] ?? '';
  // Kent is in the table, and Ashford, one of its districts, on the map with Kent's figure.
  const kent = /href="\/areas\/E10000016">Kent<\/a><\/th>\s*<td[^>]*>([^<(]+)\(/.exec(table);
  assert.ok(kent, 'Kent is listed');
  const ashford = /<title>Ashford: ([^<]+)<\/title>/.exec(html);
  assert.ok(ashford, 'Ashford is on the map');
  assert.equal(ashford[1], `${kent[1]!.trim()} (2024/25, the figure for Kent)`);
  assert.match(html, /its districts are shown with the county’s figure/);
  // A unitary authority keeps its own figure, and smoking, counted by district, needs no note.
  assert.match(html, /<title>Medway: [\d.]+% \(2024\/25\)<\/title>/);
  const smoking = (await site.app.inject('/map?goal=nhs/smoke-free')).body;
  assert.doesNotMatch(smoking, /the figure for|shown with the county/);
});

test("the map's key has bands that do not share a figure", async () => {
  const html = (await site.app.inject('/map?goal=nhs/smoke-free')).body;
  const bands = [...html.matchAll(/ns-key__hex ns-band-\d"><\/span>([\d.]+)% to ([\d.]+)%/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as const,
  );
  assert.equal(bands.length, 5, html.slice(html.indexOf('ns-key'), html.indexOf('ns-key') + 600));
  for (let i = 1; i < bands.length; i++)
    assert.ok(bands[i]![0] > bands[i - 1]![1], `band ${i} starts after band ${i - 1} ends`);
});

test("a district's page shows its county's figure where the county alone is counted", async () => {
  const html = (await site.app.inject('/areas/E07000008')).body; // Cambridge
  const table = html.split('<table')[1]?.split('</table>')[0] ?? '';
  assert.match(table, /goals with figures for Cambridge, Cambridgeshire or East of England/);
  assert.match(table, /<th[^>]*>Cambridgeshire<\/th>/);
  // Early years are counted by the county: the row shows no figure for Cambridge, and the
  // county's figure beside it.
  const row = table.split('<tr').find((r) => r.includes('goals/early-years')) ?? '';
  const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, ''),
  );
  assert.equal(cells[0], 'No figure');
  assert.match(cells[1] ?? '', /^[\d.]+% \(2024\/25\)$/);
  assert.doesNotMatch(html.split('Other goals covering')[1] ?? '', /goals\/early-years/);
  // The goal's own area's figure is named by its area, and said to be of another period only
  // when it is.
  const own = cells.at(-1)!;
  assert.match(own, /^England: [\d.]+% \(2024\/25\)$/, own);
  const smoking = table.split('<tr').find((r) => r.includes('goals/smoke-free')) ?? '';
  assert.doesNotMatch(smoking, /not the same period/);
  // A unitary authority has no county column.
  const medway = (await site.app.inject('/areas/E06000035')).body;
  assert.match(medway, /goals with figures for Medway or South East</);
  assert.match(medway, /goals\/early-years/);
});

test("a Welsh council's page shows the figures for Wales where the council has none", async () => {
  const html = (await site.app.inject('/areas/W06000015')).body; // Cardiff
  const table = html.split('<table')[1]?.split('</table>')[0] ?? '';
  assert.match(table, /goals with figures for Cardiff or Wales</);
  const row = table.split('<tr').find((r) => r.includes('goals/renewable-capacity')) ?? '';
  const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, '').trim(),
  );
  assert.equal(cells[0], 'No figure');
  assert.match(cells[1]!, /^[\d,]+ watts per person \(\d{4}\)$/);
  assert.match(cells[2]!, /^United Kingdom: [\d,]+ watts per person \(\d{4}\)$/);
  // A goal with no figure here, in Wales or in the UK is listed apart.
  assert.match(html.split('Other goals covering Cardiff')[1] ?? '', /goals\/offshore-wind/);
});

test('the area search finds an area by its Welsh name, as the Welsh page suggests', async () => {
  const found = async (url: string) => {
    const html = (await site.app.inject(url)).body;
    return [...html.matchAll(/href="\/(?:cy\/)?areas\/([A-Z]\d{8})"/g)].map((m) => m[1]!);
  };
  // The Welsh page's own example, and a Welsh council by its Welsh name, in either language.
  assert.match((await site.app.inject('/cy/areas')).body, /Camden, North East neu Cymru/);
  assert.ok((await found('/cy/areas?q=Cymru')).includes('W92000004'));
  assert.ok((await found('/cy/areas?q=caerdydd')).includes('W06000015'));
  assert.ok((await found('/areas?q=Ynys%20M%C3%B4n')).includes('W06000001'));
  // English names still find them.
  assert.ok((await found('/cy/areas?q=Cardiff')).includes('W06000015'));
});

test('the areas within a region are listed by name', async () => {
  const html = (await site.app.inject('/areas/E12000008')).body; // South East
  const list = html.split('Areas within South East')[1]?.split('</ul>')[0] ?? '';
  const names = [...list.matchAll(/href="\/areas\/[A-Z]\d{8}">([^<]+)</g)].map((m) => m[1]!);
  assert.ok(names.length > 50, `${names.length} areas`);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b, 'en-GB')),
  );
  assert.ok(names.includes('Kent') && names.includes('Sevenoaks'));
});
