// Which months trail:archive may take (#20 item 6): those that ended at least the retention ago, counted in
// calendar months with the day clamped, so that no month leaves the database a day early.
import 'reflect-metadata';
import { describe, expect, test } from 'vitest';
import { retentionCutoff } from '../../server/src/trail/archive';

const at = (iso: string, months: number) => retentionCutoff(new Date(iso), months).toISOString();

describe('the retention cutoff', () => {
  test('the same instant the given months earlier', () => {
    expect(at('2026-12-06T15:30:00.000Z', 36)).toBe('2023-12-06T15:30:00.000Z');
    expect(at('2026-01-15T00:00:00.000Z', 13)).toBe('2024-12-15T00:00:00.000Z');
  });

  test('a day the earlier month lacks is its last day, never the day after', () => {
    expect(at('2028-02-29T12:00:00.000Z', 12)).toBe('2027-02-28T12:00:00.000Z');
    expect(at('2026-03-31T00:00:00.000Z', 13)).toBe('2025-02-28T00:00:00.000Z');
    expect(at('2026-05-31T09:00:00.000Z', 12 * 20 + 1)).toBe('2006-04-30T09:00:00.000Z');
    // So March 2027's partition (ending 1 April 2027) is due on 1 April 2028 with 12 months, not a day before.
    expect(new Date(at('2028-03-31T23:59:59.999Z', 12)) >= new Date('2027-04-01T00:00:00Z')).toBe(false);
    expect(new Date(at('2028-04-01T00:00:00.000Z', 12)) >= new Date('2027-04-01T00:00:00Z')).toBe(true);
  });
});
