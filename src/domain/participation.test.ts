// Participation's rules: what the process schema refuses and where it says so, the limits on
// sizes and links, and a response overdue from the day after it was due, not on the day.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  LIMITS,
  processSchema,
  respondedLate,
  responseOverdue,
  type CitizensProcess,
} from './participation.ts';

const running = {
  type: 'citizens-assembly',
  title: 'Citizens’ assembly on clean power',
  commissionedBy: 'Department for Energy Security and Net Zero',
  started: '2026-01-10',
  members: 100,
  selection: 'A civic lottery: 30,000 invitations, then a stratified draw among those who replied',
  method: 'Six weekends of evidence, discussion and deliberation, then a vote',
} as const;

const accepted = {
  decision: 'accepted',
  reasons: 'It fits the plan',
  respondedOn: '2026-07-01',
  delivers: [{ project: 'grid-connections', milestone: 0 }],
} as const;

const reported = {
  ...running,
  reported: '2026-04-30',
  responseDue: '2026-07-31',
  outputs: [{ title: 'Final report', url: 'https://example.org/report.pdf' }],
  recommendations: [
    { number: 1, text: 'Connect the grid faster', projects: ['grid-connections'] },
    { number: 2, text: 'Insulate homes', goals: ['clean-power'], response: accepted },
  ],
} as const;

/** Each problem the schema finds, as `path: message`. */
const problems = (content: unknown) => {
  const parsed = processSchema.safeParse(content);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const parse = (content: unknown): CitizensProcess => processSchema.parse(content);

describe('the deliberative process schema', () => {
  it('takes a process still running and one that has reported, with responses', () => {
    assert.deepEqual(problems(running), []);
    assert.deepEqual(problems(reported), []);
    assert.deepEqual(parse(running).recommendations, [], 'none until it reports');
    assert.equal(parse(running).example, false);
  });

  it('refuses fields it does not know and values outside its lists', () => {
    assert.ok(problems({ ...running, colour: 'blue' }).length > 0);
    assert.match(problems({ ...running, type: 'focus-group' }).join(), /^type: /);
    assert.match(problems({ ...running, members: 0 }).join(), /^members: /);
    assert.match(problems({ ...running, members: 12.5 }).join(), /^members: /);
    const decided = {
      ...reported.recommendations[1],
      response: { ...accepted, decision: 'maybe' },
    };
    assert.match(
      problems({ ...reported, recommendations: [decided] }).join(),
      /^recommendations\.0\.response\.decision: /,
    );
  });

  it('places each rule on the field it is about', () => {
    assert.deepEqual(problems({ ...reported, reported: '2026-01-09' }), [
      'reported: must be on or after the day the process started',
    ]);
    assert.deepEqual(problems({ ...reported, responseDue: undefined }), [
      'responseDue: must be given once the process has reported',
    ]);
    assert.deepEqual(problems({ ...running, responseDue: '2026-07-31' }), [
      'responseDue: is set when the process reports: leave it blank until then',
    ]);
    assert.deepEqual(problems({ ...reported, responseDue: '2026-04-29' }), [
      'responseDue: must be on or after the day the process reported',
    ]);
    assert.deepEqual(problems({ ...reported, responseDue: '2026-04-30' }), [], 'the same day');
  });

  it('keeps the rules of a recommendation and its response on their own fields', () => {
    const withRecs = (recommendations: unknown[]) => problems({ ...reported, recommendations });
    const [first, second] = reported.recommendations;
    assert.deepEqual(withRecs([first, { ...second, number: 1 }]), [
      'recommendations.1.number: is already another recommendation’s number',
    ]);
    assert.deepEqual(withRecs([{ ...second, response: { ...accepted, decision: 'rejected' } }]), [
      'recommendations.0.response.delivers: is for an accepted or partly accepted recommendation only',
    ]);
    assert.deepEqual(
      withRecs([{ ...second, response: { ...accepted, decision: 'partly-accepted' } }]),
      [],
    );
    assert.deepEqual(withRecs([{ ...second, response: { ...accepted, reasons: ' ' } }]), [
      'recommendations.0.response.reasons: Too small: expected string to have >=1 characters',
    ]);
    assert.deepEqual(problems({ ...running, recommendations: [{ ...second }] }), [
      'recommendations.0.response.respondedOn: is after the process reports: record that day first',
    ]);
    assert.deepEqual(
      withRecs([{ ...second, response: { ...accepted, respondedOn: '2026-04-29' } }]),
      ['recommendations.0.response.respondedOn: must be on or after the day the process reported'],
    );
  });

  it('takes only web addresses for its outputs, however a script link is disguised', () => {
    for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'x'])
      assert.match(
        problems({ ...running, outputs: [{ title: 'Report', url }] }).join(),
        /^outputs\.0\.url: expected a web address/,
      );
  });

  it('limits sizes: text, lists and links', () => {
    assert.match(problems({ ...running, title: 'x'.repeat(301) }).join(), /^title: /);
    assert.match(problems({ ...running, members: LIMITS.members + 1 }).join(), /^members: /);
    const outputs = Array.from({ length: LIMITS.outputs + 1 }, (_, i) => ({
      title: `Output ${i}`,
      url: 'https://example.org/',
    }));
    assert.match(problems({ ...running, outputs }).join(), /^outputs: /);
    const recommendations = Array.from({ length: LIMITS.recommendations + 1 }, (_, i) => ({
      number: i + 1,
      text: 'More',
    }));
    assert.match(problems({ ...reported, recommendations }).join(), /^recommendations: /);
    const goals = Array.from({ length: LIMITS.links + 1 }, (_, i) => `goal-${i}`);
    assert.match(
      problems({ ...reported, recommendations: [{ number: 1, text: 'x', goals }] }).join(),
      /^recommendations\.0\.goals: /,
    );
    assert.match(
      problems({ ...reported, recommendations: [{ number: 1, text: 'x'.repeat(10_001) }] }).join(),
      /^recommendations\.0\.text: /,
    );
  });
});

describe('an overdue response', () => {
  const process = parse(reported);
  const [unanswered, answered] = process.recommendations;

  it('is overdue from the day after the response was due, not on the day', () => {
    assert.equal(responseOverdue(process, unanswered!, '2026-07-31'), false, 'the due day');
    assert.equal(responseOverdue(process, unanswered!, '2026-08-01'), true, 'the day after');
    assert.equal(responseOverdue(process, answered!, '2026-08-01'), false, 'answered');
  });

  it('is not overdue once answered, nor before the process reports', () => {
    assert.equal(responseOverdue(process, answered!, '2030-01-01'), false);
    assert.equal(responseOverdue(parse(running), { response: undefined }, '2030-01-01'), false);
  });

  it('counts a response from the day it is dated: one dated later is not given yet', () => {
    const later = { response: { ...answered!.response!, respondedOn: '2026-08-10' } };
    assert.equal(responseOverdue(process, later, '2026-08-09'), true, 'before its date');
    assert.equal(responseOverdue(process, later, '2026-08-10'), false, 'on its date');
  });

  it('tells a response given after its date from one given in time', () => {
    assert.equal(respondedLate(process, answered!), false);
    const late = { response: { ...answered!.response!, respondedOn: '2026-08-02' } };
    assert.equal(respondedLate(process, late), true);
    assert.equal(respondedLate(process, unanswered!), false);
  });
});
