/**
 * Purposes of use from 【4】 of the privacy policy, plus the privacy manager's own duties.
 * A request declares exactly one of these in the `X-Purpose` header.
 */
export const PURPOSES = {
  SHIPPING: { no: 1, ja: '商品・試供品・プレゼントの発送', en: 'Shipping products, samples and gifts', needsConsent: false },
  IDENTITY_VERIFICATION: { no: 2, ja: 'ご登録者であるかの確認', en: 'Verifying a registered customer', needsConsent: false },
  TRANSACTION: { no: 3, ja: '取引を遂行するうえで欠かせない業務', en: 'Carrying out a transaction', needsConsent: false },
  AFTER_SALES: { no: 4, ja: 'アフターサービス', en: 'After-sales service', needsConsent: false },
  PROMOTION: { no: 5, ja: 'お得な情報やサービスのご案内', en: 'Promotions', needsConsent: true },
  SURVEY_EVENT: { no: 6, ja: 'アンケートや各種イベント等のお知らせ', en: 'Surveys and events', needsConsent: true },
  INQUIRY_RESPONSE: { no: 7, ja: 'ご意見やお問合せに対する回答', en: 'Answering inquiries', needsConsent: false },
  FAMILY_INQUIRY: { no: 8, ja: 'ご家族や紹介者からの購入状態の問い合せへの回答', en: 'Answering family or referrer inquiries', needsConsent: false },
  FAMILY_IDENTIFICATION: { no: 9, ja: 'ご家族や紹介者の特定', en: 'Identifying family or referrers', needsConsent: false },
  STATISTICS: { no: 10, ja: '統計データ作成', en: 'Anonymous statistics', needsConsent: false },
  NEW_PRODUCT_INFO: { no: 11, ja: '新商品・新サービスのお知らせ', en: 'New product information', needsConsent: true },
  CREDIT_MANAGEMENT: { no: 12, ja: '与信判断、途上与信、債権管理', en: 'Credit and receivables management', needsConsent: false },
  PRIVACY_ADMINISTRATION: { no: null, ja: '個人情報保護管理業務', en: 'Privacy administration', needsConsent: false },
} as const;

export type PurposeKey = keyof typeof PURPOSES;
export const PURPOSE_KEYS = Object.keys(PURPOSES) as PurposeKey[];

/** Purposes that need a live consent of the customer (【4】(5)(6)(11)); they also end on stop of use (【11】). */
export const CONSENT_PURPOSES = PURPOSE_KEYS.filter((p) => PURPOSES[p].needsConsent);

/** Purposes under which a customer whose use is stopped (【11】) is not returned at all. */
export const STOPPED_USE_EXCLUDED_PURPOSES: readonly PurposeKey[] = [
  'PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO', 'FAMILY_INQUIRY', 'FAMILY_IDENTIFICATION', 'STATISTICS',
];

/**
 * Purposes whose answer goes to someone other than the person (【4】(8): family members or referrers asking
 * about the person's purchases): each answer is a provision to a third party (【9】1 or 3) and is recorded.
 */
export const THIRD_PARTY_ANSWER_PURPOSES: readonly PurposeKey[] = ['FAMILY_INQUIRY'];

export function isPurposeKey(value: unknown): value is PurposeKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PURPOSES, value);
}
