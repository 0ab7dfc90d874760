import { type Access, stricter } from './matrix-seed';
import type { PolicyDocument } from './policy-document';
import { SENSITIVE_CATEGORY, splitEffectiveCategory } from './sensitive';

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** One policy version's decisions, derived from its document only (pure: no clock, no database). */
export interface CompiledPolicy {
  readonly document: PolicyDocument;
  /** role × purpose × category → access; fails closed (anything unknown or undeclarable: HIDDEN). */
  decideAccess(role: unknown, purpose: unknown, category: unknown): Access;
  /** Whether `role` may declare `purpose` under this version. */
  roleMayDeclare(role: unknown, purpose: unknown): boolean;
  /** The whole matrix for the roles' declarable purposes (role → purpose → category → access). */
  buildMatrix(): Record<string, Record<string, Record<string, Access>>>;
}

/**
 * Turns a policy document into its decision functions. The document is not validated here (callers store only
 * validated ones); whatever is malformed in it decides HIDDEN, never CLEAR. Decisions are memoised per compiled
 * version: they are pure and run once per personal field per row.
 */
export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const roleMayDeclare = (role: unknown, purpose: unknown): boolean =>
    typeof role === 'string' && typeof purpose === 'string' && has(doc.roles, role)
    && has(doc.purposes, purpose) && (doc.roles[role as keyof PolicyDocument['roles']].purposes as readonly string[]).includes(purpose);

  const compute = (role: string, purpose: string, category: string): Access => {
    // A free-text field holding sensitive text: the stricter of its own category and the sensitive one, and never masked.
    const parts = splitEffectiveCategory(category);
    if (parts) {
      const access = stricter(compute(role, purpose, parts.own), compute(role, purpose, SENSITIVE_CATEGORY));
      return access === 'CLEAR' ? 'CLEAR' : 'HIDDEN';
    }
    if (!has(doc.categories, category) || !roleMayDeclare(role, purpose)) return 'HIDDEN';
    const r = doc.roles[role as keyof PolicyDocument['roles']];
    if (r.only && !(r.only as readonly string[]).includes(category)) return 'HIDDEN';
    const row = doc.matrix[purpose as keyof PolicyDocument['matrix']] as Record<string, Access> | undefined;
    let access: Access = row && has(row, category) && isAccess(row[category]) ? row[category] : 'HIDDEN';
    const ceiling = has(doc.ceilings, category) ? (doc.ceilings as Record<string, Access>)[category] : undefined;
    if (ceiling) access = stricter(access, isAccess(ceiling) ? ceiling : 'HIDDEN');
    if (r.clearBecomesMasked) access = stricter(access, 'MASKED');
    return access;
  };

  const decided = new Map<string, Access>();
  const decideAccess = (role: unknown, purpose: unknown, category: unknown): Access => {
    // Strings only: String(['SUPPORT']) would hit the memo of 'SUPPORT' (fail open), and a hostile toString throws.
    if (typeof role !== 'string' || typeof purpose !== 'string' || typeof category !== 'string') return 'HIDDEN';
    const key = `${role}|${purpose}|${category}`;
    let access = decided.get(key);
    if (access === undefined) {
      try {
        access = compute(role, purpose, category);
      } catch {
        access = 'HIDDEN'; // a malformed document decides nothing open
      }
      if (decided.size < 10_000) decided.set(key, access);
    }
    return access;
  };

  const buildMatrix = () => {
    const matrix: Record<string, Record<string, Record<string, Access>>> = {};
    for (const role of Object.keys(doc.roles)) {
      matrix[role] = {};
      for (const purpose of doc.roles[role as keyof PolicyDocument['roles']].purposes) {
        matrix[role][purpose] = Object.fromEntries(Object.keys(doc.categories).map((c) => [c, decideAccess(role, purpose, c)]));
      }
    }
    return matrix;
  };

  return Object.freeze({ document: doc, decideAccess, roleMayDeclare, buildMatrix });
}

function isAccess(v: unknown): v is Access {
  return v === 'CLEAR' || v === 'MASKED' || v === 'HIDDEN';
}
