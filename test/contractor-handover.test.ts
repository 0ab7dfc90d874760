// Handing work to a contractor (委託): only the role and purpose schema/policy's HANDOVERS declares, only to a
// contractor of the right kind with a live agreement that entrusts the data; recorded as provision to it and as a
// CHANGE event, visible to the privacy manager. Bad input is BAD_USER_INPUT naming the field, a second handover of
// open work CONFLICT, and neither changes anything.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handedOverCategories, mayHandOver } from '../schema/policy';
import { asAccount, contractorAccounts, type Account } from './helpers/contractors';
import { errorCode, errorField, ROLE_PURPOSES } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let accounts: Account[];
let lapsedAgency: number;

beforeAll(async () => {
  s = await startTestServer({ customers: 80 });
  accounts = await contractorAccounts(s.sql);
  lapsedAgency = (await s.sql.query(`insert into contractor (name, services, data_categories, agreement_date, agreement_expires_at)
    values ('期限切れ債権回収株式会社', '{COLLECTION}', '{contact.name,contact.postal,contact.address,contact.phone,order.shipping}',
      current_date - 800, current_date - 1) returning id`)).rows[0].id;
});
afterAll(async () => { await s?.stop(); });

const account = (label: string) => accounts.find((a) => a.label === label)!;
/** Rows whose count must not move when a handover is refused. */
const snapshot = async () => (await s.sql.query(`select (select count(*)::int from collection_case) as cases,
  (select count(*)::int from provision_record) as provisions, (select count(*)::int from mailing_recipient) as recipients,
  (select count(*)::int from trail_entry where kind = 'CHANGE') as changes,
  (select string_agg(id || ':' || status || ':' || coalesce(contractor_id, 0), ',' order by id) from mailing) as mailings`)).rows[0];
/** An overdue order of an active customer in no open case. */
const unassignedOverdue = async () => (await s.sql.query(`select o.id, o.customer_id from "order" o join customer c on c.id = o.customer_id
  where o.payment_status = 'OVERDUE' and c.status = 'ACTIVE' and not exists (select 1 from collection_case k where k.order_id = o.id and k.closed_at is null)
  order by o.id limit 1`)).rows[0];

describe('who may hand over what', () => {
  test('the contractors offered are those of the right kind with a live agreement, and only to those who may hand over', async () => {
    const accounting = await s.asRole('ACCOUNTING', 'CREDIT_MANAGEMENT');
    const r = await accounting('{ handoverContractors(kind: COLLECTION_CASE) { id name } }');
    const offered = r.data.handoverContractors.map((c: any) => Number(c.id)).sort();
    expect(offered).toEqual(accounts.filter((a) => a.role === 'COLLECTION_AGENCY').map((a) => a.contractorId).sort());
    expect(errorCode(await (await s.asRole('ACCOUNTING', 'TRANSACTION'))('{ handoverContractors(kind: COLLECTION_CASE) { id } }'))).toBe('FORBIDDEN');
    expect(errorCode(await (await s.asRole('MARKETING', 'PROMOTION'))('{ handoverContractors(kind: SHIPMENT) { id } }'))).toBe('FORBIDDEN');
  });

  test.each(ROLE_PURPOSES)('as %s under %s opening a collection case is allowed exactly as HANDOVERS declares', async (role, purpose) => {
    const order = await unassignedOverdue();
    const agency = account('COLLECTION_AGENCY#2');
    const before = await snapshot();
    const r = await (await s.asRole(role, purpose))(`mutation { createCollectionCase(orderId: ${order.id}, contractorId: ${agency.contractorId}) { id } }`);
    if (mayHandOver('assignedCollectionCases', role, purpose)) {
      expect(r.errors).toBeUndefined();
    } else {
      expect(errorCode(r)).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe('a collection case', () => {
  test('handed over: the agency sees the order and its debtor; a provision record and a CHANGE event say so; the privacy manager sees both', async () => {
    const order = await unassignedOverdue();
    const agency = account('COLLECTION_AGENCY#1');
    const accounting = await s.asRole('ACCOUNTING', 'CREDIT_MANAGEMENT');
    const r = await accounting(`mutation { createCollectionCase(orderId: ${order.id}, contractorId: ${agency.contractorId}) { id open orderId contractorName } }`);
    expect(r.errors).toBeUndefined();
    const kase = r.data.createCollectionCase;
    expect(kase).toMatchObject({ open: true, orderId: String(order.id) });
    const client = await asAccount(s, agency.email, 'CREDIT_MANAGEMENT');
    expect((await client(`{ Order(id: ${order.id}) { id } Customer(id: ${order.customer_id}) { id } }`)).errors).toBeUndefined();
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const seen = await pm(`{ CollectionCase(id: ${kase.id}) { id contractorId order { id } }
      allProvisionRecords(filter: { customerId: ${order.customer_id}, recipientContractorId: ${agency.contractorId} }) { legalBasis dataCategories } }`);
    expect(seen.data.CollectionCase.contractorId).toBe(String(agency.contractorId));
    expect(seen.data.allProvisionRecords).toContainEqual({
      legalBasis: 'ENTRUSTMENT', dataCategories: handedOverCategories('assignedCollectionCases', 'CREDIT_MANAGEMENT'),
    });
    const { rows } = await s.sql.query(`select customer_id, role, purpose from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'CollectionCase'
      and detail->>'entityId' = $1`, [kase.id]);
    expect(rows).toEqual([{ customer_id: order.customer_id, role: 'ACCOUNTING', purpose: 'CREDIT_MANAGEMENT' }]);
  });

  test('the same order again while the case is open is CONFLICT, to either agency, and nothing changes', async () => {
    const { rows: [open] } = await s.sql.query(`select order_id from collection_case where closed_at is null order by id limit 1`);
    const accounting = await s.asRole('ACCOUNTING', 'CREDIT_MANAGEMENT');
    const before = await snapshot();
    for (const a of accounts.filter((x) => x.role === 'COLLECTION_AGENCY')) {
      const r = await accounting(`mutation { createCollectionCase(orderId: ${open.order_id}, contractorId: ${a.contractorId}) { id } }`);
      expect(errorCode(r)).toBe('CONFLICT');
    }
    expect(await snapshot()).toEqual(before);
  });

  test('bad input names its field and changes nothing: an order not overdue, a lapsed agency, a contractor of another kind, no such contractor', async () => {
    const accounting = await s.asRole('ACCOUNTING', 'CREDIT_MANAGEMENT');
    const order = await unassignedOverdue();
    const { rows: [paid] } = await s.sql.query(`select id from "order" where payment_status = 'PAID' order by id limit 1`);
    const agency = account('COLLECTION_AGENCY#1').contractorId;
    const cases: [number, number, string][] = [
      [paid.id, agency, 'orderId'], [999_999, agency, 'orderId'], [order.id, lapsedAgency, 'contractorId'],
      [order.id, account('MAILING_HOUSE#1').contractorId, 'contractorId'], [order.id, account('CARRIER#1').contractorId, 'contractorId'],
      [order.id, 999_999, 'contractorId'],
    ];
    const before = await snapshot();
    for (const [o, c, field] of cases) {
      const r = await accounting(`mutation { createCollectionCase(orderId: ${o}, contractorId: ${c}) { id } }`);
      expect([errorCode(r), errorField(r)], `order ${o} contractor ${c}`).toEqual(['BAD_USER_INPUT', field]);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('a mailing', () => {
  const reachable = async (purpose: string, yes: boolean) => (await s.sql.query(`select c.id from customer c where c.status = 'ACTIVE'
    and c.birth_date < now() - interval '25 years' and ${yes ? '' : 'not'} exists (select 1 from consent k where k.customer_id = c.id
      and k.purpose::text = $1 and k.withdrawn_at is null) order by c.id limit 3`, [purpose])).rows.map((r) => r.id as number);

  test('is made under the purpose declared, takes only recipients that purpose may reach, and is handed to one mailing house', async () => {
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    expect(errorField(await marketing('mutation { createMailing(name: "誤り", purpose: SURVEY_EVENT) { id } }'))).toBe('purpose');
    const m = (await marketing('mutation { createMailing(name: "年末のご案内", purpose: PROMOTION) { id status } }')).data.createMailing;
    expect(m.status).toBe('DRAFT');
    const [yes, no] = [await reachable('PROMOTION', true), await reachable('PROMOTION', false)];
    expect(no.length).toBeGreaterThan(0);
    const before = await snapshot();
    const refused = await marketing(`mutation { addMailingRecipients(mailingId: ${m.id}, customerIds: [${[...yes, no[0]].join(', ')}]) { id } }`);
    expect([errorCode(refused), errorField(refused)]).toEqual(['BAD_USER_INPUT', 'customerIds']);
    expect(await snapshot()).toEqual(before);
    const added = await marketing(`mutation { addMailingRecipients(mailingId: ${m.id}, customerIds: [${yes.join(', ')}]) { recipientCount } }`);
    expect(added.data.addMailingRecipients.recipientCount).toBe(yes.length);

    const house = account('MAILING_HOUSE#2');
    const client = await asAccount(s, house.email, 'PROMOTION');
    expect((await client(`{ allCustomers(filter: { ids: [${yes.join(', ')}] }) { id } }`)).data.allCustomers).toEqual([]);
    for (const [c, field] of [[account('CARRIER#1').contractorId, 'contractorId'], [999_999, 'contractorId']] as const) {
      const r = await marketing(`mutation { handOverMailing(mailingId: ${m.id}, contractorId: ${c}) { id } }`);
      expect([errorCode(r), errorField(r)]).toEqual(['BAD_USER_INPUT', field]);
    }
    expect(errorCode(await (await s.asRole('MARKETING', 'SURVEY_EVENT'))(`mutation { handOverMailing(mailingId: ${m.id}, contractorId: ${house.contractorId}) { id } }`)))
      .toBe('BAD_USER_INPUT');
    const handed = await marketing(`mutation { handOverMailing(mailingId: ${m.id}, contractorId: ${house.contractorId}) { status contractorName } }`);
    expect(handed.errors).toBeUndefined();
    expect(handed.data.handOverMailing.status).toBe('HANDED_OVER');
    expect(ids((await client(`{ allCustomers(filter: { ids: [${yes.join(', ')}] }) { id } }`)).data.allCustomers)).toEqual(yes);
    const { rows } = await s.sql.query(`select customer_id from provision_record where recipient_contractor_id = $1 and legal_basis = 'ENTRUSTMENT'
      and customer_id = any($2::int[]) and data_categories = $3::text[] and exemption_note like $4`,
    [house.contractorId, yes, handedOverCategories('assignedMailings', 'PROMOTION'), `%mailing #${m.id}`]);
    expect(rows.map((r) => r.customer_id).sort((a, b) => a - b)).toEqual(yes);
    const { rows: change } = await s.sql.query(`select customer_id from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'Mailing'
      and detail->>'entityId' = $1 and detail->'newValues'->>'status' = 'HANDED_OVER' order by customer_id`, [m.id]);
    expect(change.map((r) => r.customer_id)).toEqual(yes);
    // Handed over once: again, or more recipients, is a conflict.
    expect(errorCode(await marketing(`mutation { handOverMailing(mailingId: ${m.id}, contractorId: ${house.contractorId}) { id } }`))).toBe('CONFLICT');
    expect(errorCode(await marketing(`mutation { addMailingRecipients(mailingId: ${m.id}, customerIds: [${yes[0]}]) { id } }`))).toBe('CONFLICT');
  });
});

describe('a shipment', () => {
  test('as FULFILLMENT under SHIPPING handing an order to a carrier records the provision; others may not, and a non-carrier is bad input', async () => {
    const { rows: [o] } = await s.sql.query(`select o.id, o.customer_id from "order" o join customer c on c.id = o.customer_id
      where o.status = 'PLACED' and o.carrier_id is null and c.status = 'ACTIVE' order by o.id limit 1`);
    const carrier = account('CARRIER#2');
    const before = await snapshot();
    expect(errorCode(await (await s.asRole('SUPPORT', 'TRANSACTION'))(`mutation { updateOrder(id: ${o.id}, carrierId: ${carrier.contractorId}) { id } }`))).toBe('FORBIDDEN');
    const fulfilment = await s.asRole('FULFILLMENT', 'SHIPPING');
    const wrong = await fulfilment(`mutation { updateOrder(id: ${o.id}, carrierId: ${account('MAILING_HOUSE#1').contractorId}) { id } }`);
    expect([errorCode(wrong), errorField(wrong)]).toEqual(['BAD_USER_INPUT', 'carrierId']);
    expect(await snapshot()).toEqual(before);
    const r = await fulfilment(`mutation { updateOrder(id: ${o.id}, carrierId: ${carrier.contractorId}) { carrierId } }`);
    expect(r.data.updateOrder.carrierId).toBe(String(carrier.contractorId));
    expect((await (await asAccount(s, carrier.email, 'SHIPPING'))(`{ Order(id: ${o.id}) { id } }`)).errors).toBeUndefined();
    const { rows } = await s.sql.query(`select legal_basis from provision_record where customer_id = $1 and recipient_contractor_id = $2`, [o.customer_id, carrier.contractorId]);
    expect(rows.map((x) => x.legal_basis)).toContain('ENTRUSTMENT');
  });
});

function ids(list: { id: string }[]): number[] { return list.map((x) => Number(x.id)).sort((a, b) => a - b); }
