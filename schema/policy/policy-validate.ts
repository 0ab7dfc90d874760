import { CATEGORY_KEYS, MASK_KINDS } from './categories';
import { ACCESS_VALUES } from './matrix-seed';
import { type PolicyDocument, seedPolicyDocument } from './policy-document';
import { PURPOSE_KEYS } from './purposes';
import { ROLE_KEYS, ROLES } from './roles';
import { STATISTICS_MIN_K } from './statistics';

/** Why a policy document is refused. `path` names the cell or setting, dot-separated (`matrix.SHIPPING.contact.email`). */
export interface PolicyProblem {
  code: PolicyProblemCode;
  path: string;
  message: string;
}

export type PolicyProblemCode =
  | 'NOT_AN_OBJECT' | 'UNKNOWN_KEY' | 'MISSING' | 'BAD_VALUE' | 'UNCLASSIFIED'
  | 'CONTRACTOR_PURPOSE' | 'CONTRACTOR_CATEGORY' | 'CONTRACTOR_FLAG';

const TOP_KEYS = ['format', 'label', 'categories', 'purposes', 'stoppedUseExcludedPurposes', 'roles', 'matrix', 'ceilings', 'statistics'];
const ROLE_FIELDS = ['ja', 'en', 'contractor', 'purposes', 'only', 'clearBecomesMasked'];
const PURPOSE_FIELDS = ['no', 'ja', 'en', 'needsConsent'];
const CATEGORY_FIELDS = ['ja', 'en', 'mask'];
const STATISTICS_FIELDS = ['minGroupSize', 'dominancePercent', 'maxGroupSize'];

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= 200;

/**
 * Everything wrong with a policy document, each naming its cell (empty: valid). The keys are the code's: no
 * unknown or missing role, purpose or category (a category missing from a purpose row would leave its fields
 * unclassified). A contractor's purposes and categories never exceed its agreement — the seed's, which the
 * contractor agreements (schema/policy/roles.ts `only`) were made under — and a contractor stays a contractor.
 */
export function validatePolicyDocument(doc: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (code: PolicyProblemCode, path: string, message: string) => problems.push({ code, path, message });
  if (!isObject(doc)) return [{ code: 'NOT_AN_OBJECT', path: '', message: 'The policy document must be a JSON object' }];
  const keysOf = (o: Record<string, unknown>, path: string, allowed: readonly string[], required: readonly string[] = allowed) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) add('UNKNOWN_KEY', join(path, k), `Unknown key ${k}`);
    for (const k of required) if (!Object.prototype.hasOwnProperty.call(o, k)) add('MISSING', join(path, k), `${k} is missing`);
  };
  keysOf(doc, '', TOP_KEYS);
  if (doc.format !== 1) add('BAD_VALUE', 'format', 'format must be 1');
  if (!isText(doc.label)) add('BAD_VALUE', 'label', 'label must be a non-empty text of at most 200 characters');

  const section = (key: string, keys: readonly string[], each: (k: string, v: Record<string, unknown>, path: string) => void) => {
    const o = doc[key];
    if (!isObject(o)) return void add('BAD_VALUE', key, `${key} must be an object`);
    keysOf(o, key, keys);
    for (const k of keys) {
      if (isObject(o[k])) each(k, o[k] as Record<string, unknown>, `${key}.${k}`);
      else if (o[k] !== undefined) add('BAD_VALUE', `${key}.${k}`, `${key}.${k} must be an object`);
    }
  };
  section('categories', CATEGORY_KEYS, (_, c, path) => {
    keysOf(c, path, CATEGORY_FIELDS);
    labels(c, path, add);
    if (!(MASK_KINDS as readonly unknown[]).includes(c.mask)) add('BAD_VALUE', `${path}.mask`, `mask must be one of ${MASK_KINDS.join(', ')}`);
  });
  section('purposes', PURPOSE_KEYS, (_, p, path) => {
    keysOf(p, path, PURPOSE_FIELDS);
    labels(p, path, add);
    if (p.no !== null && !(Number.isInteger(p.no) && (p.no as number) > 0)) add('BAD_VALUE', `${path}.no`, 'no must be a positive whole number or null');
    if (typeof p.needsConsent !== 'boolean') add('BAD_VALUE', `${path}.needsConsent`, 'needsConsent must be true or false');
  });
  purposeList(doc.stoppedUseExcludedPurposes, 'stoppedUseExcludedPurposes', add);
  section('matrix', PURPOSE_KEYS, (_, row, path) => {
    for (const k of Object.keys(row)) if (!(CATEGORY_KEYS as readonly string[]).includes(k)) add('UNKNOWN_KEY', `${path}.${k}`, `Unknown category ${k}`);
    for (const c of CATEGORY_KEYS) {
      if (row[c] === undefined) add('UNCLASSIFIED', `${path}.${c}`, `${path}.${c} is not decided (CLEAR, MASKED or HIDDEN)`);
      else if (!(ACCESS_VALUES as readonly unknown[]).includes(row[c])) add('BAD_VALUE', `${path}.${c}`, 'A cell is CLEAR, MASKED or HIDDEN');
    }
  });
  if (!isObject(doc.ceilings)) add('BAD_VALUE', 'ceilings', 'ceilings must be an object');
  else {
    for (const [k, v] of Object.entries(doc.ceilings)) {
      if (!(CATEGORY_KEYS as readonly string[]).includes(k)) add('UNKNOWN_KEY', `ceilings.${k}`, `Unknown category ${k}`);
      else if (!(ACCESS_VALUES as readonly unknown[]).includes(v)) add('BAD_VALUE', `ceilings.${k}`, 'A ceiling is CLEAR, MASKED or HIDDEN');
    }
  }
  const agreement = seedPolicyDocument().roles;
  section('roles', ROLE_KEYS, (role, r, path) => {
    keysOf(r, path, ROLE_FIELDS, ['ja', 'en', 'contractor', 'purposes']);
    labels(r, path, add);
    purposeList(r.purposes, `${path}.purposes`, add);
    if (r.only !== undefined) categoryList(r.only, `${path}.only`, add);
    if (r.clearBecomesMasked !== undefined && typeof r.clearBecomesMasked !== 'boolean') add('BAD_VALUE', `${path}.clearBecomesMasked`, 'clearBecomesMasked must be true or false');
    const seed = agreement[role as keyof typeof agreement];
    if (r.contractor !== seed.contractor) add('CONTRACTOR_FLAG', `${path}.contractor`, `${role} is ${seed.contractor ? '' : 'not '}a contractor: its agreement decides that`);
    if (!ROLES[role as keyof typeof ROLES].contractor) return;
    for (const p of Array.isArray(r.purposes) ? r.purposes : []) {
      if (!(seed.purposes as readonly unknown[]).includes(p)) add('CONTRACTOR_PURPOSE', `${path}.purposes.${String(p)}`, `${role} is a contractor whose agreement does not cover ${String(p)}`);
    }
    if (!Array.isArray(r.only)) return void add('CONTRACTOR_CATEGORY', `${path}.only`, `${role} is a contractor: it must keep a list of the only categories its agreement covers`);
    for (const c of r.only) {
      if (!(seed.only as readonly unknown[] | undefined)?.includes(c)) add('CONTRACTOR_CATEGORY', `${path}.only.${String(c)}`, `${role} is a contractor whose agreement does not cover ${String(c)}`);
    }
  });
  if (!isObject(doc.statistics)) add('BAD_VALUE', 'statistics', 'statistics must be an object');
  else {
    const s = doc.statistics;
    keysOf(s, 'statistics', STATISTICS_FIELDS);
    const k = s.minGroupSize as number;
    if (!Number.isInteger(k) || k < STATISTICS_MIN_K) add('BAD_VALUE', 'statistics.minGroupSize', `k must be a whole number of at least ${STATISTICS_MIN_K}`);
    if (!Number.isInteger(s.maxGroupSize) || (s.maxGroupSize as number) < k) add('BAD_VALUE', 'statistics.maxGroupSize', 'maxGroupSize must be a whole number of at least minGroupSize');
    const p = s.dominancePercent as number;
    if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 100) add('BAD_VALUE', 'statistics.dominancePercent', 'dominancePercent must be more than 0 and at most 100');
  }
  return problems;
}

/** The document after validation (throws the first problem's message otherwise): for stored documents. */
export function asPolicyDocument(doc: unknown): PolicyDocument {
  const problems = validatePolicyDocument(doc);
  if (problems.length) throw new Error(`invalid policy document at ${problems[0].path}: ${problems[0].message}`);
  return doc as PolicyDocument;
}

type Add = (code: PolicyProblemCode, path: string, message: string) => void;

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function labels(o: Record<string, unknown>, path: string, add: Add) {
  for (const k of ['ja', 'en']) if (!isText(o[k])) add('BAD_VALUE', `${path}.${k}`, `${k} must be a non-empty text of at most 200 characters`);
}

function purposeList(v: unknown, path: string, add: Add) {
  if (!Array.isArray(v)) return void add('BAD_VALUE', path, `${path} must be a list of purposes`);
  for (const p of v) if (!(PURPOSE_KEYS as readonly unknown[]).includes(p)) add('UNKNOWN_KEY', `${path}.${String(p)}`, `Unknown purpose ${String(p)}`);
  if (new Set(v).size !== v.length) add('BAD_VALUE', path, 'A purpose is listed twice');
}

function categoryList(v: unknown, path: string, add: Add) {
  if (!Array.isArray(v)) return void add('BAD_VALUE', path, `${path} must be a list of categories`);
  for (const c of v) if (!(CATEGORY_KEYS as readonly unknown[]).includes(c)) add('UNKNOWN_KEY', `${path}.${String(c)}`, `Unknown category ${String(c)}`);
  if (new Set(v).size !== v.length) add('BAD_VALUE', path, 'A category is listed twice');
}
