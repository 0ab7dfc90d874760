// Legal retention counted as the laws count it: from the fiscal year's close or the filing deadline, by entity type and loss years.
import { describe, expect, test } from 'vitest';
import {
  dueDateOf, filingDeadlineOf, fiscalYearEndOf, governingHold, holdsOn, isFiscalYearEnd, type LegalRetentionSettings, periodEnd,
} from '../../server/src/modules/privacy-request/legal-retention';

const llc = (over: Partial<LegalRetentionSettings> = {}): LegalRetentionSettings =>
  ({ fiscalYearEnd: '03-31', entityType: 'GODO_KAISHA', lossFiscalYears: [], filingDeadlineMonths: 2, trailRetentionMonths: 36, ...over });

describe('fiscal years', () => {
  test('a date belongs to the fiscal year that ends on or after it', () => {
    expect(fiscalYearEndOf('2025-03-31', '03-31')).toBe('2025-03-31');
    expect(fiscalYearEndOf('2025-04-01', '03-31')).toBe('2026-03-31');
    expect(fiscalYearEndOf('2025-01-01', '12-31')).toBe('2025-12-31');
    expect(fiscalYearEndOf('2024-12-31', '12-31')).toBe('2024-12-31');
  });

  test('a fiscal year ending with February ends on 29 February in a leap year', () => {
    expect(fiscalYearEndOf('2024-02-29', '02-28')).toBe('2024-02-29');
    expect(fiscalYearEndOf('2024-03-01', '02-28')).toBe('2025-02-28');
    expect(fiscalYearEndOf('2023-02-28', '02-28')).toBe('2023-02-28');
  });

  test('only real days of the year are fiscal year ends', () => {
    for (const ok of ['03-31', '12-31', '02-28', '09-20']) expect(isFiscalYearEnd(ok), ok).toBe(true);
    for (const bad of ['02-29', '02-30', '04-31', '13-01', '00-10', '3-31', '03-31 ', '', null, 331]) expect(isFiscalYearEnd(bad), String(bad)).toBe(false);
  });

  test('the filing deadline is two months after the year end, counted as the Civil Code counts months', () => {
    expect(filingDeadlineOf('2025-03-31', 2)).toBe('2025-05-31');
    expect(filingDeadlineOf('2024-12-31', 2)).toBe('2025-02-28');
    expect(filingDeadlineOf('2023-12-31', 2)).toBe('2024-02-29');
    expect(filingDeadlineOf('2025-09-20', 2)).toBe('2025-11-20');
    expect(filingDeadlineOf('2024-12-30', 2)).toBe('2025-02-28'); // no 31 February: the month's last day
    expect(filingDeadlineOf('2025-03-31', 3)).toBe('2025-06-30');
    expect(periodEnd('2025-06-01', 84)).toBe('2032-05-31');
  });
});

describe('the duties on an order', () => {
  test('as an LLC: company law (615条) keeps it 10 years from the close of its fiscal year; tax law 7 from the filing deadline', () => {
    const holds = holdsOn('orders', '2025-02-10', llc());
    expect(holds.map((h) => [h.rule, h.startDate, h.keptUntil, h.dueAt])).toEqual([
      ['CORPORATE_TAX_BOOKS', '2025-05-31', '2032-05-31', '2032-06-01'],
      ['COMPANY_LAW_MOCHIBUN', '2025-03-31', '2035-03-31', '2035-04-01'],
    ]);
    expect(governingHold(holds)?.law).toContain('会社法第615条');
  });

  test('the last day of a fiscal year and the first day of the next fall due a year apart', () => {
    expect(dueDateOf('orders', '2025-03-31', llc())).toBe('2035-04-01');
    expect(dueDateOf('orders', '2025-04-01', llc())).toBe('2036-04-01');
    expect(dueDateOf('orders', '2024-12-31', llc({ fiscalYearEnd: '12-31' }))).toBe('2035-01-01');
    expect(dueDateOf('orders', '2025-01-01', llc({ fiscalYearEnd: '12-31' }))).toBe('2036-01-01');
  });

  test('a 株式会社 is held by 会社法432条 instead of 615条', () => {
    const holds = holdsOn('orders', '2025-02-10', llc({ entityType: 'KABUSHIKI_KAISHA' }));
    expect(holds.map((h) => h.rule)).toEqual(['CORPORATE_TAX_BOOKS', 'COMPANY_LAW_KABUSHIKI']);
    expect(holds[1].law).toContain('第432条');
  });

  test('a loss year keeps tax records 10 years from the filing deadline, which then outlasts company law', () => {
    const s = llc({ lossFiscalYears: [2025] });
    const holds = holdsOn('orders', '2025-02-10', s);
    expect(holds.find((h) => h.rule === 'CORPORATE_TAX_BOOKS')).toMatchObject({ years: 10, keptUntil: '2035-05-31', dueAt: '2035-06-01' });
    expect(governingHold(holds)?.rule).toBe('CORPORATE_TAX_BOOKS');
    // The loss year is the fiscal year, not the calendar year: an order of April 2025 belongs to the year ending in 2026.
    expect(holdsOn('orders', '2025-04-01', s).find((h) => h.rule === 'CORPORATE_TAX_BOOKS')?.years).toBe(7);
  });

  test('an extended filing deadline moves the tax duty by a month', () => {
    expect(holdsOn('orders', '2025-02-10', llc({ filingDeadlineMonths: 3, lossFiscalYears: [2025] }))[0].dueAt).toBe('2035-07-01');
  });

  test('a provision record is kept 3 years from the day it was made (29 February: to the end of February)', () => {
    expect(holdsOn('provisionRecords', '2025-06-15', llc()).map((h) => [h.rule, h.keptUntil, h.dueAt]))
      .toEqual([['APPI_PROVISION_RECORDS', '2028-06-15', '2028-06-16']]);
    expect(holdsOn('provisionRecords', '2024-02-29', llc())[0].keptUntil).toBe('2027-02-28');
  });
});
