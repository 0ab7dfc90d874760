import { COUNTRY_SYSTEMS, countryName } from '../../../../schema/policy';
import { badInput, conflict } from '../../common/errors';
import { jstDateText } from '../../common/jst-sql';
import type { RequestContext } from '../../context';
import { type PrivacyRequest, PrivacyRequestKind } from './privacy-request.entity';
import { PrivacyRequestService } from './privacy-request.service';

interface Recipient { id: number; name: string; country: string; info: string | null; reviewed: string | null; last_provided: string }

/**
 * Fulfils a FOREIGN_MEASURES_INFO request (APPI art. 28(3), 施行規則第18条第3項): for every recipient abroad the
 * person's data went to on the ground of its system to the PPC's standards (provision records with foreign
 * basis SYSTEM_MEASURES), the country and its system (schema/policy/foreign-countries.ts) and what the store
 * keeps on the contractor of its measures and of the store's checks (`foreignMeasuresInfo`), as the answer
 * recorded on the completed request. Fails closed, nothing changed: CONFLICT naming `foreignMeasuresInfo` (or
 * `country`) while a recipient's information is missing. With `withholdReason` (art. 28(3) proviso: the answer
 * would seriously hinder the business) nothing is told and the reason is the answer (施行規則第18条第4項).
 */
export async function fulfilForeignMeasures(ctx: RequestContext, requestId: unknown, withholdReason?: string | null): Promise<PrivacyRequest> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(requestId, [PrivacyRequestKind.FOREIGN_MEASURES_INFO]);
  if (withholdReason != null) {
    const reason = withholdReason.trim();
    if ([...reason].length < 5 || [...reason].length > 2000) {
      throw badInput('withholdReason', '提供しない理由を5〜2000文字で記録してください', 'Record why the information is withheld (5 to 2000 characters)');
    }
    return requests.complete(request, {
      withheld: true, reason,
      answer: `外国にある第三者が講ずる措置に関する情報は、業務の適正な実施に著しい支障を及ぼすおそれがあるため、提供しないことといたしました(個人情報保護法第28条第3項ただし書)。理由: ${reason}`,
    });
  }
  const recipients = await ctx.em.execute(`select c.id, c.name, c.country, c.foreign_measures_info as info, to_char(c.last_reviewed_at, 'YYYY-MM-DD') as reviewed,
      max(${jstDateText('p.provided_at')}) as last_provided
    from provision_record p join contractor c on c.id = p.recipient_contractor_id
    where p.customer_id = ? and p.foreign_basis = 'SYSTEM_MEASURES' group by c.id order by c.id`, [request.customer.id]) as Recipient[];
  for (const r of recipients) {
    if (!r.info) {
      throw conflict(`委託先 #${r.id}(${r.name})の措置の情報が記録されていません。委託先の「外国での措置の情報」を記録してから実施してください`,
        `Contractor #${r.id} has no foreignMeasuresInfo: record it before answering`, 'foreignMeasuresInfo');
    }
    if (!COUNTRY_SYSTEMS[r.country]?.system) {
      throw conflict(`${countryName(r.country, 'ja')} の制度の情報がありません(schema/policy/foreign-countries.ts に追加してください)`,
        `No information on the system of ${r.country}: add it to foreign-countries.ts`, 'country');
    }
  }
  const answer = recipients.length
    ? recipients.map((r) => [
      `提供先: ${r.name}(最後の提供 ${r.last_provided})`,
      `提供先の国: ${countryName(r.country, 'ja')}`,
      `当該国の個人情報保護制度: ${COUNTRY_SYSTEMS[r.country].system!.ja}`,
      `体制の整備の方法・提供先が講ずる措置・当社による確認: ${r.info}`,
      `当社が最後に確認した日: ${r.reviewed ?? '未確認'}`,
    ].join('\n')).join('\n\n')
    : '外国にある第三者(個人情報保護委員会の基準に適合する体制を整備した者)に、ご本人の個人データを提供したことはありません。';
  return requests.complete(request, {
    answer, recipients: recipients.map((r) => ({ contractorId: r.id, name: r.name, country: r.country, lastReviewedAt: r.reviewed, lastProvidedOn: r.last_provided })),
  });
}
