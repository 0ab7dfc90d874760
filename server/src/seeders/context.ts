import { type Rng } from './random';

export const DAY = 86_400_000;
const JST_OFFSET = 9 * 3_600_000;

/** Midnight today in Japan, as epoch ms: every generated date is relative to it (same seed, same day → same data). */
export function todayInJapan(now = Date.now()): number {
  return Math.floor((now + JST_OFFSET) / DAY) * DAY - JST_OFFSET;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
/** The calendar date in Japan of an instant, `YYYY-MM-DD`. */
export const jstDate = (ms: number): string => new Date(ms + JST_OFFSET).toISOString().slice(0, 10);
/** An instant during Japanese business hours (9:00–20:59) on the day of `dayMs`, moved back whole days if after `limit`. */
export function duringBusinessHours(rng: Rng, dayMs: number, limit: number): number {
  const t = todayInJapan(dayMs) + 9 * 3_600_000 + rng.int(0, 12 * 3_600_000 - 1);
  return t <= limit ? t : t - Math.ceil((t - limit) / DAY) * DAY;
}

/** Tables whose ids the seeder assigns itself (children refer to them before the rows are written). */
export const ID_TABLES = { customer: 'customer', order: 'order', orderItem: 'order_item', interaction: 'interaction', consent: 'consent' } as const;
export type IdTable = keyof typeof ID_TABLES;

export interface ProductRef {
  id: number;
  name: string;
  priceYen: number;
}

/** What generators share: the seed's clock, ids handed out so far and the reference rows. */
export interface SeedContext {
  seed: number;
  today: number;
  /** The last id used per table; generators take the next ones (ids are assigned here, not by serial). */
  ids: Record<IdTable, number>;
  /** The last seeded customer and order numbers (C0000001…, O000000001…; the app numbers from C5000000 / O500000000). */
  numbers: { customer: number; order: number };
  products: ProductRef[];
  /** Delivery contractors and how much of the volume each one carries. */
  carriers: { id: number; weight: number }[];
  supportStaffIds: number[];
  privacyManagerId: number;
  companyNames: string[];
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');
