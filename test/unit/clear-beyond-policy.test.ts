// Audit findings that are true (#21): a disclosure records the categories it hands over (`contact.name`); for the
// privacy manager under PRIVACY_ADMINISTRATION that is a read the policy allows, never CLEAR_BEYOND_POLICY.
import { describe, expect, test } from 'vitest';
import { compilePolicy, decideAccess, SEED_POLICY, seedPolicyDocument } from '../../schema/policy';
import { purposeFitTable, purposeMismatchFindings } from '../../server/src/modules/audits/findings/purpose-mismatch';

const read = (role: string, purpose: string, clear: string[]) => ({ id: 1, day: '2026-12-06', staffId: 5, apiKeyId: null, role, purpose, clear, masked: [] });

describe('CLEAR_BEYOND_POLICY', () => {
  test('as PRIVACY_MANAGER under PRIVACY_ADMINISTRATION, a disclosure\'s clear categories raise nothing', () => {
    const clear = ['contact.name', 'contact.address', 'contact.phone', 'contact.email'];
    for (const c of clear) expect(decideAccess('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', c)).toBe('CLEAR');
    expect(purposeMismatchFindings([read('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', clear)])
      .filter((f) => f.code === 'CLEAR_BEYOND_POLICY')).toEqual([]);
  });

  test('as MARKETING under PROMOTION, a phone served in clear (field or category) is still a finding', () => {
    expect(decideAccess('MARKETING', 'PROMOTION', 'contact.phone')).not.toBe('CLEAR');
    for (const f of ['Customer.phone', 'contact.phone']) {
      expect(purposeMismatchFindings([read('MARKETING', 'PROMOTION', [f])]).map((x) => x.code)).toContain('CLEAR_BEYOND_POLICY');
    }
  });

  test('each read is judged under its own version: what version 2 allows is no finding, the same read under the seed is', () => {
    const doc = seedPolicyDocument('2');
    doc.matrix.PROMOTION['contact.phone'] = 'CLEAR';
    const v2 = compilePolicy(doc);
    const table = [...purposeFitTable(), ...purposeFitTable(2, v2)];
    const policyOf = (v: number) => (v === 2 ? v2 : SEED_POLICY);
    const reads = [{ ...read('MARKETING', 'PROMOTION', ['Customer.phone']), id: 1, version: 2 }, { ...read('MARKETING', 'PROMOTION', ['Customer.phone']), id: 2, version: 0 },
      { ...read('MARKETING', 'PROMOTION', ['contact.phone']), id: 3, version: 2 }];
    const found = purposeMismatchFindings(reads, table, policyOf).filter((f) => f.code === 'CLEAR_BEYOND_POLICY');
    expect(found.map((f) => [f.evidence, f.data?.policyVersions])).toEqual([[[2], [1]]]);
  });
});
