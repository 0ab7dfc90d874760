// Sensitive text in the policy: generated over every role × purpose × free-text category.
import { describe, expect, test } from 'vitest';
import {
  CATEGORY_KEYS, decideAccess, effectiveCategory, FREE_TEXT_CATEGORIES, PURPOSE_KEYS, ROLE_KEYS, ROLES, SENSITIVE_CATEGORY, stricter,
} from '../../schema/policy';
import { StatisticsDimension } from '../../server/src/modules/statistics/statistics.types';

describe('the effective category of a field holding sensitive text', () => {
  test('only free-text fields change; every other category stays its own', () => {
    for (const c of CATEGORY_KEYS) {
      expect(effectiveCategory(c, false)).toBe(c);
      expect(effectiveCategory(c, true)).toBe(FREE_TEXT_CATEGORIES.includes(c) ? `${c}+${SENSITIVE_CATEGORY}` : c);
    }
    expect([...FREE_TEXT_CATEGORIES].sort()).toEqual(['demographic.lifestyle', 'demographic.occupation', 'interaction.content']);
  });

  test('for every role and purpose: never looser than the field\'s own answer, never MASKED, clear only where the sensitive column is', () => {
    for (const role of ROLE_KEYS) for (const purpose of PURPOSE_KEYS) for (const c of FREE_TEXT_CATEGORIES) {
      const own = decideAccess(role, purpose, c);
      const sensitive = decideAccess(role, purpose, effectiveCategory(c, true));
      const where = `${role} ${purpose} ${c}`;
      expect(stricter(own, sensitive), where).toBe(sensitive);
      expect(sensitive, where).not.toBe('MASKED');
      if (sensitive === 'CLEAR') expect(decideAccess(role, purpose, SENSITIVE_CATEGORY), where).toBe('CLEAR');
    }
  });

  test('contractors never see it, under any purpose', () => {
    for (const role of ROLE_KEYS.filter((r) => ROLES[r].contractor)) for (const purpose of PURPOSE_KEYS) for (const c of FREE_TEXT_CATEGORIES) {
      expect(decideAccess(role, purpose, effectiveCategory(c, true)), `${role} ${purpose}`).toBe('HIDDEN');
    }
  });

  test('only the purposes that need it see it: answering the person, after-sales, and the privacy manager', () => {
    const clear = PURPOSE_KEYS.filter((p) => ROLE_KEYS.some((r) => decideAccess(r, p, effectiveCategory('interaction.content', true)) === 'CLEAR'));
    expect(clear.sort()).toEqual(['AFTER_SALES', 'INQUIRY_RESPONSE', 'PRIVACY_ADMINISTRATION']);
  });

  test('a malformed joined category fails closed', () => {
    for (const bad of [`contact.name+${SENSITIVE_CATEGORY}`, `nope+${SENSITIVE_CATEGORY}`, `+${SENSITIVE_CATEGORY}`]) {
      expect(decideAccess('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', bad), bad).toBe('HIDDEN');
    }
  });

  test('it is never a statistics dimension: every dimension is classified, none is free text or sensitive', () => {
    // A new dimension fails here until it is classified by the category it is derived from (null: none).
    const derivedFrom: Record<StatisticsDimension, string | null> = {
      PREFECTURE: 'contact.address', AGE_BAND: 'demographic.birthdate', GENDER: 'demographic.gender', PRODUCT: null, MONTH: null,
    };
    expect(Object.keys(derivedFrom).sort()).toEqual(Object.values(StatisticsDimension).sort());
    for (const c of Object.values(derivedFrom)) {
      expect([...FREE_TEXT_CATEGORIES, SENSITIVE_CATEGORY]).not.toContain(c);
    }
  });
});
