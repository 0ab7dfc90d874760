/**
 * Data categories of 【3】 (and the definition of personal information at the end of the policy).
 * Each category has a default masking kind; a field may name a more specific one (see fields.ts).
 */
export const MASK_KINDS = [
  'name', // 山田 太郎 → 山＊ 太＊ (kana likewise)
  'email', // taro@example.com → t***@example.com
  'phone', // 090-1234-5678 → ***-****-5678
  'postal', // 140-0004 → 140-****
  'keep', // shown as is when the category is masked (prefecture and city of an address)
  'redact', // replaced by ＊＊＊ (street line of an address, gender)
  'ageBand', // 1990-05-01 → 30代
  'card', // last 4 → **** **** **** 1234
  'freeText', // phone numbers, e-mail addresses, card-like digit runs and the customer's name redacted
  'recordingKey', // storage key of a recording: never shown masked (null); duration stays
] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

export const CATEGORIES = {
  'contact.name': { ja: '氏名・フリガナ', en: 'Name and kana', mask: 'name' },
  'contact.postal': { ja: '郵便番号', en: 'Postal code', mask: 'postal' },
  'contact.address': { ja: '住所', en: 'Address', mask: 'redact' },
  'contact.phone': { ja: '電話番号', en: 'Phone', mask: 'phone' },
  'contact.email': { ja: 'メールアドレス', en: 'E-mail', mask: 'email' },
  'financial.card': { ja: 'クレジットカード', en: 'Card', mask: 'card' },
  'demographic.birthdate': { ja: '生年月日', en: 'Birth date', mask: 'ageBand' },
  'demographic.gender': { ja: '性別', en: 'Gender', mask: 'redact' },
  'demographic.lifestyle': { ja: '生活全般', en: 'Lifestyle', mask: 'freeText' },
  'demographic.occupation': { ja: '仕事', en: 'Occupation', mask: 'freeText' },
  'interaction.content': { ja: 'やり取りの内容', en: 'Interaction content', mask: 'freeText' },
  'interaction.recording': { ja: '通話録音', en: 'Call recording', mask: 'recordingKey' },
  'order.shipping': { ja: 'お届け先', en: 'Ship-to', mask: 'redact' },
  // What the person agreed to and when (【4】(5)(6)(11), 【9】, 【12】 a guardian's consent, 【15】): masked, it is shown as is
  // (a consent has no partial form) but recorded as masked.
  'consent.record': { ja: '同意の記録', en: 'Consent record', mask: 'keep' },
  // Not a field's own category: free text found to hold sensitive information is decided under it too (sensitive.ts).
  'sensitive.care': { ja: '要配慮個人情報', en: 'Sensitive personal information (APPI art. 2(3))', mask: 'redact' },
} as const satisfies Record<string, { ja: string; en: string; mask: MaskKind }>;

export type CategoryKey = keyof typeof CATEGORIES;
export const CATEGORY_KEYS = Object.keys(CATEGORIES) as CategoryKey[];

export function isCategoryKey(value: unknown): value is CategoryKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CATEGORIES, value);
}
