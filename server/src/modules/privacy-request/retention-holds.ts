import { governingHold, type Hold, holdsOn, type LegalRetentionSettings, type RecordKind } from './legal-retention';
import type { ErasureItem, LegalHold } from './privacy-request.types';

/** Orders with their Japanese order date, each marked due (`today` is on or after its due date) or not. */
export function ordersDue<T extends { id: number; placed: string }>(orders: T[], s: LegalRetentionSettings, today: string): (T & { due: boolean })[] {
  const dueByDate = new Map<string, string>();
  return orders.map((o) => {
    let due = dueByDate.get(o.placed);
    if (!due) dueByDate.set(o.placed, (due = governingHold(holdsOn('orders', o.placed, s))?.dueAt ?? o.placed));
    return { ...o, due: due <= today };
  });
}

/**
 * What a deletion keeps of one record kind, and why: every duty that holds the kept records with the
 * last day it holds any of them, and the one that lasts longest as the reason. `dates` are the records' dates.
 */
export function keptItem(records: RecordKind, dates: string[], s: LegalRetentionSettings, count = dates.length): ErasureItem {
  const latest = new Map<string, Hold>();
  for (const date of new Set(dates)) {
    for (const h of holdsOn(records, date, s)) {
      const seen = latest.get(h.rule);
      if (!seen || h.dueAt > seen.dueAt) latest.set(h.rule, h);
    }
  }
  const holds: LegalHold[] = [...latest.values()].sort((a, b) => (a.dueAt < b.dueAt ? 1 : -1))
    .map((h) => ({ rule: h.rule, law: h.law, startEvent: h.start, startDate: h.startDate, years: h.years, keptUntil: h.keptUntil }));
  const governing = governingHold([...latest.values()]);
  return {
    records, count, holds,
    reason: governing ? `${governing.law}により ${governing.keptUntil} まで保存 / kept under ${governing.rule} until ${governing.keptUntil}` : null,
    dueAt: governing?.dueAt ?? null,
    keptUntil: governing?.keptUntil ?? null,
  };
}
