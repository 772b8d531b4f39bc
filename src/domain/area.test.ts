// Which areas a goal set for an area covers, on the shipped geography.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT } from '../config.ts';
import { loadGeography } from '../features/areas/geography.ts';
import { covers } from './area.ts';

const { byCode } = loadGeography(path.join(ROOT, 'data/geography/area_all_codes.csv'));

test('England and Wales, and Great Britain, cover their nations and every area in them', () => {
  // No area's chain of parents passes through the two unions: they are known by their nations.
  for (const [outer, code] of [
    ['K04000001', 'W92000004'], // Wales
    ['K04000001', 'W06000015'], // Cardiff
    ['K04000001', 'E09000007'], // Camden
    ['K03000001', 'S92000003'], // Scotland
    ['K03000001', 'S12000036'], // City of Edinburgh
    ['K02000001', 'N09000003'], // Belfast
  ])
    assert.ok(covers(outer!, code!, byCode), `${outer} covers ${code}`);
  for (const [outer, code] of [
    ['K04000001', 'S12000036'],
    ['K04000001', 'N09000003'],
    ['K03000001', 'N09000003'],
    ['E92000001', 'W06000015'],
  ])
    assert.ok(!covers(outer!, code!, byCode), `${outer} does not cover ${code}`);
});
