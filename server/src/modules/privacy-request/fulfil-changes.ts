import { recordChange } from '../../trail/change-trail';
import { CustomerStatus } from '../../common/enums';
import { badInput } from '../../common/errors';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { type PrivacyRequest, PrivacyRequestKind } from './privacy-request.entity';
import type { FulfilCorrectionArgs } from './privacy-request.inputs';
import { PrivacyRequestService, requestReason } from './privacy-request.service';

/** CORRECTION: the corrected values go through the normal customer update (validation, write guard, change trail). */
export async function fulfilCorrection(ctx: RequestContext, args: FulfilCorrectionArgs): Promise<PrivacyRequest> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(args.requestId, [PrivacyRequestKind.CORRECTION]);
  const { requestId: _r, reason, ...fields } = args;
  const given = Object.keys(fields).filter((k) => (fields as Record<string, unknown>)[k] !== undefined);
  if (!given.length) throw badInput('requestId', '訂正する項目を指定してください', 'Give the corrected values');
  const note = reason?.trim() ? `: ${reason.trim().slice(0, 300)}` : '';
  await new CustomerService(ctx).update(request.customer.id, { ...fields, reason: `${requestReason(request)}${note}` });
  return requests.complete(request, { correctedFields: given });
}

/** STOP_USE sets the customer USE_STOPPED (the row scopes honour it); STOP_PROVISION sets provisionStopped. liftStop undoes either. */
export async function fulfilStop(ctx: RequestContext, requestId: unknown): Promise<PrivacyRequest> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(requestId, [PrivacyRequestKind.STOP_USE, PrivacyRequestKind.STOP_PROVISION]);
  const customer = await new CustomerService(ctx).get(request.customer.id);
  const stop = !request.liftStop;
  const [field, before, after] = request.kind === PrivacyRequestKind.STOP_USE
    ? ['status', customer.status, stop ? CustomerStatus.USE_STOPPED : CustomerStatus.ACTIVE] as const
    : ['provisionStopped', customer.provisionStopped, stop] as const;
  if (before !== after) {
    Object.assign(customer, { [field]: after });
    await ctx.em.flush();
    await recordChange(ctx, {
      entity: 'Customer', entityId: customer.id, subjectId: customer.id, action: 'UPDATE', reason: requestReason(request), reasonIsPersonal: false,
      plan: { changes: { [field]: after }, personal: [] }, before: { [field]: before },
    });
  }
  return requests.complete(request, { [field]: after, changed: before !== after });
}
