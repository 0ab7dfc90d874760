import { CATEGORIES, type CategoryKey, isCategoryKey } from './categories';

/**
 * Sensitive personal information (要配慮個人情報, APPI art. 2(3), 施行令第2条): race, creed, social status,
 * medical history, criminal record, having been a victim of crime, disability, health checks and their
 * results, medical guidance and treatment, and — as the store's own rule — pregnancy. It has no field of its
 * own: it turns up in free text. A free-text field found to hold it (detected when written, and by a sweep
 * over what is stored) is decided under its own category and this one, the stricter answer winning; the
 * matrix's `sensitive.care` column says which purposes may see it (most may not), contractors never do, and
 * it is never a statistics dimension.
 */
export const SENSITIVE_CATEGORY = 'sensitive.care' as const satisfies CategoryKey;

/** The categories whose fields are free text, and so may hold sensitive information. */
export const FREE_TEXT_CATEGORIES: readonly CategoryKey[] = (Object.keys(CATEGORIES) as CategoryKey[])
  .filter((c) => CATEGORIES[c].mask === 'freeText');

/** A field's category, or — for free text holding sensitive information — that category joined with the sensitive one. */
export type EffectiveCategory = CategoryKey | `${CategoryKey}+${typeof SENSITIVE_CATEGORY}`;

/**
 * The category a field of one row is decided under: its own, or, when the row holds sensitive text in it,
 * its own joined with `sensitive.care` (decideAccess answers the stricter of the two, never MASKED).
 * Pure: the same (category, flag) always gives the same category, so the answer can be decided once per request.
 */
export function effectiveCategory(category: CategoryKey, sensitive: boolean): EffectiveCategory {
  return sensitive && FREE_TEXT_CATEGORIES.includes(category) ? `${category}+${SENSITIVE_CATEGORY}` : category;
}

/** The field's own category of a joined one (null for a plain or malformed one: decideAccess then fails closed). */
export function splitEffectiveCategory(category: unknown): { own: CategoryKey } | null {
  if (typeof category !== 'string' || !category.endsWith(`+${SENSITIVE_CATEGORY}`)) return null;
  const own = category.slice(0, -SENSITIVE_CATEGORY.length - 1);
  return isCategoryKey(own) && FREE_TEXT_CATEGORIES.includes(own) ? { own } : null;
}

export const SENSITIVE_KINDS = {
  MEDICAL: '病歴・心身の状態・治療',
  ALLERGY: 'アレルギー',
  DISABILITY: '障害',
  PREGNANCY: '妊娠・出産',
  CREED: '信条・宗教',
  CRIMINAL_RECORD: '犯罪の経歴・被害',
  SOCIAL_STATUS: '人種・社会的身分',
} as const;
export type SensitiveKind = keyof typeof SENSITIVE_KINDS;

/**
 * The built-in term list: words whose presence in free text marks it sensitive. The privacy manager adds
 * terms of the store's own (sensitive_term); matching is on NFKC-normalised, lower-cased text, so full- and
 * half-width forms match alike. Over-marking only hides more: a false match fails closed.
 */
export const BUILT_IN_SENSITIVE_TERMS: Record<SensitiveKind, readonly string[]> = {
  MEDICAL: [
    '通院', '入院', '退院', '治療', '持病', '病気', '病院', '闘病', '療養', '手術', '服薬', '投薬', '処方', '透析', 'リハビリ',
    'がん治療', 'がん検診', '癌', '糖尿病', '高血圧', '心臓病', '脳梗塞', '喘息', 'ぜんそく', 'うつ病', '鬱', '精神科', '心療内科', '認知症', '発達障害',
    '減塩食', '食事制限', '健康診断', '検診', '人間ドック', '遺伝子検査', '難病', 'エイズ',
  ],
  ALLERGY: ['アレルギー', 'アトピー', '食物過敏', 'アナフィラキシー'],
  DISABILITY: ['障害者', '障がい', '障碍', '車椅子', '車いす', '身体障害', '知的障害', '精神障害', '療育手帳', '障害者手帳', '補聴器', '盲導犬'],
  PREGNANCY: ['妊娠', '妊婦', 'つわり', '出産予定', '不妊', '流産', '産休'],
  CREED: ['宗教', '信仰', '信者', '入信', '教団', '礼拝', 'ハラール', '政党', '支持政党'],
  CRIMINAL_RECORD: ['前科', '逮捕', '服役', '刑務所', '犯罪歴', '起訴', '有罪', '犯罪被害', '被害届'],
  SOCIAL_STATUS: ['人種', '被差別部落', '同和', '民族', '国籍差別'],
};

/** Text as it is matched against the terms. */
export function normaliseForTerms(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
