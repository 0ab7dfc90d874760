import { CATEGORIES, type CategoryKey, type MaskKind } from './categories';
import { type Access, POLICY_VERSION, seedPurposeRows } from './matrix-seed';
import { PURPOSES, type PurposeKey, STOPPED_USE_EXCLUDED_PURPOSES } from './purposes';
import { ROLES, type RoleKey } from './roles';
import { STATISTICS_POLICY } from './statistics';

/**
 * The policy as plain JSON data: what a policy version stores (table `policy_version`), what the privacy manager
 * edits as a draft, and what compilePolicy (policy-compile.ts) turns into decisions. Version 1 is
 * seedPolicyDocument(), built from this folder's constants, so a fresh install decides exactly as before.
 * Keys are the code's keys (roles, purposes, categories): a document cannot invent a role or a category the
 * fields are not classified under (validatePolicyDocument refuses unknown keys).
 */
export interface PolicyDocument {
  /** The document's format; a stored document of another format is refused. */
  format: 1;
  /** The human label of the policy (POLICY_VERSION for the seed). */
  label: string;
  /** Data categories of 【3】 and the masking kind their masked fields get. */
  categories: Record<CategoryKey, { ja: string; en: string; mask: MaskKind }>;
  /** Purposes of use of 【4】; `needsConsent`: a live consent of the customer is required. */
  purposes: Record<PurposeKey, { no: number | null; ja: string; en: string; needsConsent: boolean }>;
  /** Purposes under which a customer whose use is stopped (【11】) is not returned. */
  stoppedUseExcludedPurposes: PurposeKey[];
  /** Roles: the purposes each may declare and its per-role overrides. */
  roles: Record<RoleKey, PolicyRole>;
  /** purpose × category → access: what each purpose needs (the role × purpose × category cell adds the role's overrides). */
  matrix: Record<PurposeKey, Record<CategoryKey, Access>>;
  /** The most any role sees of a category, whatever the purpose (the card: its last 4, MASKED). */
  ceilings: Partial<Record<CategoryKey, Access>>;
  /** Anonymised statistics (purpose 10): k-anonymity k, the p% dominance rule, the largest k a query may ask. */
  statistics: { minGroupSize: number; dominancePercent: number; maxGroupSize: number };
}

export interface PolicyRole {
  ja: string;
  en: string;
  /** A contractor (委託先): its purposes and `only` may never exceed its agreement (the seed's). */
  contractor: boolean;
  purposes: PurposeKey[];
  /** The only categories it may ever see (absent: no such limit). */
  only?: CategoryKey[];
  /** Every CLEAR answer becomes MASKED (the auditor). */
  clearBecomesMasked?: boolean;
}

/** Format 1 ceilings: the full card number does not exist in the system, nobody sees more than the last 4. */
const SEED_CEILINGS: Partial<Record<CategoryKey, Access>> = { 'financial.card': 'MASKED' };

/** Policy version 1: today's constants as a document (a fresh copy each call, safe to edit). */
export function seedPolicyDocument(label = POLICY_VERSION): PolicyDocument {
  const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  return {
    format: 1,
    label,
    categories: copy(CATEGORIES) as PolicyDocument['categories'],
    purposes: copy(PURPOSES) as PolicyDocument['purposes'],
    stoppedUseExcludedPurposes: [...STOPPED_USE_EXCLUDED_PURPOSES],
    roles: copy(ROLES) as unknown as PolicyDocument['roles'],
    matrix: seedPurposeRows(),
    ceilings: { ...SEED_CEILINGS },
    statistics: { ...STATISTICS_POLICY },
  };
}

/** JSON with object keys sorted at every level: the same document always has the same text, so the same hash
 * (sha256 of it: server/src/policy/policy-versions.ts, as this folder is also bundled into the admin UI). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}


/**
 * What of a version's document decides `role` alone: its own role and the matrix rows of its purposes, with every
 * category, purpose and setting, so that compilePolicy decides that role exactly as under the whole document
 * (test/unit/policy-in-force.test.ts). What a contractor is shown of the version in force: how the store decides
 * its own people is not a contractor's business. Not a valid document by itself (validatePolicyDocument would
 * refuse it): for compiling only. An unknown role gets no role at all (decides nothing).
 */
export function policyDocumentFor(doc: PolicyDocument, role: string): PolicyDocument {
  const own = (o: unknown, key: string): unknown => (o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined);
  const spec = own(doc.roles, role) as PolicyRole | undefined;
  const matrix: Record<string, unknown> = {};
  for (const p of spec && Array.isArray(spec.purposes) ? spec.purposes : []) {
    if (own(doc.matrix, p) !== undefined) matrix[p] = own(doc.matrix, p);
  }
  return { ...doc, roles: spec ? { [role]: spec } : {}, matrix } as unknown as PolicyDocument;
}
