/** Calendar dates as a Japanese office counts them: `YYYY-MM-DD` in Asia/Tokyo (no DST, UTC+9). */
const JST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** The date in Japan of an instant. */
export function jstDateOf(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

export function todayInJapan(now: Date = new Date()): string {
  return jstDateOf(now);
}

/** `date` plus whole calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus whole years (29 February falls on 1 March in a common year). */
export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** An instant as a person in Japan reads it, e.g. `2026/12/6 15:30:00` (for messages, not for storage). */
export function jstDateTimeLabel(at: Date): string {
  return at.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
}
