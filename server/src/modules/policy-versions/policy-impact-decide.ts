import { type Access, classifyField, compilePolicy, type PolicyDocument } from '../../../../schema/policy';

/** Access entries of one role × purpose served with one pair of field lists (the trail grouped by them). */
export interface ServedGroup {
  role: string;
  purpose: string;
  clearFields: string[];
  maskedFields: string[];
  /** Entries (one per customer served) in the group. */
  entries: number;
}

/** A role × purpose × field whose answer the draft changes, with how it was served (the trail's lists). */
export interface ChangedRead {
  role: string;
  purpose: string;
  /** `Type.field` as the trail records it. */
  field: string;
  category: string | null;
  /** Whether the trail has it in clear_fields (else in masked_fields: served masked or hidden). */
  servedClear: boolean;
  before: Access;
  after: Access;
  /** TIGHTENED: the draft serves it less (CLEAR → MASKED/HIDDEN, MASKED → HIDDEN); WIDENED: the reverse. */
  direction: 'TIGHTENED' | 'WIDENED';
  /** Entries with this field in this list (an upper bound per field: one entry may be in several groups). */
  entries: number;
}

const RANK: Record<Access, number> = { CLEAR: 0, MASKED: 1, HIDDEN: 2 };

/**
 * Decides each distinct role × purpose × field of the trail once under both documents and keeps those whose answer
 * changes. `before` is the version in force's answer; a read the trail shows served otherwise than that answer
 * (clear where it decides MASKED/HIDDEN or the reverse: served under an older version, or free text holding
 * sensitive words, which its cell cannot tell) is left out, so what is reported is the draft's doing only.
 */
export function changedReads(groups: ServedGroup[], inForce: PolicyDocument, draft: PolicyDocument): ChangedRead[] {
  const now = compilePolicy(inForce);
  const next = compilePolicy(draft);
  const byKey = new Map<string, ChangedRead | null>();
  const visit = (g: ServedGroup, field: string, servedClear: boolean) => {
    const key = `${g.role}|${g.purpose}|${field}|${servedClear ? 'c' : 'm'}`;
    const known = byKey.get(key);
    if (known !== undefined) {
      if (known) known.entries += g.entries;
      return;
    }
    const category = categoryOf(field);
    const before = now.decideAccess(g.role, g.purpose, category);
    const after = next.decideAccess(g.role, g.purpose, category);
    if (before === after || servedClear !== (before === 'CLEAR')) {
      byKey.set(key, null);
      return;
    }
    byKey.set(key, {
      role: g.role, purpose: g.purpose, field, category, servedClear, before, after, entries: g.entries,
      direction: RANK[after] > RANK[before] ? 'TIGHTENED' : 'WIDENED',
    });
  };
  for (const g of groups) {
    for (const f of g.clearFields) visit(g, f, true);
    for (const f of g.maskedFields) visit(g, f, false);
  }
  return [...byKey.values()].filter((c): c is ChangedRead => c !== null);
}

/** The category of a trail field path `Type.field` (null: not classified, decided HIDDEN under both). */
export function categoryOf(path: string): string | null {
  const dot = path.indexOf('.');
  if (dot < 0) return null;
  return classifyField(path.slice(0, dot), path.slice(dot + 1))?.category ?? null;
}
