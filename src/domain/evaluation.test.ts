// The evaluation registry's rules: what the schema refuses and where it says so, the 12-week
// rule at its boundary, a project's evidence level and a mission's evaluated share.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluatedShare,
  evaluationSchema,
  evidenceLevelOf,
  unpublishedTooLong,
  type Evaluation,
} from './evaluation.ts';

const planned = {
  project: 'planning-reform',
  title: 'Impact evaluation of the planning reforms',
  type: 'impact',
  method: 'difference-in-differences',
  status: 'planned',
  evaluator: 'MHCLG analysts',
  plannedStart: '2025-01-01',
  plannedReport: '2026-01-31',
} as const;

const complete = {
  ...planned,
  status: 'complete',
  actualStart: '2025-01-15',
  actualReport: '2026-01-01',
  evidenceLevel: 3,
  evidenceReason: 'A matched comparison group, before and after',
} as const;

/** Each problem the schema finds, as `path: message`. */
const problems = (content: unknown) => {
  const parsed = evaluationSchema.safeParse(content);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const evaluation = (overrides: Partial<Evaluation> = {}): Evaluation =>
  evaluationSchema.parse({ ...complete, ...overrides });

describe('the evaluation schema', () => {
  it('takes a planned evaluation and a complete, rated one', () => {
    assert.deepEqual(problems(planned), []);
    assert.deepEqual(problems(complete), []);
  });

  it('refuses fields it does not know and values outside its lists', () => {
    assert.ok(problems({ ...planned, colour: 'blue' }).length > 0);
    assert.match(problems({ ...planned, type: 'hunch' }).join(), /^type: /);
    assert.match(problems({ ...complete, evidenceLevel: 6 }).join(), /^evidenceLevel: /);
    assert.match(problems({ ...complete, evidenceLevel: 0 }).join(), /^evidenceLevel: /);
  });

  it('places each rule on the field it is about', () => {
    assert.deepEqual(problems({ ...complete, actualReport: undefined }), [
      'actualReport: must be given: a complete evaluation has a finished report',
    ]);
    assert.deepEqual(problems({ ...planned, actualReport: '2026-01-01' }), [
      'status: must be complete once the report is finished',
    ]);
    assert.deepEqual(
      problems({ ...planned, status: 'ongoing', evidenceLevel: 2, evidenceReason: 'Early' }),
      ['evidenceLevel: is rated once the evaluation is complete: leave it not rated'],
    );
    assert.deepEqual(problems({ ...complete, type: 'process' }), [
      'evidenceLevel: rates impact evaluations only: leave it not rated',
    ]);
    assert.deepEqual(problems({ ...complete, evidenceReason: undefined }), [
      'evidenceReason: must be given with the strength of evidence',
    ]);
    assert.deepEqual(problems({ ...complete, reportPublished: '2026-02-01' }), [
      'reportUrl: must be given: a published report has a web address',
    ]);
    assert.deepEqual(
      problems({ ...complete, reportUrl: 'https://example.org/r', reportPublished: '2025-12-31' }),
      ['reportPublished: must be on or after the day the report was finished'],
    );
    assert.deepEqual(problems({ ...complete, actualStart: '2026-02-01' }), [
      'actualReport: must be on or after the day the evaluation started',
    ]);
    assert.deepEqual(problems({ ...planned, plannedReport: '2024-12-31' }), [
      'plannedReport: must be on or after the planned start',
    ]);
  });

  it('takes only web addresses for the report, however a script link is disguised', () => {
    for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'x'])
      assert.match(problems({ ...complete, reportUrl: url }).join(), /^reportUrl: expected a web/);
    assert.deepEqual(problems({ ...complete, reportUrl: 'http://example.org/report.pdf' }), []);
  });
});

describe('the 12-week rule', () => {
  const finished = evaluation({ actualReport: '2026-01-01' });

  it('flags a finished report unpublished more than 84 days on, not at 84', () => {
    assert.equal(unpublishedTooLong(finished, '2026-03-26'), false, '84 days');
    assert.equal(unpublishedTooLong(finished, '2026-03-27'), true, '85 days');
  });

  it('does not flag a published report, nor an evaluation not complete', () => {
    const published = evaluation({
      reportUrl: 'https://example.org/r',
      reportPublished: '2026-06-01',
    });
    assert.equal(unpublishedTooLong(published, '2027-01-01'), false);
    const ongoing = evaluationSchema.parse({ ...planned, status: 'ongoing' });
    assert.equal(unpublishedTooLong(ongoing, '2030-01-01'), false);
  });

  it('keeps the flag when a reason for not publishing is given', () => {
    const withReason = evaluation({ unpublishedReason: 'Awaiting ministerial clearance' });
    assert.equal(unpublishedTooLong(withReason, '2026-12-31'), true);
  });
});

describe('evidence levels and the evaluated share', () => {
  const a = evaluation({ project: 'a', evidenceLevel: 2 });
  const a5 = evaluation({ project: 'a', evidenceLevel: 5 });
  const bUnrated = evaluation({
    project: 'b',
    evidenceLevel: undefined,
    evidenceReason: undefined,
  });
  const cProcess = evaluation({
    project: 'c',
    type: 'process',
    evidenceLevel: undefined,
    evidenceReason: undefined,
  });
  const dOngoing = evaluationSchema.parse({ ...planned, project: 'd', status: 'ongoing' });
  const elsewhere = evaluation({ project: 'not-in-this-mission', evidenceLevel: 4 });

  it('takes a project’s strongest completed impact evaluation', () => {
    assert.equal(evidenceLevelOf([a, a5]), 5);
    assert.equal(evidenceLevelOf([bUnrated]), undefined);
    assert.equal(evidenceLevelOf([cProcess, dOngoing]), undefined);
    assert.equal(evidenceLevelOf([]), undefined);
  });

  it('counts a project once, at its strongest, and only completed impact evaluations', () => {
    const share = evaluatedShare(
      ['a', 'b', 'c', 'd', 'e'],
      [a, a5, bUnrated, cProcess, dOngoing, elsewhere],
    );
    assert.equal(share.projects, 5);
    assert.equal(share.evaluated, 2, 'a and b; c is a process evaluation, d is ongoing');
    assert.equal(share.unrated, 1, 'b has no level');
    assert.deepEqual(
      share.byLevel.map((l) => [l.level, l.projects]),
      [
        [1, 0],
        [2, 0],
        [3, 0],
        [4, 0],
        [5, 1],
      ],
    );
  });

  it('is nothing of nothing for a mission without projects', () => {
    const share = evaluatedShare([], [a]);
    assert.equal(share.projects, 0);
    assert.equal(share.evaluated, 0);
  });
});
