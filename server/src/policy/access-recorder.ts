/** What one request returned about each data subject (customer): fields served clear and masked/hidden. */
export interface SubjectAccess {
  clear: Set<string>;
  masked: Set<string>;
}

/**
 * Collects, during one request, every personal field served and about whom. The access trail
 * writes it before the response leaves (no clear read without its entry).
 */
export class AccessRecorder {
  readonly subjects = new Map<number, SubjectAccess>();

  record(subjectId: number | null | undefined, field: string, clear: boolean): void {
    if (subjectId == null) return;
    let entry = this.subjects.get(subjectId);
    if (!entry) {
      entry = { clear: new Set(), masked: new Set() };
      this.subjects.set(subjectId, entry);
    }
    (clear ? entry.clear : entry.masked).add(field);
  }

  get hasClear(): boolean {
    for (const s of this.subjects.values()) if (s.clear.size) return true;
    return false;
  }
}
