/**
 * Recipients in a foreign country (APPI art. 28). Data goes abroad to a third party (a contractor included)
 * only on one of these grounds, checked by the server (provision.service.ts, handover.ts):
 * - the country is one the PPC designates as having a system equivalent to Japan's (施行規則第15条,
 *   平成31年個人情報保護委員会告示第1号: the EEA, and the United Kingdom): treated as at home (`EQUIVALENT_COUNTRIES`);
 * - the recipient keeps a system meeting the PPC's standards (施行規則第16条: a contract binding it to the
 *   Act's duties), recorded on the contractor (`foreignSystemMeasures`; art. 28(3) then asks for follow-up);
 * - the person consented to provision to a recipient in that country after being told the country's name,
 *   its system for protecting personal information and the measures the recipient takes (art. 28(2),
 *   施行規則第17条): the consent stores what it was told (`COUNTRY_SYSTEMS` below is what is told);
 * - one of art. 27(1)'s exemptions (law, vital interests, public authority), to which art. 28(1) defers.
 * A country the store has no information on cannot be consented to: add it here first.
 */
export interface CountryInfo {
  ja: string;
  en: string;
  /** What the person is told of the country's system (施行規則第17条第2項第2号), from the PPC's survey of foreign systems. */
  system?: { ja: string; en: string };
}

const EEA_UK = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'GB'] as const;

/** Countries the PPC designates as equivalent (施行規則第15条第1項, 告示): provision there is as at home. */
export const EQUIVALENT_COUNTRIES: readonly string[] = EEA_UK;

const SOURCE_JA = '(個人情報保護委員会「外国における個人情報の保護に関する制度等の調査」の要約)';
const SOURCE_EN = ' (summary of the PPC\'s survey of foreign systems)';

export const COUNTRY_SYSTEMS: Readonly<Record<string, CountryInfo>> = {
  US: { ja: 'アメリカ合衆国', en: 'United States', system: {
    ja: `連邦レベルの包括的な個人情報保護法はなく、分野ごとの連邦法(金融・医療・児童のオンライン情報など)と州法(カリフォルニア州消費者プライバシー法など)が個人情報を保護しています。日本の法律が定める事業者の義務や本人の権利のすべてに対応する制度ではありません。${SOURCE_JA}`,
    en: `No comprehensive federal privacy law: sector laws (finance, health, children online) and state laws (e.g. the California Consumer Privacy Act) protect personal information; not every duty or right of Japan's Act has a counterpart.${SOURCE_EN}` } },
  CN: { ja: '中華人民共和国', en: 'China', system: {
    ja: `個人情報保護法(2021年施行)が事業者の義務と本人の権利を定めています。一方、国家情報法などにより、事業者が政府の情報収集に協力する義務を負う場合があり、本人の権利利益に重大な影響を及ぼし得る制度があります。${SOURCE_JA}`,
    en: `The Personal Information Protection Law (2021) sets duties and rights; laws such as the National Intelligence Law may oblige businesses to cooperate with government collection of information.${SOURCE_EN}` } },
  KR: { ja: '大韓民国', en: 'Republic of Korea', system: {
    ja: `個人情報保護法があり、個人情報保護委員会が監督しています。OECDプライバシーガイドラインの8原則に対応する事業者の義務と本人の権利が定められています。${SOURCE_JA}`,
    en: `The Personal Information Protection Act, supervised by the Personal Information Protection Commission, sets duties and rights matching the OECD's eight principles.${SOURCE_EN}` } },
  SG: { ja: 'シンガポール', en: 'Singapore', system: {
    ja: `個人データ保護法(PDPA)があり、個人データ保護委員会が監督しています。OECDプライバシーガイドラインの8原則におおむね対応する義務が定められています。${SOURCE_JA}`,
    en: `The Personal Data Protection Act, supervised by the Personal Data Protection Commission, sets duties broadly matching the OECD's eight principles.${SOURCE_EN}` } },
  TW: { ja: '台湾', en: 'Taiwan', system: {
    ja: `個人資料保護法が事業者の義務と本人の権利を定めています。${SOURCE_JA}`, en: `The Personal Data Protection Act sets duties and rights.${SOURCE_EN}` } },
  VN: { ja: 'ベトナム', en: 'Viet Nam', system: {
    ja: `個人データ保護に関する政令(2023年施行)が事業者の義務と本人の権利を定めています。${SOURCE_JA}`,
    en: `A decree on personal data protection (2023) sets duties and rights.${SOURCE_EN}` } },
  PH: { ja: 'フィリピン', en: 'Philippines', system: {
    ja: `データプライバシー法があり、国家プライバシー委員会が監督しています。${SOURCE_JA}`,
    en: `The Data Privacy Act, supervised by the National Privacy Commission.${SOURCE_EN}` } },
  IN: { ja: 'インド', en: 'India', system: {
    ja: `デジタル個人データ保護法(2023年成立)がありますが、施行と規則の整備は段階的に進められている途中です。${SOURCE_JA}`,
    en: `The Digital Personal Data Protection Act (2023) is being brought into force in stages.${SOURCE_EN}` } },
  IE: { ja: 'アイルランド', en: 'Ireland' }, DE: { ja: 'ドイツ', en: 'Germany' }, FR: { ja: 'フランス', en: 'France' },
  NL: { ja: 'オランダ', en: 'Netherlands' }, GB: { ja: '英国', en: 'United Kingdom' },
};

/** The name of a country in `lang`, or its code when the store has no name for it. */
export function countryName(code: string, lang: 'ja' | 'en'): string {
  return COUNTRY_SYSTEMS[code]?.[lang] ?? code;
}

/** How data may reach a recipient in `country`: at home, in an equivalent country, or only on a ground of art. 28. */
export function foreignRule(country: string): 'DOMESTIC' | 'EQUIVALENT_COUNTRY' | 'ART_28' {
  if (country === 'JP') return 'DOMESTIC';
  return EQUIVALENT_COUNTRIES.includes(country) ? 'EQUIVALENT_COUNTRY' : 'ART_28';
}

/** What a person is told before consenting to provision to a recipient in `country` (施行規則第17条第2項), or null when unknown. */
export function foreignConsentInformation(country: string, recipientMeasures: string): string | null {
  const info = COUNTRY_SYSTEMS[country];
  if (!info?.system) return null;
  return `提供先の国: ${info.ja}\n当該国の個人情報保護制度: ${info.system.ja}\n提供先が講ずる措置: ${recipientMeasures}`;
}
