import { compilePolicy } from './policy-compile';
import { canonicalJson, type PolicyDocument } from './policy-document';
import type { Access } from './matrix-seed';

/** One difference between two policy documents, named by its path (as validatePolicyDocument names cells). */
export interface PolicyChange {
  /** `matrix.<purpose>.<category>`, `roles.<role>.purposes`, `roles.<role>.only`, `statistics.minGroupSize`… */
  path: string;
  /** What kind of thing changed: CELL, ROLE_PURPOSES, ROLE_ONLY, ROLE, PURPOSE, CATEGORY, CEILING, STATISTICS_SETTING, STOPPED_USE, LABEL. */
  kind: string;
  before: unknown;
  after: unknown;
  /** For a list: what was added and what removed. */
  added?: string[];
  removed?: string[];
}

/** A role × purpose × category answer that differs between two versions (what a read would be served as). */
export interface EffectiveChange {
  role: string;
  purpose: string;
  category: string;
  before: Access;
  after: Access;
}

// Key order does not count (a stored document comes back in jsonb's order); list order does.
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
/** The keys of both, `a`'s (the newer document's) order first. */
const keysOf = (a: unknown, b: unknown) => [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
const get = (o: unknown, k: string): unknown => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined);

/**
 * The differences from `before` to `after`, in document order: every changed matrix cell, role list,
 * override and setting, one entry each (a list's entry says what was added and removed).
 */
export function diffPolicyDocuments(before: PolicyDocument, after: PolicyDocument): PolicyChange[] {
  const out: PolicyChange[] = [];
  const push = (path: string, kind: string, b: unknown, a: unknown) => {
    if (same(b, a)) return;
    if (Array.isArray(b) || Array.isArray(a)) {
      const [bs, as] = [(b ?? []) as string[], (a ?? []) as string[]];
      out.push({ path, kind, before: b ?? null, after: a ?? null, added: as.filter((x) => !bs.includes(x)), removed: bs.filter((x) => !as.includes(x)) });
    } else out.push({ path, kind, before: b ?? null, after: a ?? null });
  };
  push('label', 'LABEL', before.label, after.label);
  for (const c of keysOf(after.categories, before.categories)) push(`categories.${c}`, 'CATEGORY', get(before.categories, c), get(after.categories, c));
  for (const p of keysOf(after.purposes, before.purposes)) push(`purposes.${p}`, 'PURPOSE', get(before.purposes, p), get(after.purposes, p));
  push('stoppedUseExcludedPurposes', 'STOPPED_USE', before.stoppedUseExcludedPurposes, after.stoppedUseExcludedPurposes);
  for (const r of keysOf(after.roles, before.roles)) {
    const [b, a] = [get(before.roles, r), get(after.roles, r)];
    if (!b || !a) { push(`roles.${r}`, 'ROLE', b, a); continue; }
    push(`roles.${r}.purposes`, 'ROLE_PURPOSES', get(b, 'purposes'), get(a, 'purposes'));
    push(`roles.${r}.only`, 'ROLE_ONLY', get(b, 'only'), get(a, 'only'));
    for (const k of keysOf(a, b)) if (k !== 'purposes' && k !== 'only') push(`roles.${r}.${k}`, 'ROLE', get(b, k), get(a, k));
  }
  for (const p of keysOf(after.matrix, before.matrix)) {
    const [b, a] = [get(before.matrix, p), get(after.matrix, p)];
    for (const c of keysOf(a, b)) push(`matrix.${p}.${c}`, 'CELL', get(b, c), get(a, c));
  }
  for (const c of keysOf(after.ceilings, before.ceilings)) push(`ceilings.${c}`, 'CEILING', get(before.ceilings, c), get(after.ceilings, c));
  for (const k of keysOf(after.statistics, before.statistics)) push(`statistics.${k}`, 'STATISTICS_SETTING', get(before.statistics, k), get(after.statistics, k));
  return out;
}

/** Every role × purpose × category whose answer differs between the two versions (roles and purposes of either). */
export function effectiveChanges(before: PolicyDocument, after: PolicyDocument): EffectiveChange[] {
  const [b, a] = [compilePolicy(before), compilePolicy(after)];
  const out: EffectiveChange[] = [];
  const categories = keysOf(after.categories, before.categories);
  for (const role of keysOf(after.roles, before.roles)) {
    const purposes = new Set([...(get(get(before.roles, role), 'purposes') as string[] ?? []), ...(get(get(after.roles, role), 'purposes') as string[] ?? [])]);
    for (const purpose of purposes) {
      for (const category of categories) {
        const [x, y] = [b.decideAccess(role, purpose, category), a.decideAccess(role, purpose, category)];
        if (x !== y) out.push({ role, purpose, category, before: x, after: y });
      }
    }
  }
  return out;
}
