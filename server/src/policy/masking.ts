/**
 * Masking of personal fields (one function per MaskKind of schema/policy/categories.ts).
 * These run once per personal field per row: pure, synchronous, and every regex is compiled here
 * at module level, never per call.
 */
import type { MaskKind } from '../../../schema/policy/categories';
import { redactCards, redactDomesticPhones, redactEmails, redactInternationalPhones } from './free-text';
import type { MaskingBudget } from './masking-budget';

/** One full-width asterisk per name part: the length of the name is not revealed. */
const STAR = '＊';
const REDACTED = '＊＊＊';
const CARD_STARS = '**** **** **** ';

// A name part is a run of non-whitespace (JS \s includes the ideographic space U+3000).
const NAME_PART = /\S+/gu;
// First code point (surrogate pairs stay whole: 𠮷) plus its combining marks and variation selectors
// (゙ ゚, IVS), so a base character is never split from its mark.
const FIRST_CHAR = /^[\s\S]\p{M}*/u;
const FULLWIDTH_DIGIT = /[０-９]/g;
const NON_DIGIT = /\D/g;
const CARD_LAST4 = /^\d{4}$/;
const YMD = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T/;
const WHITESPACE_RUN = /\s+/gu;
const KATAKANA = /[ァ-ヶ]/g;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** ASCII digits only, full-width digits converted first. */
function digitsOf(value: string): string {
  return value.replace(FULLWIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(NON_DIGIT, '');
}

/** `山田 太郎` → `山＊ 太＊`: the first character of each whitespace-separated part, then ＊; separators kept. */
export function maskName(name: string): string {
  return name.trim().replace(NAME_PART, (part) => (FIRST_CHAR.exec(part)?.[0] ?? '') + STAR);
}

/** `taro@example.com` → `t***@example.com`; anything without a local part and a domain → `***`. */
export function maskEmail(email: string): string {
  const s = email.trim();
  const at = s.lastIndexOf('@'); // last: a quoted local part may itself contain @
  if (at <= 0 || at === s.length - 1) return '***';
  return `${FIRST_CHAR.exec(s)?.[0] ?? ''}***${s.slice(at)}`;
}

/** `090-1234-5678` or `09012345678` → `***-****-5678`: only the last 4 digits; fewer than 4 → `***`. */
export function maskPhone(phone: string): string {
  const digits = digitsOf(phone);
  return digits.length < 4 ? '***' : `***-****-${digits.slice(-4)}`;
}

/** `140-0004` or `1400004` → `140-****`; anything that is not 7 digits → `***-****`. */
export function maskPostal(postal: string): string {
  const digits = digitsOf(postal);
  return digits.length === 7 ? `${digits.slice(0, 3)}-****` : '***-****';
}

/** Stored last 4 digits `1234` → `**** **** **** 1234`; anything else (even a full number) → all stars. */
export function maskCard(last4: string): string {
  // A page asks this of every row: four ASCII digits as stored are checked without trimming or a regex.
  if (last4.length === 4 && isDigit(last4, 0) && isDigit(last4, 1) && isDigit(last4, 2) && isDigit(last4, 3)) return CARD_STARS + last4;
  const s = last4.trim();
  return CARD_STARS + (CARD_LAST4.test(s) ? s : '****');
}

/** Whether the code unit at `i` is an ASCII digit (what `\d` matches without the u flag). */
function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The number written by the ASCII digits of s[from, to) (each a digit: checked by the caller). */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** Calendar date in Japan time (no DST in Japan, so a fixed offset is exact). */
function jstDate(d: Date): [number, number, number] | null {
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  const j = new Date(t + JST_OFFSET_MS);
  return [j.getUTCFullYear(), j.getUTCMonth() + 1, j.getUTCDate()];
}

function birthYmd(birthDate: string | Date): [number, number, number] | null {
  if (birthDate instanceof Date) return jstDate(birthDate);
  const s = birthDate.trim();
  const m = YMD.exec(s);
  if (m) {
    // A bare date is a calendar date, not an instant: no time-zone shift; reject 1990-02-30.
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const check = new Date(Date.UTC(y, mo - 1, d));
    return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? [y, mo, d] : null;
  }
  return ISO_DATETIME.test(s) ? jstDate(new Date(s)) : null;
}

/** Age as a decade in Japan time: `30代`; under 10 → `10歳未満`; invalid or future date → null. */
export function ageBand(birthDate: string | Date, today?: Date): string | null {
  const now = today ? today.getTime() : Date.now();
  if (typeof birthDate !== 'string') return ageBandOn(birthDate, now);
  // A page of customers asks this of every row: a date as PostgreSQL writes it (`1990-05-01`) is read digit by digit.
  const b = birthDate;
  if (b.length === 10 && b.charCodeAt(4) === 45 && b.charCodeAt(7) === 45 && isDigit(b, 0) && isDigit(b, 1) && isDigit(b, 2) && isDigit(b, 3)
    && isDigit(b, 5) && isDigit(b, 6) && isDigit(b, 8) && isDigit(b, 9)) {
    const y = digitsAt(b, 0, 4);
    const mo = digitsAt(b, 5, 7);
    const d = digitsAt(b, 8, 10);
    // Years before 1000 take the general path (Date.UTC reads 0–99 as 1900–1999: such a date is rejected there).
    if (y >= 1000) return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? bandOf(y, mo, d, now) : null;
  }
  return ageBandOn(birthDate, now);
}

/** Days in a month of the proleptic Gregorian calendar (as Date counts them). */
function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

const DAY_MS = 86_400_000;

/** Today's calendar date in Japan, worked out once per day (`day`: days since 1970 in JST). */
const todayInJapan = { day: Number.NaN, ymd: null as [number, number, number] | null };

function jstToday(now: number): [number, number, number] | null {
  const day = Math.floor((now + JST_OFFSET_MS) / DAY_MS);
  if (Number.isNaN(day)) return null;
  if (day !== todayInJapan.day) {
    todayInJapan.ymd = jstDate(new Date(now));
    todayInJapan.day = day;
  }
  return todayInJapan.ymd;
}

/** The bands, made once: a band is the same string for every row (`10歳未満`, `10代` … `150代`). */
const BANDS: readonly string[] = Array.from({ length: 16 }, (_, decade) => (decade === 0 ? '10歳未満' : `${decade * 10}代`));

/** The band of an age on `now`'s day in Japan, born on y-mo-d; null for a future date or past 150. */
function bandOf(y: number, mo: number, d: number, now: number): string | null {
  const t = jstToday(now);
  if (!t) return null;
  const age = t[0] - y - (t[1] < mo || (t[1] === mo && t[2] < d) ? 1 : 0);
  if (age < 0 || age > 150) return null;
  return BANDS[Math.floor(age / 10)];
}

function ageBandOn(birthDate: string | Date, now: number): string | null {
  const b = birthYmd(birthDate);
  return b ? bandOf(b[0], b[1], b[2], now) : null;
}

/** Fully redacted: `＊＊＊` (street line, gender, ship-to block...). */
export function redact(): string {
  return REDACTED;
}

/** Spellings of the customer's names to look for: full name (any spacing), parts of ≥2 characters, hiragana of kana. */
function nameVariants(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const full = typeof raw === 'string' ? raw.trim() : '';
    if (!full) continue;
    const parts = full.split(WHITESPACE_RUN);
    const spellings = [full, parts.join(''), parts.join(' '), parts.join('\u3000'), ...parts];
    for (const v of spellings) {
      // A one-character part (e.g. 文) would redact ordinary words all over the text.
      if (Array.from(v).length < 2) continue;
      out.add(v);
      out.add(v.replace(KATAKANA, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60)));
    }
  }
  // Longest first, so the full name becomes one ［氏名］ rather than two.
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Redacts phone numbers, e-mail addresses, card-like digit runs (13–19 digits) and the given names
 * in free text (transcripts, notes, lifestyle, occupation); everything else is kept as is.
 */
export function redactFreeText(text: string, opts: { names?: readonly string[] } = {}): string {
  // E-mails first (they contain digits), then cards (a card contains phone-like runs), then phones. Each
  // pass is linear in the text (free-text.ts).
  let out = redactEmails(text, '［メール］');
  out = redactCards(out, '［カード番号］');
  out = redactInternationalPhones(out, '［電話番号］');
  out = redactDomesticPhones(out, '［電話番号］');
  // Plain split/join: names change per row, so no regex is built for them.
  for (const v of nameVariants(opts.names ?? [])) out = out.split(v).join('［氏名］');
  return out;
}

/** `text` with every spelling of `names` replaced (as free text masks them), nothing else changed. */
export function maskNames(text: string, names: readonly string[]): string {
  let out = text;
  for (const v of nameVariants(names)) out = out.split(v).join('［氏名］');
  return out;
}

/**
 * The one entry point the server uses: masks `value` by `kind`. `keep` returns the value,
 * `recordingKey` null; null/undefined, a value of the wrong type, an unknown kind, free text past the
 * request's masking `budget` or any error → null (fail closed: never the clear value).
 */
export function applyMask(kind: MaskKind, value: unknown, ctx: { names?: string[]; today?: Date; budget?: MaskingBudget } = {}): unknown {
  if (value === null || value === undefined) return null;
  try {
    const s = typeof value === 'string' ? value : null;
    switch (kind) {
      case 'keep': return value;
      case 'recordingKey': return null;
      case 'redact': return REDACTED;
      case 'name': return s === null ? null : maskName(s);
      case 'email': return s === null ? null : maskEmail(s);
      case 'phone': return s === null ? null : maskPhone(s);
      case 'postal': return s === null ? null : maskPostal(s);
      case 'card': return s === null ? null : maskCard(s);
      case 'freeText': return s === null || (ctx.budget && !ctx.budget.allow(s.length)) ? null : redactFreeText(s, { names: ctx.names });
      case 'ageBand': return s !== null || value instanceof Date ? ageBand(value as string | Date, ctx.today) : null;
      default: return null;
    }
  } catch {
    return null;
  }
}
