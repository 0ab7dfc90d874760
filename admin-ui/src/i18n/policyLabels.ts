import { CATEGORIES, CONSENT_PURPOSES, PURPOSES, ROLES } from '../../../schema/policy';

export type Lang = 'ja' | 'en';

function labels<K extends string>(source: Record<K, { ja: string; en: string }>, lang: Lang): Record<K, string> {
  return Object.fromEntries(Object.entries<{ ja: string; en: string }>(source).map(([key, value]) => [key, value[lang]])) as Record<K, string>;
}

/** Purpose, role and data-category labels, taken from schema/policy (never retyped). */
export function policyLabels(lang: Lang) {
  return {
    purposes: labels(PURPOSES, lang),
    roles: labels(ROLES, lang),
    categories: labels(CATEGORIES, lang),
  };
}

/** Labels of the purposes that need the customer's consent (【4】(5)(6)(11)). */
export function consentPurposeLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(CONSENT_PURPOSES.map((key) => [key, PURPOSES[key][lang]]));
}
