import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type CategoryKey, COUNTRY_SYSTEMS, countryName, foreignRule, OPERATOR, type PolicyDocument, SENSITIVE_CATEGORY, STATISTICS_PURPOSE,
} from '../../../../schema/policy';
import { DUE_DAYS } from '../privacy-request/due-dates';
import { requestFees } from '../privacy-request/fees';
import { PrivacyRequestKind } from '../privacy-request/privacy-request.entity';
import { recipientItems } from './notice-recipients';
import { type Lang, publishedPurposes, purposeLabel, type Text } from './notice-words';

export interface NoticeSection { id: string; heading: string; items: string[] }

/** The notice in one language: every section generated from a published policy version and the settings in force. */
export interface NoticeContent {
  lang: Lang;
  title: string;
  /** The policy version it states, and when that version was published. */
  policyVersion: number;
  policyLabel: string;
  publishedAt: string;
  /** When this text was generated (a publication, or a change of a setting it states). */
  generatedAt: string;
  sections: NoticeSection[];
}

/** Everything a notice is generated from: one published version's document and the settings in force. */
export interface NoticeSource {
  version: { number: number; label: string; publishedAt: string };
  document: PolicyDocument;
  fees: Record<string, number>;
  abroad: { name: string; country: string; foreign_system_measures: boolean | null }[];
  representative: string | null;
}

const KIND: Record<PrivacyRequestKind, Text> = {
  DISCLOSURE: { ja: '保有個人データの開示(第33条)', en: 'Disclosure of the data we hold (art. 33)' },
  PROVISION_RECORD_DISCLOSURE: { ja: '第三者提供記録の開示(第33条第5項)', en: 'Disclosure of third-party provision records (art. 33(5))' },
  CORRECTION: { ja: '内容の訂正・追加・削除(第34条)', en: 'Correction, addition or deletion of content (art. 34)' },
  STOP_USE: { ja: '利用の停止・消去(第35条)', en: 'Stop of use or erasure (art. 35)' },
  STOP_PROVISION: { ja: '第三者への提供の停止(第35条)', en: 'Stop of provision to third parties (art. 35)' },
  DELETION: { ja: '削除(法令上の保存義務がある記録を除く)', en: 'Deletion (except records the law requires us to keep)' },
  FOREIGN_MEASURES_INFO: { ja: '外国にある提供先が講ずる措置に関する情報の提供(第28条第3項)', en: 'Information on the measures a recipient abroad takes (art. 28(3))' },
};

const SECURITY: Text[] = [
  { ja: '個人情報保護管理者を置き、取扱いの規程を定めています(【6】【10】)', en: 'A privacy manager and internal rules for handling personal data (【6】【10】)' },
  { ja: '担当者の役割と利用目的ごとに、見られる項目を必要な範囲に限り、それ以外は伏せて表示します', en: 'Staff see only the items their role and declared purpose need; the rest is masked or hidden' },
  { ja: '個人情報の閲覧・変更はすべて改ざんできない記録(アクセス記録)に残し、定期的に監査します(【13】)', en: 'Every read and change of personal data is kept in a tamper-evident trail and audited (【13】)' },
  { ja: '委託先とは機密保持契約を結び、委託した業務に必要な情報だけを渡し、定期的に見直します(【7】【8】)', en: 'Contractors sign confidentiality agreements, get only what their task needs, and are reviewed (【7】【8】)' },
  { ja: '通信は暗号化し(SSL/TLS)、クレジットカード番号は保持しません(下4桁のみ)(【15】)', en: 'Traffic is encrypted (SSL/TLS); full card numbers are never stored, only the last four digits (【15】)' },
  { ja: '要配慮個人情報は、必要とする業務以外には表示せず、委託先には渡しません', en: 'Sensitive personal information is shown only where a duty needs it and never handed to contractors' },
];

/** Why data may go to a contractor abroad (APPI art. 28(1)), as the notice says it. */
const ABROAD_GROUND: Record<string, Text> = {
  EQUIVALENT_COUNTRY: { ja: '我が国と同等の水準の制度があると個人情報保護委員会が認める国', en: 'a country the PPC recognises as having an equivalent system' },
  SYSTEM_MEASURES: { ja: '委託先が個人情報保護委員会の定める基準に適合する体制を整備', en: 'the contractor keeps a system meeting the PPC\'s standards' },
  CONSENT: { ja: 'ご本人の同意(国名・制度・措置をお知らせしたうえで)', en: 'your consent, after being told the country, its system and the measures' },
};

const yen = (n: number, lang: Lang) => (lang === 'ja' ? `${n.toLocaleString('ja-JP')}円` : `JPY ${n.toLocaleString('en-US')}`);

/**
 * The notice of one published version in one language. Pure: the same source gives the same sections, so a
 * version's notice can be regenerated and compared with what was published. Purposes, their consent, the
 * data kinds, the recipients and what a stop of use ends are the document's; fees and foreign recipients the
 * settings'; the operator and the procedures are the law's and schema/policy's.
 */
export function noticeText(src: NoticeSource, lang: Lang, generatedAt: string): NoticeContent {
  const doc = src.document;
  const t = (x: Text) => x[lang];
  const categories = (Object.keys(doc.categories) as CategoryKey[]).filter((c) => c !== SENSITIVE_CATEGORY).map((c) => doc.categories[c][lang]);
  const purposes = publishedPurposes(doc).map((p) => {
    const notes: string[] = [];
    if (doc.purposes[p].needsConsent) notes.push(t({ ja: 'ご同意いただいた方のみ', en: 'only with your consent' }));
    if (p === STATISTICS_PURPOSE) {
      const k = doc.statistics.minGroupSize;
      notes.push(t({ ja: `個人を識別できない形で、${k}人未満の集団は表示しません`, en: `not identifying anyone; groups of fewer than ${k} people are never shown` }));
    }
    return `${purposeLabel(doc, p, lang)}${notes.length ? (lang === 'ja' ? `(${notes.join('。')})` : ` (${notes.join('; ')})`) : ''}`;
  });
  const stopped = publishedPurposes(doc).filter((p) => doc.stoppedUseExcludedPurposes.includes(p)).map((p) => purposeLabel(doc, p, lang));
  const sections: NoticeSection[] = [
    { id: 'operator', heading: t({ ja: '事業者', en: 'Who we are' }), items: [
      `${t(OPERATOR.name)}(${t(OPERATOR.entity)})`, `〒${OPERATOR.postalCode} ${t(OPERATOR.address)}`,
      ...(src.representative ? [`${t({ ja: '代表者', en: 'Representative' })}: ${src.representative}`] : []),
    ] },
    { id: 'purposes', heading: t({ ja: '利用目的(【4】)', en: 'Purposes of use (【4】)' }), items: purposes },
    { id: 'data', heading: t({ ja: 'お預かりする個人情報(【3】)', en: 'Personal data we hold (【3】)' }), items: categories },
    { id: 'recipients', heading: t({ ja: '委託先・第三者提供・共同利用(【7】【9】)', en: 'Contractors, third parties and joint use (【7】【9】)' }),
      items: recipientItems(doc, lang) },
    { id: 'requests', heading: t({ ja: '開示等の請求の手続(第32条・第37条、【11】)', en: 'How to make a request (arts. 32 and 37, 【11】)' }), items: [
      ...Object.values(PrivacyRequestKind).map((k) => `${t(KIND[k])}: ${t({ ja: `受付日から${DUE_DAYS[k]}日以内に回答`, en: `answered within ${DUE_DAYS[k]} days of receipt` })}`),
      t({ ja: `請求先: ${OPERATOR.email}(郵送は上記住所の${OPERATOR.privacyManager.ja}宛て)`, en: `Write to ${OPERATOR.email} (by post: the ${OPERATOR.privacyManager.en} at the address above)` }),
      t({ ja: 'ご本人確認: 本人確認書類の写し、またはご登録の電話番号・住所・メールアドレスへの確認', en: 'Identity: a copy of an identity document, or confirmation through your registered phone, address or e-mail' }),
      t({ ja: '代理人: 未成年者(18歳未満)・成年被後見人の法定代理人は戸籍謄本・登記事項証明書等、任意代理人はご本人の委任状', en: 'Agents: a legal representative of a minor (under 18) or an adult ward shows the family register or registry certificate; any other agent, the person\'s power of attorney' }),
      ...(stopped.length ? [t({ ja: `利用停止のお申し出の後は、次の目的には利用しません: ${stopped.join('、')}`, en: `Once you ask us to stop using your data, we no longer use it for: ${stopped.join(', ')}` })] : []),
    ] },
    { id: 'fees', heading: t({ ja: '手数料(第38条)', en: 'Fees (art. 38)' }),
      items: Object.values(PrivacyRequestKind).map((k) => `${t(KIND[k])}: ${src.fees[k] ? yen(src.fees[k], lang) : t({ ja: '無料', en: 'free' })}`) },
    { id: 'complaints', heading: t({ ja: '苦情・お問い合わせ窓口(【14】)', en: 'Complaints and questions (【14】)' }),
      items: [`${t(OPERATOR.name)} ${t(OPERATOR.privacyManager)}`, OPERATOR.email, `〒${OPERATOR.postalCode} ${t(OPERATOR.address)}`] },
    { id: 'security', heading: t({ ja: '安全管理のために講じた措置', en: 'How we keep the data safe' }), items: SECURITY.map(t) },
    { id: 'abroad', heading: t({ ja: '外国にある第三者への提供・委託(第28条)', en: 'Recipients in foreign countries (art. 28)' }),
      items: src.abroad.length
        ? src.abroad.map((r) => {
          const rule = foreignRule(r.country);
          const ground = rule === 'EQUIVALENT_COUNTRY' ? 'EQUIVALENT_COUNTRY' : r.foreign_system_measures ? 'SYSTEM_MEASURES' : 'CONSENT';
          const system = COUNTRY_SYSTEMS[r.country]?.system;
          return `${r.name}: ${countryName(r.country, lang)} — ${t(ABROAD_GROUND[ground])}${system ? ` ${t(system)}` : ''}`;
        })
        : [t({ ja: '外国にある第三者への提供・委託はありません', en: 'None: no data goes to recipients in a foreign country' })] },
  ];
  return {
    lang, title: t({ ja: '個人情報の取扱いについて(公表事項)', en: 'How we handle personal information (public notice)' }),
    policyVersion: src.version.number, policyLabel: src.version.label, publishedAt: src.version.publishedAt, generatedAt, sections,
  };
}

/** The settings a notice states, read in the caller's transaction, around the published version given. */
export async function noticeSource(em: EntityManager, version: NoticeSource['version'], document: PolicyDocument): Promise<NoticeSource> {
  const fees = await requestFees(em);
  const abroad = await em.execute(`select name, country, foreign_system_measures from contractor where country <> 'JP' order by country, name`);
  const representative = process.env.MAMORI_OPERATOR_REPRESENTATIVE?.trim() || null;
  return { version, document, fees, abroad: abroad as NoticeSource['abroad'], representative };
}
