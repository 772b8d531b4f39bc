import { assessGoal } from './src/domain/assessment.ts';
import { parsePeriod } from './src/domain/period.ts';
const periods = Array.from({ length: 10 }, (_, i) => { const p = parsePeriod(String(2012 + i)); if (!p.ok) throw 0; return p.period; });
const goal = { missionSlug: 'm', slug: 'g', statement: 's', indicatorId: '1', proxy: false, proxyNote: null, series: null, unit: '%', dimensions: {}, areaCode: 'x', baseline: { period: '2013', value: null }, target: { value: 5, comparator: '<=' as const, deadline: '2030-12-31' }, trajectory: null, tolerance: null, staleAfter: null, source: { title: 't' } };
const series = Array.from({ length: 100000 }, (_, s) => periods.map((period, i) => ({ period, value: 20 - i * 0.5 + ((s * 7 + i * 13) % 10) / 10 })));
const ctx = { asAt: new Date('2023-01-01') };
let t = performance.now();
let n = 0;
for (const pts of series) { const a = assessGoal(goal, pts, 'lower', ctx); if (a.status === 'off-track') n++; }
console.log('assessGoal x100k', (performance.now() - t).toFixed(0), 'ms', n);
