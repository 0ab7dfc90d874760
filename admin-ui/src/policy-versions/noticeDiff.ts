/** A notice as the API gives it (privacyNotice / privacyNoticeHistory). */
export interface NoticeSectionView { key: string; heading: string; items: string[] }
export interface NoticeView {
  id: string; policyVersion: number; policyLabel: string; publishedAt: string; generatedAt: string; cause: string;
  hash: string; previousHash: string | null; inForce: boolean; title: string; sections: NoticeSectionView[];
}

/** One section's difference: the items only the older notice has, and those only the newer has, in their order. */
export interface SectionDiff { key: string; heading: string; removed: string[]; added: string[]; kept: number }

/** Items of `a` not matched in `b`, counting repeats (an item listed twice and kept once is one removal). */
function minus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n > 0) { left.set(x, n - 1); return false; }
    return true;
  });
}

/**
 * The difference between two notices, section by section (sections matched by key, in the newer notice's order,
 * then those only the older one has): what a reader of the older notice would find gone and new. Pure.
 */
export function noticeDiff(older: NoticeView, newer: NoticeView): SectionDiff[] {
  const before = new Map(older.sections.map((s) => [s.key, s]));
  const after = new Map(newer.sections.map((s) => [s.key, s]));
  const keys = [...newer.sections.map((s) => s.key), ...older.sections.map((s) => s.key).filter((k) => !after.has(k))];
  return keys.map((key) => {
    const a = before.get(key)?.items ?? [];
    const b = after.get(key)?.items ?? [];
    const removed = minus(a, b);
    return { key, heading: (after.get(key) ?? before.get(key))!.heading, removed, added: minus(b, a), kept: a.length - removed.length };
  });
}
