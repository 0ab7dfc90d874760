import { badInput } from '../../common/errors';
import { addYears, jstDateOf } from '../../common/japan-dates';
import { AuthorityDocument, RequesterKind } from './privacy-request.entity';

/**
 * Who may ask for a person (APPI art. 37(3), 施行令第13条): the person; a legal representative (法定代理人)
 * of a minor or of an adult under guardianship (成年被後見人); or an agent the person appointed (任意代理人)
 * with a power of attorney. A parent is a legal representative only while the child is a minor: majority is
 * 18 since 2022-04-01 (民法第4条, as amended in 2018), 20 before. This is not the policy's marketing
 * threshold of 【12】 (MAMORI_GUARDIAN_AGE, 20): that one decides consent, this one who may act.
 */
export const MAJORITY_REFORM_DATE = '2022-04-01';

export function ageOfMajorityOn(date: string): number {
  return date >= MAJORITY_REFORM_DATE ? 18 : 20;
}

/** Whether a person born on `birthDate` is a minor at `at` (unknown birth date: not shown to be a minor). */
export function isMinorAt(birthDate: string | null | undefined, at: Date): boolean {
  if (!birthDate) return false;
  const day = jstDateOf(at);
  return addYears(birthDate, ageOfMajorityOn(day)) > day;
}

/** Documents that prove a legal representative's authority over a minor (親権者: 戸籍謄本; 未成年後見人: 登記事項証明書 or 戸籍). */
const MINOR_REPRESENTATIVE_DOCUMENTS: readonly AuthorityDocument[] = [
  AuthorityDocument.FAMILY_REGISTER, AuthorityDocument.GUARDIANSHIP_CERTIFICATE, AuthorityDocument.OTHER_DOCUMENT,
];

/** Refuses (BAD_USER_INPUT naming the field) a requester who cannot act for the person as stated. */
export function assertMayRepresent(kind: RequesterKind, document: AuthorityDocument | null | undefined, birthDate: string | null | undefined, receivedAt: Date): void {
  if (kind === RequesterKind.AGENT && document !== AuthorityDocument.POWER_OF_ATTORNEY) {
    throw badInput('authorityDocument', '任意代理人はご本人の委任状が必要です', 'An agent needs the person\'s power of attorney');
  }
  if (kind !== RequesterKind.GUARDIAN) return;
  if (isMinorAt(birthDate, receivedAt)) {
    if (!document || !MINOR_REPRESENTATIVE_DOCUMENTS.includes(document)) {
      throw badInput('authorityDocument', '法定代理権を確認した書類(戸籍謄本など)が必要です', 'The document proving the legal representation is required');
    }
    return;
  }
  // An adult: only a court-appointed guardian (成年後見人, shown by the 登記事項証明書) is a legal representative.
  if (document === AuthorityDocument.GUARDIANSHIP_CERTIFICATE) return;
  const majority = ageOfMajorityOn(jstDateOf(receivedAt));
  throw badInput('requesterKind',
    `法定代理人(親権者)による請求は${majority}歳未満の方についてのみ受け付けます。成年の方のご家族は、ご本人の委任状をお持ちの代理人(AGENT)として受け付けてください`,
    `A parent acts as legal representative only for a person under ${majority}; for an adult, record them as an agent with the person's power of attorney`);
}
