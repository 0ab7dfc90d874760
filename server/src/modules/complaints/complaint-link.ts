import { mayLinkToCustomer } from '../../../../schema/policy';
import { badInput, conflict, forbidden } from '../../common/errors';
import { InteractionKind } from '../../common/enums';
import type { RequestContext } from '../../context';
import { planWrite } from '../../policy/write-guard';
import { recordChange } from '../../trail/change-trail';
import { CustomerService } from '../customer/customer.service';
import type { Interaction } from '../interaction/interaction.entity';
import { InteractionService } from '../interaction/interaction.service';
import { INTERACTION_FREE_TEXT, markSensitive } from '../sensitive/sensitive-text';

/** What the name a complainant gave becomes in the complaint's text when it is not the customer's (as the retention sweep writes). */
const COMPLAINANT = '［申出者］';
const squeeze = (name: string) => name.replace(/[\s\u3000]+/g, '');

/**
 * Links a complaint made without a customer (#19 item 9) to the customer the complainant turned out to be.
 * Afterwards the row is that customer's interaction and nothing else: their row scope, masking, retention and
 * erasure apply, and it keeps no personal data of its own — the complainant's name and contact leave the row
 * (a contact the customer's record lacks is entered there first, with its reason), and a name given that is not
 * the customer's becomes ［申出者］ in the texts, so only the customer's names remain to be masked. The act is a
 * CHANGE entry about the customer (values sealed with their key, so an erasure of the customer erases them).
 * Who may link, under which purposes: RESOURCES.Interaction.withoutCustomer.linkers. A reason (how the person
 * was identified) is required. Refused, nothing changed: FORBIDDEN, NOT_FOUND (complaint or customer not
 * visible), CONFLICT naming `customerId` (already linked), BAD_USER_INPUT naming `reason`.
 */
export async function linkComplaintCustomer(ctx: RequestContext, id: unknown, customerId: unknown, reasonText: unknown): Promise<Interaction> {
  if (!mayLinkToCustomer('Interaction', ctx.actor?.role, ctx.purpose)) throw forbidden();
  const reason = typeof reasonText === 'string' ? reasonText.trim() : '';
  if ([...reason].length < 2 || [...reason].length > 500) {
    throw badInput('reason', '顧客と確認した方法(本人確認の方法など)を2〜500文字で入力してください', 'Say how the complainant was identified (2 to 500 characters)');
  }
  const complaint = await new InteractionService(ctx).get(id);
  if (complaint.customer) throw conflict('この苦情はすでに顧客に紐づいています', 'The complaint is already about a customer', 'customerId');
  if (complaint.kind !== InteractionKind.COMPLAINT) throw badInput('id', '苦情ではないやり取りです', 'This interaction is not a complaint');
  const customer = await new CustomerService(ctx).get(customerId);

  const given = complaint.complainantName ?? null;
  const customerNames = [customer.name, customer.nameKana].filter((n): n is string => !!n).map(squeeze);
  const unname = given && !customerNames.includes(squeeze(given))
    ? (text: string | null | undefined) => (text ? text.split(given).join(COMPLAINANT).split(squeeze(given)).join(COMPLAINANT) : text ?? null)
    : (text: string | null | undefined) => text ?? null;
  const current = { complainantName: given, complainantContact: complaint.complainantContact ?? null };
  // The linker must see the complainant in clear (planWrite refuses a change to what it sees masked): they confirm the person.
  const plan = planWrite(ctx, 'Interaction', current, { complainantName: null, complainantContact: null }, {}, given ? [given] : []);
  // The texts are rewritten by the system, not by the linker (who may not see them under its purpose): no write guard, but recorded.
  const texts: Record<string, unknown> = {};
  const textsBefore: Record<string, unknown> = {};
  for (const field of INTERACTION_FREE_TEXT) {
    const after = unname(complaint[field]);
    if (after !== (complaint[field] ?? null)) [texts[field], textsBefore[field]] = [after, complaint[field]];
  }
  const changes = { customerId: customer.id, ...plan.changes, ...texts };
  complaint.customer = customer;
  ctx.em.assign(complaint, { ...plan.changes, ...texts } as Partial<Interaction>);
  await markSensitive(ctx.em, complaint, INTERACTION_FREE_TEXT);
  await ctx.em.flush();
  await recordChange(ctx, {
    entity: 'Interaction', entityId: complaint.id, subjectId: customer.id, action: 'UPDATE', operation: 'linkComplaintCustomer',
    plan: { changes, personal: [...plan.personal, ...Object.keys(texts)] }, before: { customerId: null, ...current, ...textsBefore }, reason,
  });
  return complaint;
}
