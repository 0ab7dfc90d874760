// Pure parts of working audit findings (#21): a finding's key is stable across runs and tells findings apart;
// an accept rule accepts exactly the findings of its code matching every criterion it names, within its days.
import { describe, expect, test } from 'vitest';
import { ruleAccepts, type RuleRow } from '../../server/src/modules/audits/accept-rules';
import { FindingSeverity } from '../../server/src/modules/audits/audit.entity';
import { findingKeys } from '../../server/src/modules/audits/finding-triage';
import type { FindingDraft } from '../../server/src/modules/audits/findings/types';

const draft = (over: Partial<FindingDraft> = {}): FindingDraft => ({
  code: 'CLEAR_READ_VOLUME', severity: FindingSeverity.HIGH, title: 't', detail: 'd', staffId: 5, occurredOn: '2026-12-01',
  evidence: [10, 11], data: { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' }, ...over,
});

describe('finding keys', () => {
  test('the same finding has the same key whatever its text; another subject, day or burst another key', () => {
    const [a] = findingKeys([draft()]);
    expect(findingKeys([draft({ title: '別の文言', detail: '別の説明' })])[0]).toBe(a);
    for (const other of [draft({ staffId: 6 }), draft({ occurredOn: '2026-12-02' }), draft({ evidence: [12] }), draft({ data: { role: 'SUPPORT', purpose: 'AFTER_SALES' } })]) {
      expect(findingKeys([other])[0]).not.toBe(a);
    }
  });

  test('findings that still tie are told apart by their order: #2, #3', () => {
    const keys = findingKeys([draft(), draft(), draft()]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[1]).toBe(`${keys[0]}#2`);
  });
});

describe('accept rules', () => {
  const rule = (over: Partial<RuleRow> = {}): RuleRow => ({
    id: 1, code: 'CLEAR_READ_VOLUME', role: null, staff_id: 5, purpose: null, contractor_id: null,
    valid_from: '2026-12-01', valid_until: '2026-12-31', revoked_at: null, ...over,
  });
  const f = { code: 'CLEAR_READ_VOLUME', staffId: 5, occurredOn: '2026-12-10', data: { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' } };

  test('accepts its code and named criteria within its days, on their first and last day', () => {
    expect(ruleAccepts(rule(), f, '2026-12-20')).toBe(true);
    expect(ruleAccepts(rule({ role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' }), f, '2026-12-20')).toBe(true);
    expect(ruleAccepts(rule(), { ...f, occurredOn: '2026-12-01' }, '2026-12-20')).toBe(true);
    expect(ruleAccepts(rule(), { ...f, occurredOn: '2026-12-31' }, '2026-12-20')).toBe(true);
  });

  test('accepts nothing else: another code, staff member, role, purpose, a day outside, revoked', () => {
    expect(ruleAccepts(rule(), { ...f, code: 'OUT_OF_HOURS' }, '2026-12-20')).toBe(false);
    expect(ruleAccepts(rule(), { ...f, staffId: 6 }, '2026-12-20')).toBe(false);
    expect(ruleAccepts(rule({ role: 'MARKETING' }), f, '2026-12-20')).toBe(false);
    expect(ruleAccepts(rule({ purpose: 'AFTER_SALES' }), f, '2026-12-20')).toBe(false);
    expect(ruleAccepts(rule(), { ...f, occurredOn: '2027-01-01' }, '2026-12-20')).toBe(false);
    expect(ruleAccepts(rule(), { ...f, occurredOn: '2026-11-30' }, '2026-12-20')).toBe(false);
    expect(ruleAccepts(rule({ revoked_at: new Date() }), f, '2026-12-20')).toBe(false);
    // A finding with no day is judged on the day of the run.
    expect(ruleAccepts(rule(), { ...f, occurredOn: null }, '2027-01-02')).toBe(false);
  });
});
