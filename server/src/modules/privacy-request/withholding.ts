import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { badInput } from '../../common/errors';
import { ProvisionLegalBasis } from '../provision/provision-record.entity';
import type { WithholdingInput } from './privacy-request.inputs';

/**
 * Why part of a disclosure is withheld (APPI art. 33(2) and (5); 施行令第11条). The person is told that a
 * part was withheld and why (art. 36); each withholding is recorded with its reason.
 */
export enum WithholdingGround {
  /** 施行令第11条: the record's existence coming to light would hinder crime prevention or investigation, or public order. */
  PUBLIC_ORDER = 'PUBLIC_ORDER',
  /** 法第33条第2項第1号: harm to the life, body, property or other rights of the person or a third party. */
  HARM_TO_PERSON_OR_OTHERS = 'HARM_TO_PERSON_OR_OTHERS',
  /** 法第33条第2項第2号: a serious hindrance to the proper conduct of the business. */
  HINDERS_BUSINESS = 'HINDERS_BUSINESS',
  /** 法第33条第2項第3号: disclosure would break another law. */
  VIOLATES_OTHER_LAW = 'VIOLATES_OTHER_LAW',
}
registerEnumType(WithholdingGround, { name: 'WithholdingGround' });

export const GROUND_LAW: Record<WithholdingGround, string> = {
  PUBLIC_ORDER: '個人情報保護法第33条第5項・同法施行令第11条',
  HARM_TO_PERSON_OR_OTHERS: '個人情報保護法第33条第2項第1号',
  HINDERS_BUSINESS: '個人情報保護法第33条第2項第2号',
  VIOLATES_OTHER_LAW: '個人情報保護法第33条第2項第3号',
};

/** Provisions under 【9】's exemptions to authorities (law; public bodies): withheld unless the privacy manager discloses them. */
export const WITHHELD_BY_DEFAULT: readonly ProvisionLegalBasis[] = [ProvisionLegalBasis.LAW, ProvisionLegalBasis.PUBLIC_AUTHORITY];

const DEFAULT_REASON = '法令に基づく照会又は国の機関等の事務への協力として行った提供の記録であり、その存否が明らかになることにより'
  + '犯罪の捜査その他の法令に基づく事務の遂行に支障を及ぼすおそれがあるため';

/** A provision record left out of a disclosure, and why. */
@ObjectType()
export class DisclosureWithholding {
  @Field(() => ID) provisionRecordId!: string;
  @Field(() => String) recipientName!: string;
  @Field(() => ProvisionLegalBasis) legalBasis!: ProvisionLegalBasis;
  @Field(() => Date) providedAt!: Date;
  @Field(() => WithholdingGround) ground!: WithholdingGround;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'The provision of law the withholding rests on' }) law!: string;
  @Field(() => Boolean, { description: 'Withheld by default (an exemption to authorities), not by the privacy manager\'s choice' }) byDefault!: boolean;
}

export interface ProvisionRow { id: number; recipient_name: string; legal_basis: ProvisionLegalBasis; provided: Date }

/**
 * Which of the person's provision records a disclosure withholds: by default those to authorities under
 * 【9】's exemptions, less those the privacy manager discloses (`disclose`), plus those withheld by choice
 * (`withhold`, each with a ground and a reason). BAD_USER_INPUT naming the field for a record that is not
 * the person's, a withholding without a reason, or a disclosure of a record not withheld by default.
 */
export function decideWithholdings(records: ProvisionRow[], withhold: WithholdingInput[] = [], disclose: string[] = []): DisclosureWithholding[] {
  const byId = new Map(records.map((r) => [String(r.id), r]));
  for (const id of disclose) {
    const r = byId.get(String(id));
    if (!r || !WITHHELD_BY_DEFAULT.includes(r.legal_basis)) {
      throw badInput('disclose', `提供記録 #${id} は既定で不開示となる記録ではありません`, `Provision record #${id} is not withheld by default`);
    }
  }
  const chosen = new Map<string, DisclosureWithholding>();
  for (const w of withhold) {
    const r = byId.get(String(w.provisionRecordId));
    if (!r) throw badInput('withhold.provisionRecordId', `提供記録 #${w.provisionRecordId} はこのお客様の記録ではありません`, `Provision record #${w.provisionRecordId} is not this person's`);
    const reason = w.reason?.trim() ?? '';
    if (reason.length < 2 || reason.length > 1000) throw badInput('withhold.reason', '不開示とする理由(2〜1000文字)が必要です', 'A reason (2 to 1000 characters) is required to withhold');
    if (disclose.map(String).includes(String(r.id))) throw badInput('disclose', `提供記録 #${r.id} を開示と不開示の両方に指定しています`, `Provision record #${r.id} is both disclosed and withheld`);
    chosen.set(String(r.id), view(r, w.ground, reason, false));
  }
  const out: DisclosureWithholding[] = [];
  for (const r of records) {
    const own = chosen.get(String(r.id));
    if (own) out.push(own);
    else if (WITHHELD_BY_DEFAULT.includes(r.legal_basis) && !disclose.map(String).includes(String(r.id))) {
      out.push(view(r, WithholdingGround.PUBLIC_ORDER, DEFAULT_REASON, true));
    }
  }
  return out;
}

function view(r: ProvisionRow, ground: WithholdingGround, reason: string, byDefault: boolean): DisclosureWithholding {
  return { provisionRecordId: String(r.id), recipientName: r.recipient_name, legalBasis: r.legal_basis, providedAt: new Date(r.provided), ground, reason, law: GROUND_LAW[ground], byDefault };
}

/** What the person is told (art. 36): that a part was withheld, on which grounds and why — not how many records or to whom. */
export function withheldNotice(withheld: DisclosureWithholding[]): string | null {
  if (!withheld.length) return null;
  const reasons = [...new Set(withheld.map((w) => `・${w.reason}(${w.law})`))];
  return `第三者提供の記録の一部を開示していません(個人情報保護法第36条によるお知らせ)。理由:\n${reasons.join('\n')}`;
}
