import { randomBytes } from 'node:crypto';
import { intArray } from '../../common/sql';
import { recordChange } from '../../trail/change-trail';
import { destroySubjectKey } from '../../trail/subject-keys';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { removeDisclosureFiles } from './disclosure.service';
import { todayInJapan } from '../../common/japan-dates';
import { PrivacyRequestKind } from './privacy-request.entity';
import { PrivacyRequestService, requestReason } from './privacy-request.service';
import type { DeletionReport, ErasureItem } from './privacy-request.types';
import { keptItem, ordersDue } from './retention-holds';
import { legalSettings } from './legal-settings';
import { jstDateText } from '../../common/jst-sql';

/** What replaces every identifying column of the customer row: the pseudonym for the name, blanks elsewhere. */
const PSEUDONYMISE_CUSTOMER = `update customer set customer_number = ?, name = ?, name_kana = '', postal_code = '', prefecture = '', city = '',
  address_line = '', phone = '', phone_digits = '', email = '', birth_date = null, gender = null, lifestyle = null, occupation = null,
  card_brand = null, card_last4 = null, card_expiry = null, card_token = null, referrer_id = null, household_id = null,
  status = 'ERASED', provision_stopped = true, updated_at = now() where id = ?`;

const item = (records: string, count: number): ErasureItem => ({ records, count, reason: null, dueAt: null, keptUntil: null, holds: [] });

/**
 * Fulfils a DELETION request (【11】): erases everything not under a legal retention duty; orders still
 * under a duty of legal-retention.ts (tax law, company law) and provision records under APPI art. 29 are kept, pseudonymised (the customer
 * number and every name, address, phone and e-mail replaced; a random pseudonym id keeps the books
 * adding up), until the retention sweep deletes them when they fall due. Runs in the caller's transaction.
 */
export async function fulfilDeletion(ctx: RequestContext, requestId: unknown): Promise<DeletionReport> {
  const requests = new PrivacyRequestService(ctx);
  const request = await requests.startFulfilment(requestId, [PrivacyRequestKind.DELETION]);
  const customer = await new CustomerService(ctx).get(request.customer.id);
  const id = customer.id;
  const today = todayInJapan();
  const run = (sql: string, params: unknown[] = [id]) => ctx.em.execute(sql, params) as Promise<Record<string, any>[]>;
  const pseudonymId = `P${randomBytes(6).toString('hex').toUpperCase()}`;

  // Contractors stop working on the person at once: open collection cases close, mailing lists lose them.
  const cases = await run(`update collection_case set closed_at = now(), close_reason = 'ERASED'
    where closed_at is null and order_id in (select id from "order" where customer_id = ?) returning id`);
  const recipients = await run(`delete from mailing_recipient where customer_id = ? returning mailing_id`);
  const [talk] = await run(`select count(*)::int as n, count(transcript)::int as transcripts, count(recording_key)::int as recordings
    from interaction where customer_id = ?`);
  await run(`delete from interaction where customer_id = ?`);
  const settings = await legalSettings(ctx.em);
  const placed = await run(`select id, ${jstDateText('placed_at')} as placed from "order" where customer_id = ?`);
  const orders = ordersDue(placed as { id: number; placed: string }[], settings, today);
  const goneIds = intArray(orders.filter((o) => o.due).map((o) => o.id));
  const goneItems = await run(`delete from order_item where order_id = any(?::int[]) returning id`, [goneIds]);
  const goneOrders = await run(`delete from "order" where id = any(?::int[]) returning id`, [goneIds]);
  const kept = orders.filter((o) => !o.due);
  await run(`update "order" set ship_to_name = ?, ship_to_postal_code = '', ship_to_prefecture = '', ship_to_city = '',
      ship_to_address_line = '', ship_to_phone = '', updated_at = now() where customer_id = ?`, [pseudonymId, id]);
  const [keptItems] = await run(`select count(*)::int as n from order_item i join "order" o on o.id = i.order_id where o.customer_id = ?`);
  const consents = await run(`delete from consent where customer_id = ? returning id`);
  const files = await run(`update disclosure_download d set file_path = null from disclosure_download old
    where d.id = old.id and d.customer_id = ? and old.file_path is not null returning old.file_path`);
  await removeDisclosureFiles(files.map((f) => f.file_path));
  // No key left behind: the customer number in earlier disclosure files' names and request outcomes becomes the pseudonym.
  await run(`update disclosure_download set file_name = replace(file_name, ?, ?) where customer_id = ?`, [customer.customerNumber, pseudonymId, id]);
  await run(`update privacy_request set outcome = replace(outcome::text, ?, ?)::jsonb
    where customer_id = ? and outcome is not null and strpos(outcome::text, ?) > 0`, [customer.customerNumber, pseudonymId, id, customer.customerNumber]);
  const records = await run(`select ${jstDateText('provided_at')} as provided
    from provision_record where customer_id = ? and keep_until >= ?::date`, [id, today]);
  const goneRecords = await run(`delete from provision_record where customer_id = ? and keep_until < ?::date returning id`, [id, today]);
  await run(`update customer set referrer_id = null where referrer_id = ?`);
  await run(PSEUDONYMISE_CUSTOMER, [pseudonymId, pseudonymId, id]);

  const pseudonymised = [
    ...(kept.length ? [keptItem('orders', kept.map((o) => o.placed), settings), keptItem('orderItems', kept.map((o) => o.placed), settings, keptItems.n)] : []),
    ...(records.length ? [keptItem('provisionRecords', records.map((r) => r.provided), settings)] : []),
  ];
  const remainderDueAt = pseudonymised.map((p) => p.dueAt!).sort().pop() ?? null;
  const report: DeletionReport = {
    requestId: String(request.id), pseudonymId, pseudonymised, remainderDueAt,
    erased: [
      item('customerProfile', 1), item('interactions', talk.n), item('transcripts', talk.transcripts), item('recordings', talk.recordings),
      item('orders', goneOrders.length), item('orderItems', goneItems.length), item('consents', consents.length),
      item('provisionRecords', goneRecords.length), item('disclosureFiles', files.length),
      item('mailingRecipients', recipients.length), item('collectionCasesClosed', cases.length),
    ],
  };
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
