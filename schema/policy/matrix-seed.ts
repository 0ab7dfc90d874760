import type { CategoryKey } from './categories';
import type { PurposeKey } from './purposes';

export type Access = 'CLEAR' | 'MASKED' | 'HIDDEN';
/**
 * The label of the seed policy (policy version 1). Bump it with every change to this file, roles.ts or categories.ts;
 * `test/policy-matrix.test.ts` pins a hash of the matrix so a change cannot slip in unreviewed.
 */
export const POLICY_VERSION = '2026.12.2';

export const ACCESS_VALUES: readonly Access[] = ['CLEAR', 'MASKED', 'HIDDEN'];

/**
 * Column order of PURPOSE_ROWS. name/kana · postal · address · phone · email · card · birthdate · gender · lifestyle · occupation ·
 * content · recording · ship-to · sensitive (要配慮個人情報: only the purposes that need it — answering the person, after-sales — and
 * the privacy manager; never MASKED, as sensitive text has no safe partial form) · consent record (the consent purposes, which
 * rest on it; answering the person, who may ask about or withdraw it; the privacy manager).
 */
const COLUMNS: CategoryKey[] = [
  'contact.name', 'contact.postal', 'contact.address', 'contact.phone', 'contact.email', 'financial.card',
  'demographic.birthdate', 'demographic.gender', 'demographic.lifestyle', 'demographic.occupation',
  'interaction.content', 'interaction.recording', 'order.shipping', 'sensitive.care', 'consent.record',
];

/**
 * What each purpose of 【4】 needs (C clear · M masked · H hidden), from obligations.md's default matrix: the seed of
 * policy version 1 (policy-document.ts). Bump POLICY_VERSION (matrix.ts) with any change here.
 */
const PURPOSE_ROWS: Record<PurposeKey, string> = {
  SHIPPING: /*              */ 'C C C C M H H H H H H H C H H',
  IDENTITY_VERIFICATION: /* */ 'C C C C C M C H H H H H M H H',
  TRANSACTION: /*           */ 'C C C C C M H H H H M H C H H',
  AFTER_SALES: /*           */ 'C C C C C M H H H H C C C C H',
  PROMOTION: /*             */ 'C C C M C H M M M M H H H H C',
  SURVEY_EVENT: /*          */ 'C C C M C H M M M M H H H H C',
  INQUIRY_RESPONSE: /*      */ 'C C C C C M M H H H C C C C C',
  FAMILY_INQUIRY: /*        */ 'C M M M M H H H H H H H M H H',
  FAMILY_IDENTIFICATION: /* */ 'C M M M M H H H H H H H H H H',
  STATISTICS: /*            */ 'H H H H H H H H H H H H H H H',
  NEW_PRODUCT_INFO: /*      */ 'C C C M C H M M M M H H H H C',
  CREDIT_MANAGEMENT: /*     */ 'C C C C C M C H H H M H C H H',
  PRIVACY_ADMINISTRATION: /**/ 'C C C C C M C C C C C C C C C',
};

const LETTER: Record<string, Access> = { C: 'CLEAR', M: 'MASKED', H: 'HIDDEN' };

/** The seed's purpose rows, purpose → category → access. */
export function seedPurposeRows(): Record<PurposeKey, Record<CategoryKey, Access>> {
  return Object.fromEntries(Object.entries(PURPOSE_ROWS).map(([purpose, row]) => {
    const letters = row.split(' ');
    return [purpose, Object.fromEntries(COLUMNS.map((c, i) => [c, LETTER[letters[i]]]))];
  })) as Record<PurposeKey, Record<CategoryKey, Access>>;
}

const STRICTNESS: Record<Access, number> = { CLEAR: 0, MASKED: 1, HIDDEN: 2 };
/** The stricter of two answers. */
export function stricter(a: Access, b: Access): Access {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}
