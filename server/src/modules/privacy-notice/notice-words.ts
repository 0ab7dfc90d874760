import type { PolicyDocument, PurposeKey } from '../../../../schema/policy';

export type Lang = 'ja' | 'en';
export type Text = Record<Lang, string>;
/** The notice's languages: Japanese first (what the store publishes), English as a courtesy. */
export const LANGS: readonly Lang[] = ['ja', 'en'];

/** The purposes of 【4】 the document publishes (a number; PRIVACY_ADMINISTRATION has none), in their order. */
export function publishedPurposes(doc: PolicyDocument): PurposeKey[] {
  return (Object.keys(doc.purposes) as PurposeKey[]).filter((p) => doc.purposes[p].no !== null)
    .sort((a, b) => (doc.purposes[a].no as number) - (doc.purposes[b].no as number));
}

/** `(5) お得な情報…` in the document's own words. */
export const purposeLabel = (doc: PolicyDocument, p: PurposeKey, lang: Lang): string =>
  (doc.purposes[p].no === null ? doc.purposes[p][lang] : `(${doc.purposes[p].no}) ${doc.purposes[p][lang]}`);
