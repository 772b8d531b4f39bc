// Golden cases for adding up local targets and rolling up local figures. The areas are real
// (Camden and Islington in London, Newcastle in the North East); the figures are examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUp,
  areasWithin,
  divisionSchema,
  rollUp,
  type Division,
  type LocalTarget,
} from './localTargets.ts';
import type { AreaLevel } from './area.ts';

const ENGLAND = 'E92000001';
const LONDON = 'E12000007';
const CAMDEN = 'E09000007';
const ISLINGTON = 'E09000019';
const NEWCASTLE = 'E08000021';
const GLASGOW = 'S12000049';
const areas: { code: string; level: AreaLevel; current: boolean; parentCode: string | null }[] = [
  { code: 'K02000001', level: 'uk', current: true, parentCode: null },
  { code: ENGLAND, level: 'country', current: true, parentCode: 'K02000001' },
  { code: 'S92000003', level: 'country', current: true, parentCode: 'K02000001' },
  { code: LONDON, level: 'region', current: true, parentCode: ENGLAND },
  { code: 'E12000001', level: 'region', current: true, parentCode: ENGLAND },
  { code: CAMDEN, level: 'la', current: true, parentCode: LONDON },
  { code: ISLINGTON, level: 'la', current: true, parentCode: LONDON },
  { code: NEWCASTLE, level: 'la', current: true, parentCode: 'E12000001' },
  { code: GLASGOW, level: 'la', current: true, parentCode: 'S92000003' },
];
const parents = new Map(areas.map((a) => [a.code, a]));
const englishAuthorities = areasWithin(ENGLAND, 'la', areas, parents);

const counts: Division = divisionSchema.parse({ level: 'la', method: 'sum' });
const rates: Division = divisionSchema.parse({
  level: 'la',
  method: 'weighted-mean',
  weightsSource: 'Example weights',
  totalWeight: 500,
});
const target = (areaCode: string, value: number, weight: number | null = null): LocalTarget => ({
  areaCode,
  value,
  weight,
  setBy: 'uk',
});
const homes = (targets: LocalTarget[], comparator: '>=' | '<=' = '>=', division = counts) =>
  addUp({
    national: { value: 300, comparator },
    goalArea: ENGLAND,
    division,
    targets,
    areas: englishAuthorities,
    parents,
  });

test('the areas a division must cover: current ones of its level within the goal’s area', () => {
  assert.deepEqual(englishAuthorities, [CAMDEN, ISLINGTON, NEWCASTLE]);
});

test('counts add up by their sum; the gap is what no area has taken on', () => {
  const all = homes([target(CAMDEN, 100), target(ISLINGTON, 120), target(NEWCASTLE, 80)]);
  assert.equal(all.allocated, 300);
  assert.equal(all.gap, 0);
  assert.deepEqual(all.missing, []);
  assert.equal(all.addsUp, true);

  const short = homes([target(CAMDEN, 100), target(ISLINGTON, 120)]);
  assert.equal(short.allocated, 220);
  assert.equal(short.gap, 80);
  assert.deepEqual(short.missing, [NEWCASTLE]);
  assert.equal(short.addsUp, false);

  // Changing one local target changes the gap by exactly that amount.
  const raised = homes([target(CAMDEN, 130), target(ISLINGTON, 120)]);
  assert.equal(short.gap! - raised.gap!, 30);

  const over = homes([target(CAMDEN, 100), target(ISLINGTON, 120), target(NEWCASTLE, 110)]);
  assert.equal(over.gap, -30, 'over-allocated by 30');
  assert.equal(over.addsUp, true);
});

test('a ceiling is met only when every area is capped within it', () => {
  const capped = homes([target(CAMDEN, 100), target(ISLINGTON, 100)], '<=');
  assert.equal(capped.gap, 100);
  assert.equal(capped.addsUp, false, 'Newcastle has no cap');
  const all = homes([target(CAMDEN, 100), target(ISLINGTON, 100), target(NEWCASTLE, 90)], '<=');
  assert.equal(all.addsUp, true);
  const over = homes([target(CAMDEN, 100), target(ISLINGTON, 100), target(NEWCASTLE, 110)], '<=');
  assert.equal(over.gap, -10);
  assert.equal(over.addsUp, false);
});

test('rates add up by their mean weighted by each area’s weight', () => {
  const national = { value: 70, comparator: '>=' as const };
  const all = addUp({
    national,
    goalArea: ENGLAND,
    division: rates,
    targets: [target(CAMDEN, 72, 200), target(ISLINGTON, 68, 200), target(NEWCASTLE, 70, 100)],
    areas: englishAuthorities,
    parents,
  });
  assert.equal(all.allocated, 70, '(72×200 + 68×200 + 70×100) / 500');
  assert.equal(all.gap, 0);
  assert.equal(all.coveredShare, 1);
  assert.equal(all.addsUp, true);
  // An unweighted mean would say 70 too here; with Newcastle's weight larger it would not.
  const heavier = addUp({
    national,
    goalArea: ENGLAND,
    division: { ...rates, totalWeight: 800 },
    targets: [target(CAMDEN, 72, 200), target(ISLINGTON, 68, 200), target(NEWCASTLE, 66, 400)],
    areas: englishAuthorities,
    parents,
  });
  assert.equal(heavier.allocated, 68);
  assert.equal(heavier.gap, 2);
  assert.equal(heavier.addsUp, false);
});

test('a rate with an area missing says what the rest must reach between them', () => {
  const missing = addUp({
    national: { value: 70, comparator: '>=' },
    goalArea: ENGLAND,
    division: rates,
    targets: [target(CAMDEN, 66, 200), target(ISLINGTON, 68, 200)],
    areas: englishAuthorities,
    parents,
  });
  assert.deepEqual(missing.missing, [NEWCASTLE]);
  assert.equal(missing.allocated, 67);
  assert.equal(missing.gap, null, 'not known until every area has a target');
  assert.equal(missing.coveredShare, 0.8);
  assert.equal(missing.neededOfTheRest, 82, '(70×500 − 66×200 − 68×200) / 100');
  assert.equal(missing.addsUp, null);
  // Without a total weight the rest's share is unknown.
  const noTotal = addUp({
    national: { value: 70, comparator: '>=' },
    goalArea: ENGLAND,
    division: { ...rates, totalWeight: null },
    targets: [target(CAMDEN, 66, 200), target(ISLINGTON, 68, 200)],
    areas: englishAuthorities,
    parents,
  });
  assert.equal(noTotal.neededOfTheRest, null);
  assert.equal(noTotal.coveredShare, null);
});

test('an area targeted twice counts once, and each target left out says why', () => {
  const twice = homes([
    target(CAMDEN, 90),
    target(LONDON, 220),
    target(CAMDEN, 100),
    target(NEWCASTLE, 80),
    target(GLASGOW, 50),
  ]);
  assert.equal(twice.allocated, 300, 'London 220 and Newcastle 80');
  assert.deepEqual(twice.missing, [], 'London’s target covers Camden and Islington');
  assert.deepEqual(
    twice.leftOut.map((l) => [l.target.areaCode, l.target.value, l.reason]),
    [
      [CAMDEN, 90, 'replaced by a later target'],
      [CAMDEN, 100, `inside ${LONDON}, which has its own target`],
      [GLASGOW, 50, 'outside the goal’s area'],
    ],
  );
  const unweighted = addUp({
    national: { value: 70, comparator: '>=' },
    goalArea: ENGLAND,
    division: rates,
    targets: [target(CAMDEN, 72)],
    areas: englishAuthorities,
    parents,
  });
  assert.deepEqual(
    unweighted.leftOut.map((l) => l.reason),
    ['no weight given'],
  );
  assert.equal(unweighted.allocated, null);
  assert.equal(unweighted.addsUp, null);
});

test('a weighted mean needs its weights’ source', () => {
  const refused = divisionSchema.safeParse({ level: 'la', method: 'weighted-mean' });
  assert.equal(refused.success, false);
  assert.match(JSON.stringify(refused.error?.issues), /source of its weights/);
});

test('local figures roll up and are compared with the national one for the same period', () => {
  const areas = englishAuthorities;
  const figures = (values: number[], period = '2025') =>
    areas.map((areaCode, i) => ({ areaCode, period, value: values[i]! }));
  const match = rollUp({
    method: 'sum',
    national: { period: '2025', value: 300 },
    local: figures([100, 121, 80]),
    areas,
    weights: new Map(),
  });
  assert.equal(match.total, 301);
  assert.equal(match.tolerance, 2, 'four whole numbers, each within half of one');
  assert.equal(match.mismatch, false);
  const off = rollUp({
    method: 'sum',
    national: { period: '2025', value: 300 },
    local: figures([100, 125, 80]),
    areas,
    weights: new Map(),
  });
  assert.equal(off.difference, 5);
  assert.equal(off.mismatch, true);
  // Like with like: a figure for another period does not count, and nothing is compared.
  const stale = rollUp({
    method: 'sum',
    national: { period: '2025', value: 300 },
    local: [...figures([100, 120]).slice(0, 2), { areaCode: NEWCASTLE, period: '2024', value: 80 }],
    areas,
    weights: new Map(),
  });
  assert.deepEqual(stale.missing, [NEWCASTLE]);
  assert.equal(stale.total, null);
  assert.equal(stale.mismatch, false);
  const weights = new Map([
    [CAMDEN, 200],
    [ISLINGTON, 200],
    [NEWCASTLE, 100],
  ]);
  const rate = rollUp({
    method: 'weighted-mean',
    national: { period: '2025', value: 70.1 },
    local: figures([72.2, 68.1, 70]),
    areas,
    weights,
  });
  assert.equal(rate.tolerance, 0.1);
  assert.ok(Math.abs(rate.total! - 70.12) < 1e-9);
  assert.equal(rate.mismatch, false);
  const rateOff = rollUp({
    method: 'weighted-mean',
    national: { period: '2025', value: 69.5 },
    local: figures([72.2, 68.1, 70]),
    areas,
    weights,
  });
  assert.equal(rateOff.mismatch, true);
});
