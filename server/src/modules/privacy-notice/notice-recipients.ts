import { type CategoryKey, type PolicyDocument, type PurposeKey, type RoleKey, THIRD_PARTY_ANSWER_PURPOSES } from '../../../../schema/policy';
import { type Lang, purposeLabel } from './notice-words';

/**
 * Who receives personal data besides the store (【7】【9】; arts. 27 and 32), from the published document:
 * each contractor role with the purposes it works for and the only data kinds its agreement lets it see;
 * answers to family members or referrers (a provision to a third party, recorded each time); joint use,
 * which the policy does not provide for. A contractor role that the version gives no purpose receives
 * nothing, so it is not named.
 */
export function recipientItems(doc: PolicyDocument, lang: Lang): string[] {
  const sep = lang === 'ja' ? '、' : ', ';
  const items: string[] = [];
  for (const role of Object.keys(doc.roles) as RoleKey[]) {
    const r = doc.roles[role];
    if (!r.contractor || r.purposes.length === 0) continue;
    const purposes = r.purposes.filter((p) => doc.purposes[p]).map((p) => purposeLabel(doc, p, lang));
    const data = (r.only ?? []).filter((c) => doc.categories[c as CategoryKey]).map((c) => doc.categories[c as CategoryKey][lang]);
    items.push(lang === 'ja'
      ? `委託: ${r.ja} — 目的: ${purposes.join(sep)} — 渡す情報: ${data.length ? data.join(sep) : 'なし'}`
      : `Contractor: ${r.en} — purposes: ${purposes.join(sep)} — data it receives: ${data.length ? data.join(sep) : 'none'}`);
  }
  const declared = new Set(Object.values(doc.roles).flatMap((r) => r.purposes));
  const thirdParty = (THIRD_PARTY_ANSWER_PURPOSES as readonly PurposeKey[]).filter((p) => doc.purposes[p]?.no != null && declared.has(p));
  for (const p of thirdParty) {
    items.push(lang === 'ja'
      ? `第三者提供: ${purposeLabel(doc, p, lang)} — ご本人の同意がある場合または同居のご家族に限り、提供のたびに記録します(第29条)`
      : `Third parties: ${purposeLabel(doc, p, lang)} — only with your consent or to family living with you, each time recorded (art. 29)`);
  }
  if (items.length === 0) items.push(lang === 'ja' ? '個人データの委託・第三者提供はありません' : 'No personal data goes to contractors or third parties');
  items.push(lang === 'ja' ? '共同利用: 行っていません' : 'Joint use: none');
  return items;
}
