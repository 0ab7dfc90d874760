import { CATEGORY_KEYS, type CategoryKey, isCategoryKey } from './categories';
import { SENSITIVE_CATEGORY, splitEffectiveCategory } from './sensitive';
import { isPurposeKey, type PurposeKey } from './purposes';
import { isRoleKey, ROLES, type RoleKey, roleMayDeclare, roleSpec } from './roles';

export type Access = 'CLEAR' | 'MASKED' | 'HIDDEN';

/**
 * The policy version. Bump it with every change to this file, roles.ts or categories.ts;
 * `test/policy-matrix.test.ts` pins a hash of the matrix so a change cannot slip in unreviewed.
 */
export const POLICY_VERSION = '2026.12.2';

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

/** What each purpose of 【4】 needs (C clear · M masked · H hidden), from obligations.md's default matrix. */
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

function purposeRow(purpose: PurposeKey): Partial<Record<CategoryKey, Access>> {
  const letters = PURPOSE_ROWS[purpose].split(' ');
  return Object.fromEntries(COLUMNS.map((c, i) => [c, LETTER[letters[i]]]));
}

const STRICTNESS: Record<Access, number> = { CLEAR: 0, MASKED: 1, HIDDEN: 2 };
/** The stricter of two answers. */
export function stricter(a: Access, b: Access): Access {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}

/**
 * role × purpose × category → CLEAR | MASKED | HIDDEN.
 * Fails closed: an unknown role, purpose or category, a purpose the role may not declare, or any
 * missing cell answers HIDDEN.
 */
export function decideAccess(role: unknown, purpose: unknown, category: unknown): Access {
  // Strings only: String(['SUPPORT']) would hit the memo of 'SUPPORT' (fail open), and a hostile toString throws.
  if (typeof role !== 'string' || typeof purpose !== 'string' || typeof category !== 'string') return 'HIDDEN';
  const key = `${role}|${purpose}|${category}`;
  let access = decided.get(key);
  if (access === undefined) {
    access = computeAccess(role, purpose, category);
    if (decided.size < 10_000) decided.set(key, access);
  }
  return access;
}

/** Memo of decideAccess: it is pure and runs once per personal field per row. */
const decided = new Map<string, Access>();

function computeAccess(role: unknown, purpose: unknown, category: unknown): Access {
  try {
    // A free-text field holding sensitive text: the stricter of its own category and the sensitive one, and never masked.
    const parts = splitEffectiveCategory(category);
    if (parts) {
      const access = stricter(computeAccess(role, purpose, parts.own), computeAccess(role, purpose, SENSITIVE_CATEGORY));
      return access === 'CLEAR' ? 'CLEAR' : 'HIDDEN';
    }
    if (!isRoleKey(role) || !isPurposeKey(purpose) || !isCategoryKey(category)) return 'HIDDEN';
    if (!roleMayDeclare(role, purpose)) return 'HIDDEN';
    const r = roleSpec(role);
    if (r.only && !r.only.includes(category)) return 'HIDDEN';
    let access = purposeRow(purpose)[category] ?? 'HIDDEN';
    // The full card number does not exist in the system: nobody sees more than the last 4.
    if (category === 'financial.card') access = stricter(access, 'MASKED');
    if (r.clearBecomesMasked) access = stricter(access, 'MASKED');
    return access;
  } catch {
    return 'HIDDEN';
  }
}

export type Matrix = Record<RoleKey, Partial<Record<PurposeKey, Record<CategoryKey, Access>>>>;

/** The whole matrix for the roles' declarable purposes: what the UI's matrix page and the docs show. */
export function buildMatrix(): Matrix {
  const matrix = {} as Matrix;
  for (const role of Object.keys(ROLES) as RoleKey[]) {
    matrix[role] = {};
    for (const purpose of ROLES[role].purposes as readonly PurposeKey[]) {
      matrix[role][purpose] = Object.fromEntries(
        CATEGORY_KEYS.map((c) => [c, decideAccess(role, purpose, c)]),
      ) as Record<CategoryKey, Access>;
    }
  }
  return matrix;
}
