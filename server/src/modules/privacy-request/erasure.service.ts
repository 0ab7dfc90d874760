import { recordChange } from '../../trail/change-trail';
import { destroySubjectKey } from '../../trail/subject-keys';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { eraseCustomer } from './erase-customer';
import { todayInJapan } from '../../common/japan-dates';
import { PrivacyRequestKind } from './privacy-request.entity';
import { PrivacyRequestService, requestReason } from './privacy-request.service';
import type { DeletionReport } from './privacy-request.types';
import { legalSettings } from './legal-settings';

/**
 * Fulfils a DELETION request (【11】): erases everything not under a legal retention duty (erase-customer.ts,
 * recordings' audio files included); orders still under a duty of legal-retention.ts (tax law, company law)
 * and provision records under APPI art. 29 are kept, pseudonymised, until the retention sweep deletes them
 * when they fall due. Runs in the caller's transaction.
 */
export async function fulfilDeletion(ctx: RequestContext, requestId: unknown): Promise<DeletionReport> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(requestId, [PrivacyRequestKind.DELETION]);
  const customer = await new CustomerService(ctx).get(request.customer.id);
  const id = customer.id;
  const today = todayInJapan();
  const run = (sql: string, params: unknown[] = [id]) => ctx.em.execute(sql, params) as Promise<Record<string, any>[]>;
  const { pseudonymId, erased, pseudonymised, remainderDueAt } = await eraseCustomer(ctx.em, customer, await legalSettings(ctx.em), today);
  const report: DeletionReport = { requestId: String(request.id), pseudonymId, pseudonymised, remainderDueAt, erased };
  await run(`insert into customer_erasure (customer_id, pseudonym_id, privacy_request_id, retain_until, purged_at)
    values (?, ?, ?, ?, case when ?::date is null then now() end)`, [id, pseudonymId, request.id, remainderDueAt, remainderDueAt]);
  await recordChange(ctx, {
    entity: 'Customer', entityId: id, subjectId: id, action: 'DELETE', reason: requestReason(request),
    plan: { changes: { status: 'ERASED' }, personal: [] }, before: { status: customer.status }, reasonIsPersonal: false,
  });
  // Crypto-shredding (#20): what the trail keeps about the person, sealed with their key, is unreadable from now on.
  await destroySubjectKey(ctx.em, id);
  const openRequestsRefused = await requests.refuseOthersAfterErasure(request);
  await requests.complete(request, { ...report, openRequestsRefused });
  return report;
}
