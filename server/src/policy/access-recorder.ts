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

  /** Records every field of `fields` for one subject (the set itself is kept while the subject has no other). */
  recordFields(subjectId: number | null | undefined, fields: SubjectAccess): void {
    if (subjectId == null || (!fields.clear.size && !fields.masked.size)) return;
    if (!this.subjects.has(subjectId)) {
      this.subjects.set(subjectId, fields.shared ? fields : sharedFields(fields.clear, fields.masked));
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
