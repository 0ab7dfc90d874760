import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { jstDateText } from '../../common/jst-sql';
import { intArray } from '../../common/sql';
import { removeRecordingFiles } from '../interaction/recording-files';
import { removeDisclosureFiles } from './disclosure.service';
import type { LegalRetentionSettings } from './legal-retention';
import type { ErasureItem } from './privacy-request.types';
import { keptItem, ordersDue } from './retention-holds';

/** What replaces every identifying column of the customer row: the pseudonym for the name, blanks elsewhere. */
const PSEUDONYMISE_CUSTOMER = `update customer set customer_number = ?, name = ?, name_kana = '', postal_code = '', prefecture = '', city = '',
  address_line = '', phone = '', phone_digits = '', email = '', birth_date = null, gender = null, lifestyle = null, occupation = null,
  card_brand = null, card_last4 = null, card_expiry = null, card_token = null, referrer_id = null, household_id = null,
  status = 'ERASED', provision_stopped = true, sensitive_fields = '{}', updated_at = now() where id = ?`;

const item = (records: string, count: number): ErasureItem => ({ records, count, reason: null, dueAt: null, keptUntil: null, holds: [] });

export interface Erasure {
  pseudonymId: string;
  erased: ErasureItem[];
  pseudonymised: ErasureItem[];
  remainderDueAt: string | null;
}

/**
 * Erases one customer, in the caller's transaction: everything not under a legal retention duty goes (the
 * profile, interactions with their transcripts and the recordings' audio files, consents, orders past every
 * duty, provision records past art. 29, disclosure files); orders still under a duty of legal-retention.ts
 * and provision records under APPI art. 29 are kept, pseudonymised (customer number, names, addresses,
 * phones, e-mail replaced; a random pseudonym keeps the books adding up). No key is left behind: the old
 * customer number becomes the pseudonym in earlier disclosure files' names, request outcomes and audit findings' texts.
 * Used by a deletion request (erasure.service.ts) and by the live-data sweep for dormant customers.
 * The caller records the erasure (customer_erasure, trail) and destroys the trail key.
 */
export async function eraseCustomer(em: EntityManager, customer: { id: number; customerNumber: string }, settings: LegalRetentionSettings,
  today: string): Promise<Erasure> {
  const id = customer.id;
  const run = (sql: string, params: unknown[] = [id]) => em.execute(sql, params) as Promise<Record<string, any>[]>;
  const pseudonymId = `P${randomBytes(6).toString('hex').toUpperCase()}`;

  // Contractors stop working on the person at once: open collection cases close, mailing lists lose them.
  const cases = await run(`update collection_case set closed_at = now(), close_reason = 'ERASED'
    where closed_at is null and order_id in (select id from "order" where customer_id = ?) returning id`);
  const recipients = await run(`delete from mailing_recipient where customer_id = ? returning mailing_id`);
  const talk = await run(`delete from interaction where customer_id = ? returning transcript is not null as transcript, recording_key`);
  const recordingFiles = await removeRecordingFiles(talk.map((t) => t.recording_key));
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
  await run(`update disclosure_download set file_name = replace(file_name, ?, ?) where customer_id = ?`, [customer.customerNumber, pseudonymId, id]);
  await run(`update privacy_request set outcome = replace(outcome::text, ?, ?)::jsonb
    where customer_id = ? and outcome is not null and strpos(outcome::text, ?) > 0`, [customer.customerNumber, pseudonymId, id, customer.customerNumber]);
  // Audit findings and their comments name customers by number in words (findings/words.ts): the audit's record
  // stays, naming the pseudonym. Matched as a whole number only, so no longer number containing it is touched.
  const whole = `(?<![A-Za-z0-9])${customer.customerNumber.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`;
  await run(`update audit_finding set title = regexp_replace(title, ?, ?, 'g'), detail = regexp_replace(detail, ?, ?, 'g')
    where title ~ ? or detail ~ ?`, [whole, pseudonymId, whole, pseudonymId, whole, whole]);
  await run(`update audit_finding_comment set body = regexp_replace(body, ?, ?, 'g') where body ~ ?`, [whole, pseudonymId, whole]);
  // The staff's reasons on the person's requests (refusal, erasure asked and decided) are kept with the request.
  await run(`update privacy_request set refusal_reason = regexp_replace(refusal_reason, ?, ?, 'g'),
      erasure_request_reason = regexp_replace(erasure_request_reason, ?, ?, 'g'), erasure_decision_reason = regexp_replace(erasure_decision_reason, ?, ?, 'g')
    where customer_id = ? and (refusal_reason ~ ? or erasure_request_reason ~ ? or erasure_decision_reason ~ ?)`,
  [whole, pseudonymId, whole, pseudonymId, whole, pseudonymId, id, whole, whole, whole]);
  const records = await run(`select ${jstDateText('provided_at')} as provided
    from provision_record where customer_id = ? and keep_until >= ?::date`, [id, today]);
  const goneRecords = await run(`delete from provision_record where customer_id = ? and keep_until < ?::date returning id`, [id, today]);
  await run(`update customer set referrer_id = null where referrer_id = ?`);
  await run(PSEUDONYMISE_CUSTOMER, [pseudonymId, pseudonymId, id]);

  const pseudonymised = [
    ...(kept.length ? [keptItem('orders', kept.map((o) => o.placed), settings), keptItem('orderItems', kept.map((o) => o.placed), settings, keptItems.n)] : []),
    ...(records.length ? [keptItem('provisionRecords', records.map((r) => r.provided), settings)] : []),
  ];
  return {
    pseudonymId, pseudonymised,
    remainderDueAt: pseudonymised.map((p) => p.dueAt!).sort().pop() ?? null,
    erased: [
      item('customerProfile', 1), item('interactions', talk.length), item('transcripts', talk.filter((t) => t.transcript).length),
      item('recordings', talk.filter((t) => t.recording_key).length), item('recordingFiles', recordingFiles),
      item('orders', goneOrders.length), item('orderItems', goneItems.length), item('consents', consents.length),
      item('provisionRecords', goneRecords.length), item('disclosureFiles', files.length),
      item('mailingRecipients', recipients.length), item('collectionCasesClosed', cases.length),
    ],
  };
}
