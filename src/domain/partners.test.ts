import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, organisationSchema, pledgeSchema, standing } from './partners.ts';

describe('a pledge’s standing', () => {
  const active = { status: 'active' as const, reports: [] };

  it('adds months as the calendar does, clamped to the month’s end', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
    assert.equal(addMonths('2026-06-01', 24), '2028-06-01');
    assert.equal(addMonths('2026-11-15', 2), '2027-01-15');
  });

  it('is due a year after publication, late after that, lapsed 12 months later', () => {
    assert.deepEqual(standing(active, '2026-06-01', '2027-06-01'), {
      standing: 'active',
      reportDue: '2027-06-01',
      reportLate: false,
    });
    assert.equal(standing(active, '2026-06-01', '2027-06-02').reportLate, true);
    assert.equal(standing(active, '2026-06-01', '2028-06-01').standing, 'active');
    assert.equal(standing(active, '2026-06-01', '2028-06-02').standing, 'lapsed');
  });

  it('counts from the last report, and never lapses a completed or withdrawn pledge', () => {
    const reported = {
      ...active,
      reports: [{ reportedOn: '2027-03-01', summary: 'x', evidence: [] }],
    };
    assert.equal(standing(reported, '2026-06-01', '2028-06-02').standing, 'active');
    assert.equal(standing(reported, '2026-06-01', '2029-03-02').standing, 'lapsed');
    for (const status of ['completed', 'withdrawn'] as const)
      assert.deepEqual(standing({ status, reports: [] }, '2020-01-01', '2030-01-01'), {
        standing: status,
        reportLate: false,
      });
  });
});

describe('what a partner may send', () => {
  const pledge = {
    title: 'T',
    commitment: 'C',
    goal: 'gdp-per-head',
    deliverables: [{ what: 'W', due: '2027-01-01' }],
  };

  it('refuses script links, impossible dates, reports out of order and oversized text', () => {
    assert.ok(pledgeSchema.safeParse(pledge).success);
    const refused = (value: object) => !pledgeSchema.safeParse({ ...pledge, ...value }).success;
    assert.ok(refused({ evidence: [{ title: 'x', url: ' JaVaScRiPt:alert(1)' }] }));
    assert.ok(refused({ deliverables: [{ what: 'W', due: '2027-02-30' }] }));
    assert.ok(refused({ deliverables: [] }));
    assert.ok(refused({ commitment: 'x'.repeat(5_001) }));
    assert.ok(refused({ areas: ['Camden'] }));
    assert.ok(
      refused({
        reports: [
          { reportedOn: '2027-02-01', summary: 'b' },
          { reportedOn: '2027-01-01', summary: 'a' },
        ],
      }),
    );
  });

  it('takes an email address or a web page as an organisation’s public contact', () => {
    const entry = { name: 'N', sector: 'council', size: 'large', contact: 'a@example.org' };
    assert.ok(organisationSchema.safeParse(entry).success);
    assert.ok(organisationSchema.safeParse({ ...entry, contact: 'https://example.org/c' }).success);
    assert.ok(!organisationSchema.safeParse({ ...entry, contact: 'javascript:alert(1)' }).success);
    assert.ok(!organisationSchema.safeParse({ ...entry, sector: 'lobby' }).success);
  });
});
