import { describe, expect, it } from 'vitest';
import {
  buildMatrix, CATEGORIES, CATEGORY_KEYS, compilePolicy, CONSENT_PURPOSES, decideAccess, PURPOSE_KEYS, ROLE_KEYS, ROLES, seedPolicyDocument,
  STATISTICS_POLICY, STOPPED_USE_EXCLUDED_PURPOSES, validatePolicyDocument,
} from '../../schema/policy';

describe('the seed policy document (version 1)', () => {
  it('is valid and plain JSON', () => {
    const doc = seedPolicyDocument();
    expect(validatePolicyDocument(doc)).toEqual([]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
  it('compiles to exactly the module-level decisions, cell for cell', () => {
    const compiled = compilePolicy(JSON.parse(JSON.stringify(seedPolicyDocument())));
    for (const r of [...ROLE_KEYS, 'NOBODY']) for (const p of [...PURPOSE_KEYS, 'NONE']) {
      for (const c of [...CATEGORY_KEYS, 'interaction.content+sensitive.care', 'nope']) {
        expect(compiled.decideAccess(r, p, c), `${r} ${p} ${c}`).toBe(decideAccess(r, p, c));
      }
    }
    expect(compiled.buildMatrix()).toEqual(buildMatrix());
    expect(JSON.stringify(compiled.buildMatrix())).toBe(JSON.stringify(buildMatrix()));
  });
  it('a changed cell changes that decision only', () => {
    const doc = seedPolicyDocument();
    doc.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'HIDDEN';
    const compiled = compilePolicy(doc);
    expect(compiled.decideAccess('SUPPORT', 'INQUIRY_RESPONSE', 'demographic.birthdate')).toBe('HIDDEN');
    expect(decideAccess('SUPPORT', 'INQUIRY_RESPONSE', 'demographic.birthdate')).toBe('MASKED');
    expect(compiled.decideAccess('SUPPORT', 'INQUIRY_RESPONSE', 'contact.name')).toBe('CLEAR');
  });
  it('a malformed document decides HIDDEN, never CLEAR', () => {
    const doc = seedPolicyDocument() as unknown as Record<string, unknown>;
    doc.matrix = { SHIPPING: { 'contact.name': 'OPEN' } };
    expect(compilePolicy(doc as never).decideAccess('FULFILLMENT', 'SHIPPING', 'contact.name')).toBe('HIDDEN');
    expect(compilePolicy({} as never).decideAccess('FULFILLMENT', 'SHIPPING', 'contact.name')).toBe('HIDDEN');
  });
  it('the seed compiles to the constants every other decision was read from', () => {
    const v1 = compilePolicy(seedPolicyDocument());
    for (const r of ROLE_KEYS) expect(v1.purposesOf(r)).toEqual(ROLES[r].purposes);
    for (const c of CATEGORY_KEYS) expect(v1.maskOf(c)).toBe(CATEGORIES[c].mask);
    for (const p of PURPOSE_KEYS) {
      expect(v1.needsConsent(p), p).toBe(CONSENT_PURPOSES.includes(p));
      expect(v1.endsWithStopOfUse(p), p).toBe(STOPPED_USE_EXCLUDED_PURPOSES.includes(p));
    }
    expect(v1.statistics).toEqual(STATISTICS_POLICY);
  });
  it('a malformed document opens nothing else either: no purpose, no mask, a consent needed, stopped left out, no statistics', () => {
    for (const doc of [{}, { roles: 'x', categories: [], purposes: null, stoppedUseExcludedPurposes: 'PROMOTION', statistics: { minGroupSize: 2 } }]) {
      const v = compilePolicy(doc as never);
      expect(v.purposesOf('SUPPORT')).toEqual([]);
      expect(v.roleMayDeclare('SUPPORT', 'TRANSACTION')).toBe(false);
      expect(v.maskOf('contact.email')).toBeNull();
      expect(v.needsConsent('SHIPPING')).toBe(true);
      expect(v.endsWithStopOfUse('SHIPPING')).toBe(true);
      expect(v.statistics).toBeNull();
    }
    const doc = seedPolicyDocument() as unknown as { roles: { SUPPORT: { purposes: unknown[] } }; categories: Record<string, { mask: unknown }> };
    doc.roles.SUPPORT.purposes = ['TRANSACTION', 'NOT_A_PURPOSE', 7];
    doc.categories['contact.email'].mask = 'shout';
    const v = compilePolicy(doc as never);
    expect(v.purposesOf('SUPPORT')).toEqual(['TRANSACTION']);
    expect(v.maskOf('contact.email')).toBeNull();
    expect(v.purposesOf(['SUPPORT'])).toEqual([]);
  });
});

describe('validatePolicyDocument names the cell', () => {
  const problems = (edit: (d: ReturnType<typeof seedPolicyDocument>) => void) => {
    const doc = seedPolicyDocument();
    edit(doc);
    return validatePolicyDocument(doc).map((p) => `${p.code} ${p.path}`);
  };
  it('an unclassified category in a purpose row', () => {
    expect(problems((d) => { delete (d.matrix.SHIPPING as Record<string, unknown>)['contact.email']; })).toEqual(['UNCLASSIFIED matrix.SHIPPING.contact.email']);
  });
  it('a bad cell value, an unknown key, a missing role', () => {
    expect(problems((d) => { (d.matrix.SHIPPING as Record<string, unknown>)['contact.email'] = 'C'; })).toEqual(['BAD_VALUE matrix.SHIPPING.contact.email']);
    expect(problems((d) => { (d as unknown as Record<string, unknown>).extra = 1; })).toEqual(['UNKNOWN_KEY extra']);
    expect(problems((d) => { (d.matrix as Record<string, unknown>).NEW = {}; })).toEqual(['UNKNOWN_KEY matrix.NEW']);
    expect(problems((d) => { delete (d.roles as Record<string, unknown>).SUPPORT; })).toEqual(['MISSING roles.SUPPORT']);
  });
  it('a contractor given a purpose or categories beyond its agreement, or losing its only-list', () => {
    expect(problems((d) => { d.roles.CARRIER.purposes.push('PROMOTION'); })).toEqual(['CONTRACTOR_PURPOSE roles.CARRIER.purposes.PROMOTION']);
    expect(problems((d) => { d.roles.MAILING_HOUSE.only!.push('contact.phone'); })).toEqual(['CONTRACTOR_CATEGORY roles.MAILING_HOUSE.only.contact.phone']);
    expect(problems((d) => { delete d.roles.COLLECTION_AGENCY.only; })).toEqual(['CONTRACTOR_CATEGORY roles.COLLECTION_AGENCY.only']);
    expect(problems((d) => { d.roles.CARRIER.contractor = false; })).toEqual(['CONTRACTOR_FLAG roles.CARRIER.contractor']);
    // Narrowing a contractor is fine.
    expect(problems((d) => { d.roles.CARRIER.only = ['contact.name']; })).toEqual([]);
  });
  it('settings out of range', () => {
    expect(problems((d) => { d.statistics.minGroupSize = 2; })).toEqual(['BAD_VALUE statistics.minGroupSize']);
    expect(problems((d) => { (d.categories['contact.name'] as { mask: string }).mask = 'nope'; })).toEqual(['BAD_VALUE categories.contact.name.mask']);
    expect(validatePolicyDocument(null)).toEqual([expect.objectContaining({ code: 'NOT_AN_OBJECT' })]);
  });
});
