import { describe, expect, it } from 'vitest';
import { isoDateTime } from '../../server/src/compiled-reads/iso-date';

describe('isoDateTime', () => {
  it('writes what toISOString writes, for years 1000 to 9999', () => {
    const first = Date.UTC(1000, 0, 1);
    const last = Date.UTC(10_000, 0, 1) - 1;
    const edges = [first, last, 0, -1, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 2, 1), Date.UTC(2026, 11, 31, 15)];
    let seed = 20261207;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const times = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(first + random() * (last - first)))];
    for (const t of times) expect(isoDateTime(new Date(t))).toBe(new Date(t).toISOString());
  });
  it('leaves any other date to the caller', () => {
    expect(isoDateTime(new Date(Date.UTC(1000, 0, 1) - 1))).toBeNull();
    expect(isoDateTime(new Date(Date.UTC(10_000, 0, 1)))).toBeNull();
    expect(isoDateTime(new Date(Number.NaN))).toBeNull();
  });
});
