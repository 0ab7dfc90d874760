import { badInput } from './errors';
import { containsCardNumber, isJapanesePhone, isKatakana, normalisePostal, PREFECTURES } from './japan';

/** Field validators: each returns the normalised value or throws BAD_USER_INPUT naming the field. */
export const check = {
  required(field: string, v: unknown): string {
    if (typeof v !== 'string' || !v.trim()) throw badInput(field, `${field} は必須です`, `${field} is required`);
    return v.trim();
  },
  maxLength(field: string, v: string, max: number): string {
    if ([...v].length > max) throw badInput(field, `${field} は${max}文字以内で入力してください`, `${field} must be at most ${max} characters`);
    return v;
  },
  kana(field: string, v: string): string {
    if (!isKatakana(v)) throw badInput(field, 'フリガナは全角カタカナで入力してください', 'Kana must be written in katakana');
    return v.normalize('NFKC');
  },
  postal(field: string, v: string): string {
    const p = normalisePostal(v);
    if (!p) throw badInput(field, '郵便番号は NNN-NNNN の形式で入力してください', 'Postal code must be NNN-NNNN');
    return p;
  },
  prefecture(field: string, v: string): string {
    if (!(PREFECTURES as readonly string[]).includes(v)) throw badInput(field, '都道府県が正しくありません', 'Unknown prefecture');
    return v;
  },
  phone(field: string, v: string): string {
    const phone = v.normalize('NFKC').trim();
    // The stored form keeps the caller's separators: a valid number padded with spaces would not fit.
    if (!isJapanesePhone(v) || phone.length > 20) throw badInput(field, '電話番号の形式が正しくありません', 'Not a Japanese phone number');
    return phone;
  },
  email(field: string, v: string): string {
    const e = v.normalize('NFKC').trim().toLowerCase();
    if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw badInput(field, 'メールアドレスの形式が正しくありません', 'Invalid e-mail address');
    return e;
  },
  date(field: string, v: string): string {
    // Date.parse accepts 2024-02-31 (as 3 March) and year 0000; PostgreSQL does not: the date must round-trip.
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms) || v < '0001-01-01' || new Date(ms).toISOString().slice(0, 10) !== v) {
      throw badInput(field, '日付は YYYY-MM-DD で入力してください', 'Date must be YYYY-MM-DD');
    }
    return v;
  },
  /** A full card number is refused wherever it appears: it must never be stored or logged. */
  noCardNumber(field: string, v: unknown): void {
    if (typeof v === 'string' && containsCardNumber(v)) {
      throw badInput(field, 'カード番号の全桁は入力できません(下4桁のみ)', 'A full card number may not be entered (last 4 digits only)');
    }
  },
};

/** Refuses a full card number in any string argument, nested ones included. */
export function refuseCardNumbers(input: Record<string, unknown>, prefix = ''): void {
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string') check.noCardNumber(prefix + k, v);
    else if (v && typeof v === 'object') refuseCardNumbers(v as Record<string, unknown>, `${prefix}${k}.`);
  }
}
