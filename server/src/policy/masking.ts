/**
 * Masking of personal fields (one function per MaskKind of schema/policy/categories.ts).
 * These run once per personal field per row: pure, synchronous, and every regex is compiled here
 * at module level, never per call.
 */
import type { MaskKind } from '../../../schema/policy/categories';
import { redactCards, redactDomesticPhones, redactEmails, redactInternationalPhones } from './free-text';
import type { MaskingBudget } from './masking-budget';
import { LruCache } from '../common/lru';

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
  const s = last4.trim();
  return CARD_STARS + (CARD_LAST4.test(s) ? s : '****');
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
export function ageBand(birthDate: string | Date, today: Date = new Date()): string | null {
  if (typeof birthDate !== 'string') return ageBandOn(birthDate, today);
  // A page of customers asks this of every row: each stored date's band is worked out once per day in Japan.
  const day = Math.floor((today.getTime() + JST_OFFSET_MS) / DAY_MS);
  if (day !== bandsOfDay.day) {
    bandsOfDay.day = day;
    bandsOfDay.byBirthDate.clear();
  }
  let band = bandsOfDay.byBirthDate.get(birthDate);
  if (band === undefined) {
    band = ageBandOn(birthDate, today);
    bandsOfDay.byBirthDate.set(birthDate, band);
  }
  return band;
}

const DAY_MS = 86_400_000;
/**
 * The bands of stored birth dates (text) worked out on one day in Japan (`day`: days since 1970 in JST; NaN
 * never matches): the 20,000 dates used last (a century of birthdays is some 37,000 dates).
 */
const bandsOfDay = { day: Number.NaN, byBirthDate: new LruCache<string, string | null>('age_bands', { max: 20_000 }) };

function ageBandOn(birthDate: string | Date, today: Date): string | null {
  const b = birthYmd(birthDate);
  const t = jstDate(today);
  if (!b || !t) return null;
  const age = t[0] - b[0] - (t[1] < b[1] || (t[1] === b[1] && t[2] < b[2]) ? 1 : 0);
  if (age < 0 || age > 150) return null;
  return age < 10 ? '10歳未満' : `${Math.floor(age / 10) * 10}代`;
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
