import { MaskingBudget } from './masking-budget';

/** What one request returned about each data subject (customer): fields served clear and masked/hidden. */
export interface SubjectAccess {
  clear: Set<string>;
  masked: Set<string>;
  /** Set for field sets several subjects share (`recordFields`): copied before one subject's set changes. */
  readonly shared?: true;
}

/** A field set that several subjects can be recorded with at once (`AccessRecorder.recordFields`). */
export function sharedFields(clear: Iterable<string>, masked: Iterable<string>): SubjectAccess {
  return { clear: new Set(clear), masked: new Set(masked), shared: true };
}

/**
 * Collects, during one request, every personal field served and about whom. The access trail
 * writes it before the response leaves (no clear read without its entry).
 */
export class AccessRecorder {
  readonly subjects = new Map<number, SubjectAccess>();
  /** The request's free-text masking, bounded (masking-budget.ts). */
  readonly masking = new MaskingBudget();

  record(subjectId: number | null | undefined, field: string, clear: boolean): void {
    if (subjectId == null) return;
    let entry = this.subjects.get(subjectId);
    if (!entry || entry.shared) {
      entry = { clear: new Set(entry?.clear), masked: new Set(entry?.masked) };
      this.subjects.set(subjectId, entry);
    }
    (clear ? entry.clear : entry.masked).add(field);
  }

  /**
   * Records every field of `fields` for one subject (the set itself is kept while the subject has no other; a
   * subject holding a shared set gets the shared union of both: a customer and the ship-to of each order).
   */
  recordFields(subjectId: number | null | undefined, fields: SubjectAccess): void {
    if (subjectId == null || (!fields.clear.size && !fields.masked.size)) return;
    const entry = this.subjects.get(subjectId);
    if (!entry) {
      this.subjects.set(subjectId, fields.shared ? fields : sharedFields(fields.clear, fields.masked));
      return;
    }
    if (entry === fields) return;
    if (entry.shared && fields.shared) {
      this.subjects.set(subjectId, unionOf(entry, fields));
      return;
    }
    for (const f of fields.clear) this.record(subjectId, f, true);
    for (const f of fields.masked) this.record(subjectId, f, false);
  }

  get hasClear(): boolean {
    for (const s of this.subjects.values()) if (s.clear.size) return true;
    return false;
  }
}

/**
 * The union of two shared field sets, itself shared: made once per pair (`a` itself when it holds `b`) and kept
 * while `a` lives, at most UNIONS_PER_SET partners each (shared sets are a projection's few outcomes).
 */
function unionOf(a: SubjectAccess, b: SubjectAccess): SubjectAccess {
  let byPartner = unions.get(a);
  if (!byPartner) unions.set(a, (byPartner = new Map()));
  let union = byPartner.get(b);
  if (!union) {
    const holds = [...b.clear].every((f) => a.clear.has(f)) && [...b.masked].every((f) => a.masked.has(f));
    union = holds ? a : sharedFields([...a.clear, ...b.clear], [...a.masked, ...b.masked]);
    if (byPartner.size >= UNIONS_PER_SET) byPartner.clear();
    byPartner.set(b, union);
  }
  return union;
}

const UNIONS_PER_SET = 64;
const unions = new WeakMap<SubjectAccess, Map<SubjectAccess, SubjectAccess>>();
