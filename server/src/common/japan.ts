/** The 47 prefectures (都道府県), in JIS order. */
export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;

/** Full-width digits and hyphen-likes to ASCII (people type ０９０－１２３４ in Japanese IMEs). */
export function toHalfWidth(s: string): string {
  return s.normalize('NFKC').replace(/[‐‑‒–—―−ーｰ]/g, '-');
}

/** Digits only, for search and storage of phone numbers. */
export function phoneDigits(s: string): string {
  return toHalfWidth(s).replace(/\D/g, '');
}

/** Japanese phone numbers: 10 digits (landline, 0X…) or 11 digits (070/080/090/050 mobiles and IP phones). */
export function isJapanesePhone(s: string): boolean {
  const d = phoneDigits(s);
  if (!/^[\d\s()+-]+$/.test(toHalfWidth(s).trim())) return false;
  // Mobiles and IP phones (050/070/080/090) have 11 digits; landlines 10.
  return (/^0[1-9]\d{8}$/.test(d) && !/^0[5789]0/.test(d)) || /^0[5789]0\d{8}$/.test(d);
}

/** Katakana (with long vowel mark, middle dot and spaces) only. */
export function isKatakana(s: string): boolean {
  return /^[\u30A1-\u30FAー・\s\u3000]+$/.test(s.normalize('NFKC'));
}

export function normalisePostal(s: string): string | null {
  const d = toHalfWidth(s).replace(/[〒\s]/g, '');
  const m = /^(\d{3})-?(\d{4})$/.exec(d);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** A run of 13–19 digits (spaces/hyphens between) that passes Luhn: a full card number. */
export function containsCardNumber(s: string): boolean {
  const runs = toHalfWidth(s).match(/\d(?:[ -]?\d){12,18}/g) ?? [];
  return runs.some((r) => luhn(r.replace(/\D/g, '')));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}
