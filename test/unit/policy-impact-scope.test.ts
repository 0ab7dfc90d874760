// Contractors' scope in a draft's impact (policy-impact-scope.ts): which roles count as contractors is derived from
// the resources' read scopes and agrees with the roles' contractor flag; each row-scope switch a draft changes is
// named once, and the row conditions asked of a draft (no request) change exactly where the switch does.
import { describe, expect, test } from 'vitest';
import { type CompiledPolicy, compilePolicy, PURPOSE_KEYS, type PolicyDocument, type PurposeKey, type RoleKey, seedPolicyDocument } from '../../schema/policy';
import { SCOPED_ROLES, scopeReasons } from '../../server/src/modules/policy-versions/policy-impact-scope';
import { rowConditions } from '../../server/src/policy/row-scope';

const seed = compilePolicy(seedPolicyDocument());
const draft = (edit: (d: PolicyDocument) => void) => {
  const d = seedPolicyDocument();
  edit(d);
  return compilePolicy(d);
};
const as = (v: CompiledPolicy, role: RoleKey, purpose: PurposeKey) =>
  ({ actor: { role, contractorId: 7 }, purpose, policy: { rules: v } });

describe('contractors\' scope in the impact', () => {
  test('the roles read with an assignment scope are exactly the contractor roles', () => {
    const doc = seedPolicyDocument();
    const contractors = (Object.keys(doc.roles) as RoleKey[]).filter((r) => doc.roles[r].contractor);
    expect([...SCOPED_ROLES].sort()).toEqual(contractors.sort());
  });

  test('the seed against itself changes no switch; each single change names its own', () => {
    for (const role of SCOPED_ROLES) for (const p of PURPOSE_KEYS) expect(scopeReasons(seed, seed, role, p)).toEqual([]);
    expect(scopeReasons(seed, draft((d) => { d.roles.CARRIER.purposes = []; }), 'CARRIER', 'SHIPPING')).toEqual(['PURPOSE_REMOVED']);
    expect(scopeReasons(seed, draft((d) => { d.purposes.PROMOTION.needsConsent = false; }), 'MAILING_HOUSE', 'PROMOTION')).toEqual(['CONSENT_NOT_REQUIRED']);
    expect(scopeReasons(seed, draft((d) => { d.stoppedUseExcludedPurposes.push('SHIPPING'); }), 'CARRIER', 'SHIPPING')).toEqual(['STOPPED_USE_EXCLUDED']);
    const back = draft((d) => { d.stoppedUseExcludedPurposes = d.stoppedUseExcludedPurposes.filter((p) => p !== 'PROMOTION'); });
    expect(scopeReasons(seed, back, 'MAILING_HOUSE', 'PROMOTION')).toEqual(['STOPPED_USE_INCLUDED']);
    expect(scopeReasons(back, seed, 'MAILING_HOUSE', 'PROMOTION')).toEqual(['STOPPED_USE_EXCLUDED']);
  });

  test('row conditions asked of a draft change where its switch does, and only there', () => {
    const noConsent = draft((d) => { d.purposes.PROMOTION.needsConsent = false; });
    expect(rowConditions(as(seed, 'MAILING_HOUSE', 'PROMOTION'), 'Customer', 'x').sql).not.toBe('false');
    expect(rowConditions(as(noConsent, 'MAILING_HOUSE', 'PROMOTION'), 'Customer', 'x').sql).toBe('false');
    const stopped = draft((d) => { d.stoppedUseExcludedPurposes.push('SHIPPING'); });
    const [before, after] = [seed, stopped].map((v) => rowConditions(as(v, 'CARRIER', 'SHIPPING'), 'Order', 'x').sql);
    expect(before).not.toContain('USE_STOPPED');
    expect(after).toContain('USE_STOPPED');
    expect(rowConditions(as(stopped, 'COLLECTION_AGENCY', 'CREDIT_MANAGEMENT'), 'Order', 'x'))
      .toEqual(rowConditions(as(seed, 'COLLECTION_AGENCY', 'CREDIT_MANAGEMENT'), 'Order', 'x'));
  });
});
