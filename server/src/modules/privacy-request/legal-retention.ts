import { addDays, addYears } from '../../common/japan-dates';

/**
 * Legal retention duties that outlast a deletion request (【11】 "法的な保管義務"), as data: record kind →
 * law → the event the period counts from → years. Dates are Japanese calendar dates (YYYY-MM-DD); a
 * period counts from the day after its start event (民法第140条, 初日不算入) and ends on the day before
 * the same date N years on (第143条), so a record falls due for deletion on that anniversary (`dueAt`)
 * and is kept through the day before (`keptUntil`). docs/legal-retention.md gives the sources.
 */
export const ENTITY_TYPES = ['GODO_KAISHA', 'GOMEI_KAISHA', 'GOSHI_KAISHA', 'KABUSHIKI_KAISHA'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  GODO_KAISHA: '合同会社', GOMEI_KAISHA: '合名会社', GOSHI_KAISHA: '合資会社', KABUSHIKI_KAISHA: '株式会社',
};

/** The settings the duties depend on, set by the privacy manager (legal-settings.ts). */
export interface LegalRetentionSettings {
  /** The last day of the fiscal year, `MM-DD` (a month's last day means the month's end, so 02-28 is 2/29 in a leap year). */
  fiscalYearEnd: string;
  entityType: EntityType;
  /** Fiscal years with a loss (欠損金) carried forward, each named by the calendar year its last day falls in. */
  lossFiscalYears: number[];
  /** Months from the fiscal year end to the corporate tax filing deadline (法人税法第74条: 2; 3 with an extension under 第75条の2). */
  filingDeadlineMonths: number;
  /**
   * Months the access trail stays in the database (`npm run trail:archive` exports and drops the monthly
   * partitions that ended longer ago): TRAIL_RETENTION_MONTHS bounds it; docs/trail.md section 6 argues them.
   */
  trailRetentionMonths: number;
}

/**
 * Bounds of the trail's retention in months. No statute sets one for access records; the store's choice:
 * at least a year (leak reports under 個人情報保護法第26条 and the yearly audit look back that far), by
 * default three years (民法第724条第1号: a claim for damages lapses three years after the person learns of
 * the harm and who did it), at most twenty (第724条第2号: twenty years after the act no claim remains, and
 * 個人情報保護法第22条 asks that data no longer needed be erased without delay).
 */
export const TRAIL_RETENTION_MONTHS = { min: 12, default: 36, max: 240 } as const;

/** The kinds of record a legal duty keeps after an erasure (as the deletion answer names them). */
export type RecordKind = 'orders' | 'orderItems' | 'provisionRecords';

/** The event a period counts from. */
export type StartEvent = 'BOOKS_CLOSED' | 'FILING_DEADLINE' | 'RECORD_CREATED';

export const START_EVENT_LABELS: Record<StartEvent, string> = {
  BOOKS_CLOSED: '帳簿の閉鎖(事業年度末)の翌日から',
  FILING_DEADLINE: '確定申告書の提出期限の翌日から',
  RECORD_CREATED: '記録を作成した日の翌日から',
};

export interface RetentionRule {
  id: string;
  records: readonly RecordKind[];
  law: string;
  start: StartEvent;
  years: number;
  /** Years for a record of a loss fiscal year, when they differ. */
  lossYears?: number;
  /** The entity types the rule binds (all when absent). */
  entityTypes?: readonly EntityType[];
}

const TRANSACTION_RECORDS: readonly RecordKind[] = ['orders', 'orderItems'];

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    id: 'CORPORATE_TAX_BOOKS', records: TRANSACTION_RECORDS, start: 'FILING_DEADLINE', years: 7, lossYears: 10,
    law: '法人税法第126条・同法施行規則第59条(取引に関して作成・受領した書類。欠損金の生じた事業年度は第26条の3により10年)',
  },
  {
    id: 'COMPANY_LAW_MOCHIBUN', records: TRANSACTION_RECORDS, start: 'BOOKS_CLOSED', years: 10,
    entityTypes: ['GODO_KAISHA', 'GOMEI_KAISHA', 'GOSHI_KAISHA'],
    law: '会社法第615条第2項(持分会社の会計帳簿及び事業に関する重要な資料)',
  },
  {
    id: 'COMPANY_LAW_KABUSHIKI', records: TRANSACTION_RECORDS, start: 'BOOKS_CLOSED', years: 10, entityTypes: ['KABUSHIKI_KAISHA'],
    law: '会社法第432条第2項(株式会社の会計帳簿及び事業に関する重要な資料)',
  },
  {
    id: 'APPI_PROVISION_RECORDS', records: ['provisionRecords'], start: 'RECORD_CREATED', years: 3,
    law: '個人情報保護法第29条第2項・同法施行規則第21条(第三者提供の記録)',
  },
];

/** One duty that holds a record: which law, from which event, until which date. */
export interface Hold {
  rule: string;
  law: string;
  start: StartEvent;
  startDate: string;
  years: number;
  /** The last day the record must be kept. */
  keptUntil: string;
  /** The first day it may be deleted. */
  dueAt: string;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Whether `MM-DD` is a day of the year (02-29 is not: a fiscal year ending with February is written 02-28). */
export function isFiscalYearEnd(mmdd: unknown): mmdd is string {
  if (typeof mmdd !== 'string') return false;
  const m = /^(\d{2})-(\d{2})$/.exec(mmdd);
  if (!m) return false;
  const [month, day] = [Number(m[1]), Number(m[2])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(2001, month);
}

/** The last day of the fiscal year that ends in calendar year `year`. */
export function fiscalYearEndIn(year: number, fiscalYearEnd: string): string {
  const [month, day] = fiscalYearEnd.split('-').map(Number);
  const monthEnd = day === daysIn(2001, month);
  return ymd(year, month, monthEnd ? daysIn(year, month) : day);
}

/** The last day of the fiscal year `date` belongs to. */
export function fiscalYearEndOf(date: string, fiscalYearEnd: string): string {
  const year = Number(date.slice(0, 4));
  const end = fiscalYearEndIn(year, fiscalYearEnd);
  return date <= end ? end : fiscalYearEndIn(year + 1, fiscalYearEnd);
}

/**
 * The last day of a period of `months` months that starts on `start` (民法第143条: it ends the day before
 * the same day `months` later; with no such day, on the last day of that month).
 */
export function periodEnd(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (d === 1) return addDays(ymd(year, month, 1), -1);
  return d > daysIn(year, month) ? ymd(year, month, daysIn(year, month)) : addDays(ymd(year, month, d), -1);
}

/** The corporate tax filing deadline of the fiscal year ending on `fyEnd`. */
export function filingDeadlineOf(fyEnd: string, months: number): string {
  return periodEnd(addDays(fyEnd, 1), months);
}

function startDateOf(rule: RetentionRule, recordDate: string, s: LegalRetentionSettings): string {
  const fyEnd = fiscalYearEndOf(recordDate, s.fiscalYearEnd);
  if (rule.start === 'BOOKS_CLOSED') return fyEnd;
  if (rule.start === 'FILING_DEADLINE') return filingDeadlineOf(fyEnd, s.filingDeadlineMonths);
  return recordDate;
}

/** The duties that hold a record of `kind` dated `recordDate` (the order's or the record's date in Japan). */
export function holdsOn(kind: RecordKind, recordDate: string, s: LegalRetentionSettings): Hold[] {
  const lossYear = s.lossFiscalYears.includes(Number(fiscalYearEndOf(recordDate, s.fiscalYearEnd).slice(0, 4)));
  return RETENTION_RULES
    .filter((r) => r.records.includes(kind) && (!r.entityTypes || r.entityTypes.includes(s.entityType)))
    .map((r) => {
      const years = lossYear && r.lossYears ? r.lossYears : r.years;
      const startDate = startDateOf(r, recordDate, s);
      const dueAt = addYears(addDays(startDate, 1), years);
      return { rule: r.id, law: r.law, start: r.start, startDate, years, dueAt, keptUntil: addDays(dueAt, -1) };
    });
}

/** The hold that lasts longest (the one that decides), or null when no duty keeps the record. */
export function governingHold(holds: readonly Hold[]): Hold | null {
  return holds.reduce<Hold | null>((best, h) => (!best || h.dueAt > best.dueAt ? h : best), null);
}

/** The first day a record of `kind` dated `recordDate` may be deleted (its own date when no duty keeps it). */
export function dueDateOf(kind: RecordKind, recordDate: string, s: LegalRetentionSettings): string {
  return governingHold(holdsOn(kind, recordDate, s))?.dueAt ?? recordDate;
}
