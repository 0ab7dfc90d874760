/** Japanese display formats. Times are always shown in Asia/Tokyo, whatever the browser's zone. */

const TOKYO = 'Asia/Tokyo';
const dateTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TOKYO, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});
const dateInTokyo = new Intl.DateTimeFormat('ja-JP', { timeZone: TOKYO, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeInTokyo = new Intl.DateTimeFormat('ja-JP', { timeZone: TOKYO, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const yen = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-11-05T01:30:00Z` → `2026/11/05 10:30`; a calendar date `1990-05-01` → `1990/05/01` (no zone shift). */
export function formatDateTime(value: unknown, withTime = true): string {
  if (value === null || value === undefined || value === '') return '';
  const dateOnly = typeof value === 'string' ? DATE_ONLY.exec(value) : null;
  if (dateOnly) return `${dateOnly[1]}/${dateOnly[2]}/${dateOnly[3]}`;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return (withTime ? dateTime : dateInTokyo).format(date);
}

export const formatDate = (value: unknown): string => formatDateTime(value, false);

/** `2026-11-05T01:30:05Z` → `10:30:05` (Tokyo). */
export function formatTime(value: unknown): string {
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? '' : timeInTokyo.format(date);
}

/** `12345` → `¥12,345`. */
export function formatYen(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  return Number.isFinite(n) ? `¥${yen.format(n)}` : String(value);
}

/** `1400004` or `140-0004` → `〒140-0004`; a masked `140-****` keeps its form. */
export function formatPostalCode(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  const digits = /^\d{7}$/.test(s) ? `${s.slice(0, 3)}-${s.slice(3)}` : s;
  return `〒${digits}`;
}

/** 125 → `2:05`. */
export function formatDuration(seconds: unknown): string {
  const n = Number(seconds);
  if (!Number.isFinite(n) || n < 0) return '';
  const m = Math.floor(n / 60);
  const s = Math.round(n % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Japan has one offset all year (no summer time). */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2026-11-25T01:30:00.000Z` → `2026-11-25T10:30` (the datetime-local input's value, in Tokyo time). */
export function toTokyoLocal(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? '' : new Date(date.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 16);
}

/** `2026-11-25T10:30` typed in Tokyo time → `2026-11-25T01:30:00.000Z`. */
export function fromTokyoLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(`${value}:00+09:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
