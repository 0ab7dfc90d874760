import { MASK_KINDS, type MaskKind } from './categories';
import { type Access, stricter } from './matrix-seed';
import type { PolicyDocument } from './policy-document';
import { isPurposeKey, type PurposeKey } from './purposes';
import { SENSITIVE_CATEGORY, splitEffectiveCategory } from './sensitive';
import { type StatisticsPolicy, statisticsPolicyProblems } from './statistics';

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
  /** The purposes `role` may declare under this version (none for an unknown role or a malformed list). */
  purposesOf(role: unknown): readonly PurposeKey[];
  /** The masking kind of a category's masked fields; null when the document does not name a valid one (then shown null). */
  maskOf(category: unknown): MaskKind | null;
  /** Whether `purpose` needs a live consent (a row-scope switch); true for anything malformed (fewer rows, fail closed). */
  needsConsent(purpose: unknown): boolean;
  /** Whether a customer whose use is stopped is left out under `purpose` (【11】); true for anything malformed. */
  endsWithStopOfUse(purpose: unknown): boolean;
  /** The statistics rules (k, p%, largest k); null when malformed (statistics are then refused). */
  readonly statistics: StatisticsPolicy | null;
}

/**
 * Turns a policy document into its decision functions. The document is not validated here (callers store only
 * validated ones); whatever is malformed in it decides HIDDEN, never CLEAR. Decisions are memoised per compiled
 * version: they are pure and run once per personal field per row.
 */
export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  // Through purposesOf (below): the purposes of a role are read from the document once per version.
  const roleMayDeclare = (role: unknown, purpose: unknown): boolean => typeof purpose === 'string' && purposesOf(role).includes(purpose as PurposeKey);

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

  // Each answer below is worked out once per version, here: the request path only looks it up.
  const purposesByRole = new Map<string, readonly PurposeKey[]>();
  const roleOf = (role: unknown) => (typeof role === 'string' && isObj(doc.roles) && has(doc.roles, role) ? (doc.roles as Record<string, unknown>)[role] : undefined);
  const purposesOf = (role: unknown): readonly PurposeKey[] => {
    if (typeof role !== 'string') return [];
    let list = purposesByRole.get(role);
    if (!list) {
      const r = roleOf(role);
      const raw = isObj(r) && Array.isArray(r.purposes) ? r.purposes : [];
      list = Object.freeze(raw.filter((p): p is PurposeKey => isPurposeKey(p) && isObj(doc.purposes) && has(doc.purposes, p)));
      if (purposesByRole.size < 1_000) purposesByRole.set(role, list);
    }
    return list;
  };
  const maskOf = (category: unknown): MaskKind | null => {
    const c = typeof category === 'string' && isObj(doc.categories) && has(doc.categories, category) ? (doc.categories as Record<string, unknown>)[category] : undefined;
    const kind = isObj(c) ? c.mask : undefined;
    return (MASK_KINDS as readonly unknown[]).includes(kind) ? kind as MaskKind : null;
  };
  const needsConsent = (purpose: unknown): boolean => {
    const p = typeof purpose === 'string' && isObj(doc.purposes) && has(doc.purposes, purpose) ? (doc.purposes as Record<string, unknown>)[purpose] : undefined;
    return !isObj(p) || p.needsConsent !== false;
  };
  const stopped = Array.isArray(doc.stoppedUseExcludedPurposes) ? doc.stoppedUseExcludedPurposes as readonly unknown[] : null;
  const endsWithStopOfUse = (purpose: unknown): boolean => !stopped || stopped.includes(purpose);
  const s = doc.statistics as StatisticsPolicy | undefined;
  const statistics = isObj(s) && !statisticsPolicyProblems(s).length
    ? Object.freeze({ minGroupSize: s.minGroupSize, dominancePercent: s.dominancePercent, maxGroupSize: s.maxGroupSize }) : null;

  return Object.freeze({ document: doc, decideAccess, roleMayDeclare, buildMatrix, purposesOf, maskOf, needsConsent, endsWithStopOfUse, statistics });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isAccess(v: unknown): v is Access {
  return v === 'CLEAR' || v === 'MASKED' || v === 'HIDDEN';
}
