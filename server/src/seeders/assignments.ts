import type pg from 'pg';
import { handedOverCategories, type PurposeKey } from '../../../schema/policy';
import { settings } from '../config';
import type { ContractorIds } from './contractors';
import { JST_TODAY, jstDate } from '../common/jst-sql';

/** Customers a consent purpose may reach today: active (not stopped, not erased), a live consent, a guardian's under the guardian age. */
const REACHABLE = `c.status = 'ACTIVE' and exists (select 1 from consent k where k.customer_id = c.id and k.purpose::text = $1
  and k.withdrawn_at is null and (c.birth_date is null
    or c.birth_date <= ${JST_TODAY} - make_interval(years => $2) or k.guardian_consent))`;

interface MailingSeed { name: string; purpose: PurposeKey; contractor: keyof ContractorIds | null; recipients: string }

/** Two mailing houses with mailings of their own, and a draft not yet handed over. */
const MAILINGS: MailingSeed[] = [
  { name: '冬のお得なご案内(DM)', purpose: 'PROMOTION', contractor: 'mailing', recipients: 'c.id % 2 = 0' },
  { name: 'お客様アンケートのお願い', purpose: 'SURVEY_EVENT', contractor: 'mailing', recipients: 'true' },
  { name: '新商品「ママの素 ゆず」のお知らせ', purpose: 'NEW_PRODUCT_INFO', contractor: 'mailing2', recipients: 'c.id % 2 = 1' },
  { name: '春の新生活キャンペーン(準備中)', purpose: 'PROMOTION', contractor: null, recipients: 'c.id % 5 = 0' },
];

/** Each handover is provision to the contractor (委託): one provision record per customer, kept 3 years (APPI art. 29). */
const PROVISION = `insert into provision_record (customer_id, recipient_name, recipient_contractor_id, data_categories, legal_basis,
    exemption_note, provided_at, keep_until, recorded_by_id)`;
const KEEP_UNTIL = `(${jstDate('x.at')} + interval '3 years')::date`;

/**
 * Work handed to contractors in the demo: about two thirds of the overdue orders of active customers in open
 * collection cases, split between the two agencies (the rest still with accounting), and mailings handed to
 * the two mailing houses. Each handover has its provision records, as handing over through the API makes.
 */
export async function insertAssignments(client: pg.ClientBase, contractors: ContractorIds, staff: { accounting: number; marketing: number })
  : Promise<{ collectionCases: number; mailings: number; mailingRecipients: number }> {
  const cases = await client.query(`with overdue as (
      select o.id, o.payment_due_at, row_number() over (order by o.id) as n from "order" o join customer c on c.id = o.customer_id
      where o.payment_status = 'OVERDUE' and c.status = 'ACTIVE')
    insert into collection_case (order_id, contractor_id, opened_by_id, opened_at)
    select id, case when n % 3 = 1 then $1::int else $2::int end, $3, least(payment_due_at + interval '10 days', now() - interval '1 hour')
    from overdue where n % 3 <> 0 returning id`, [contractors.collection, contractors.collection2, staff.accounting]);
  await client.query(`${PROVISION}
    select o.customer_id, ct.name, ct.id, $1::text[], 'ENTRUSTMENT', '債権回収の委託: 注文 ' || o.order_number, x.at, ${KEEP_UNTIL}, x.opened_by_id
    from (select order_id, contractor_id, opened_by_id, opened_at as at from collection_case) x
    join "order" o on o.id = x.order_id join contractor ct on ct.id = x.contractor_id`,
  [handedOverCategories('assignedCollectionCases', 'CREDIT_MANAGEMENT')]);

  let recipients = 0;
  for (const m of MAILINGS) {
    const contractor = m.contractor ? contractors[m.contractor] : null;
    const { rows: [mailing] } = await client.query(`insert into mailing (name, purpose, status, contractor_id, created_by_id, created_at,
        handed_over_by_id, handed_over_at)
      values ($1, $2, $3, $4, $5, now() - interval '3 days', $6, $7) returning id, handed_over_at`,
    [m.name, m.purpose, contractor ? 'HANDED_OVER' : 'DRAFT', contractor, staff.marketing, contractor ? staff.marketing : null,
      contractor ? new Date(Date.now() - 2 * 86_400_000) : null]);
    const added = await client.query(`insert into mailing_recipient (mailing_id, customer_id)
      select $3, c.id from customer c where ${REACHABLE} and ${m.recipients}`, [m.purpose, settings().MAMORI_GUARDIAN_AGE, mailing.id]);
    recipients += added.rowCount ?? 0;
    if (!contractor) continue;
    await client.query(`${PROVISION}
      select r.customer_id, ct.name, ct.id, $2::text[], 'ENTRUSTMENT', '発送代行の委託: ' || m.name, x.at, ${KEEP_UNTIL}, m.handed_over_by_id
      from mailing m join mailing_recipient r on r.mailing_id = m.id join contractor ct on ct.id = m.contractor_id
      cross join (select m2.handed_over_at as at from mailing m2 where m2.id = $1) x where m.id = $1`,
    [mailing.id, handedOverCategories('assignedMailings', m.purpose)]);
  }
  return { collectionCases: cases.rowCount ?? 0, mailings: MAILINGS.length, mailingRecipients: recipients };
}
