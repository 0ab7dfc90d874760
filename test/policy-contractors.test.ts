// Contractors see only the work handed to their own contractor (【7】【8】): two carriers, two mailing houses and
// two collection agencies, each account checked against the database for every purpose it may declare, counts
// included; work that is closed, delivered, settled or sent, and an agreement that lapses, end the access.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROLES, type PurposeKey, type ResourceName } from '../schema/policy';
import { asAccount, contractorAccounts, expectedCaseIds, expectedMailingIds, type Account } from './helpers/contractors';
import { errorCode, expectedCustomerIds, expectedOrderIds, ids, mayRead } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';
import { eraseApproved } from './helpers/erasure';

let s: TestServer;
let accounts: Account[];

beforeAll(async () => {
  s = await startTestServer({ customers: 120 });
  accounts = await contractorAccounts(s.sql);
});
afterAll(async () => { await s?.stop(); });

const LISTS = {
  Customer: { list: 'allCustomers', meta: '_allCustomersMeta', expected: (a: Account, p: PurposeKey) => expectedCustomerIds(s.sql, a.role, p, a.contractorId) },
  Order: { list: 'allOrders', meta: '_allOrdersMeta', expected: (a: Account, p: PurposeKey) => expectedOrderIds(s.sql, a.role, p, a.contractorId) },
  CollectionCase: { list: 'allCollectionCases', meta: '_allCollectionCasesMeta', expected: (a: Account) => expectedCaseIds(s.sql, a.contractorId) },
  Mailing: { list: 'allMailings', meta: '_allMailingsMeta', expected: (a: Account, p: PurposeKey) => expectedMailingIds(s.sql, a.contractorId, p) },
} as const;
type Listed = keyof typeof LISTS;
/** The resource that holds each role's work. */
const WORK: Record<Account['role'], Listed> = { CARRIER: 'Order', MAILING_HOUSE: 'Customer', COLLECTION_AGENCY: 'CollectionCase' };

async function listed(a: Account, purpose: PurposeKey, resource: Listed) {
  const { list, meta } = LISTS[resource];
  const r = await (await asAccount(s, a.email, purpose))(`{ l: ${list}(perPage: 500) { id } m: ${meta} { count } }`);
  return { r, ids: r.data ? ids(r.data.l) : [], count: r.data?.m.count as number | undefined };
}

const cases = () => accounts.flatMap((a) => (ROLES[a.role].purposes as readonly PurposeKey[]).flatMap((p) =>
  (Object.keys(LISTS) as Listed[]).filter((r) => mayRead(r as ResourceName, a.role, p)).map((r) => [a.label, p, r] as const)));

describe('each contractor account sees exactly its own contractor\'s open work', () => {
  test('the demo holds work for both contractors of every role (the checks below are not vacuous)', async () => {
    for (const a of accounts) {
      let seen = 0;
      for (const p of ROLES[a.role].purposes as readonly PurposeKey[]) seen += (await LISTS[WORK[a.role]].expected(a, p)).length;
      expect(seen, a.label).toBeGreaterThan(0);
    }
  });

  test('lists and counts of every account × purpose × resource equal what the database says is its own', async () => {
    const problems: string[] = [];
    for (const [label, purpose, resource] of cases()) {
      const a = accounts.find((x) => x.label === label)!;
      const expected = await LISTS[resource].expected(a, purpose);
      const { r, ids: got, count } = await listed(a, purpose, resource);
      if (r.errors) problems.push(`${label} ${purpose} ${resource}: ${JSON.stringify(r.errors)}`);
      else if (JSON.stringify(got) !== JSON.stringify(expected) || count !== got.length) {
        problems.push(`${label} ${purpose} ${resource}: got ${got.length} (count ${count}), want ${expected.length}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the two contractors of a role share no order, case or mailing, and neither reaches the other\'s by id', async () => {
    for (const role of ['CARRIER', 'MAILING_HOUSE', 'COLLECTION_AGENCY'] as const) {
      const [one, two] = accounts.filter((a) => a.role === role);
      for (const purpose of ROLES[role].purposes as readonly PurposeKey[]) {
        for (const resource of (['Order', 'CollectionCase', 'Mailing'] as Listed[]).filter((r) => mayRead(r as ResourceName, role, purpose))) {
          const [a, b] = [(await listed(one, purpose, resource)).ids, (await listed(two, purpose, resource)).ids];
          expect(a.filter((id) => b.includes(id)), `${role} ${purpose} ${resource}`).toEqual([]);
          for (const [me, theirs] of [[one, b], [two, a]] as const) {
            const client = await asAccount(s, me.email, purpose);
            for (const id of theirs.slice(0, 3)) {
              expect(errorCode(await client(`{ ${resource}(id: ${id}) { id } }`)), `${me.label} ${resource} ${id}`).toBe('NOT_FOUND');
            }
          }
        }
      }
    }
  });

  test('as a collection agency, the other agency\'s debtor (no case of its own) is NOT_FOUND, and so are its orders', async () => {
    const [one, two] = accounts.filter((a) => a.role === 'COLLECTION_AGENCY');
    const mine = await expectedCustomerIds(s.sql, 'COLLECTION_AGENCY', 'CREDIT_MANAGEMENT', one.contractorId);
    const theirs = (await expectedCustomerIds(s.sql, 'COLLECTION_AGENCY', 'CREDIT_MANAGEMENT', two.contractorId)).filter((id) => !mine.includes(id));
    expect(theirs.length).toBeGreaterThan(0);
    const client = await asAccount(s, one.email, 'CREDIT_MANAGEMENT');
    expect(errorCode(await client(`{ Customer(id: ${theirs[0]}) { id } }`))).toBe('NOT_FOUND');
    const r = await client(`{ allOrders(filter: { customerId: ${theirs[0]} }) { id } _allOrdersMeta(filter: { customerId: ${theirs[0]} }) { count } }`);
    expect(r.data).toEqual({ allOrders: [], _allOrdersMeta: { count: 0 } });
  });
});

describe('closed work and lapsed agreements serve nothing', () => {
  const agencyOf = (n: 0 | 1) => accounts.filter((a) => a.role === 'COLLECTION_AGENCY')[n];

  test('a case recalled by accounting, or settled, is no longer the agency\'s: its order and debtor go', async () => {
    const agency = agencyOf(0);
    const client = await asAccount(s, agency.email, 'CREDIT_MANAGEMENT');
    const accounting = await s.asRole('ACCOUNTING', 'CREDIT_MANAGEMENT');
    const [recalled, settled] = await expectedCaseIds(s.sql, agency.contractorId);
    const orderOf = async (k: number) => (await s.sql.query('select order_id from collection_case where id = $1', [k])).rows[0].order_id as number;
    const r = await accounting(`mutation { updateCollectionCase(id: ${recalled}, closed: true) { id open closeReason } }`);
    expect(r.data.updateCollectionCase).toEqual({ id: String(recalled), open: false, closeReason: 'RECALLED' });
    const paid = await accounting(`mutation { updateOrder(id: ${await orderOf(settled)}, paymentStatus: PAID) { id } }`);
    expect(paid.errors).toBeUndefined();
    const { rows: [k] } = await s.sql.query('select close_reason, closed_at is not null as closed from collection_case where id = $1', [settled]);
    expect(k).toEqual({ close_reason: 'SETTLED', closed: true });
    for (const id of [recalled, settled]) {
      expect(errorCode(await client(`{ CollectionCase(id: ${id}) { id } }`))).toBe('NOT_FOUND');
      expect(errorCode(await client(`{ Order(id: ${await orderOf(id)}) { id } }`))).toBe('NOT_FOUND');
    }
    const { ids: got, count } = await listed(agency, 'CREDIT_MANAGEMENT', 'Customer');
    expect(got).toEqual(await expectedCustomerIds(s.sql, 'COLLECTION_AGENCY', 'CREDIT_MANAGEMENT', agency.contractorId));
    expect(count).toBe(got.length);
    // Closing twice is a conflict, and changes nothing.
    expect(errorCode(await accounting(`mutation { updateCollectionCase(id: ${recalled}, closed: true) { id } }`))).toBe('CONFLICT');
  });

  test('a mailing marked sent is no longer the mailing house\'s: its recipients go', async () => {
    const house = accounts.find((a) => a.role === 'MAILING_HOUSE')!;
    const [mailing] = await expectedMailingIds(s.sql, house.contractorId, 'SURVEY_EVENT');
    const before = await listed(house, 'SURVEY_EVENT', 'Customer');
    expect(before.ids.length).toBeGreaterThan(0);
    const marketing = await s.asRole('MARKETING', 'SURVEY_EVENT');
    expect((await marketing(`mutation { updateMailing(id: ${mailing}, status: SENT) { status } }`)).data.updateMailing.status).toBe('SENT');
    const after = await listed(house, 'SURVEY_EVENT', 'Customer');
    expect(after.ids).toEqual(await expectedCustomerIds(s.sql, 'MAILING_HOUSE', 'SURVEY_EVENT', house.contractorId));
    expect(after.ids.length).toBeLessThan(before.ids.length);
    expect(errorCode(await (await asAccount(s, house.email, 'SURVEY_EVENT'))(`{ Mailing(id: ${mailing}) { id } }`))).toBe('NOT_FOUND');
  });

  test('a delivered order is no longer the carrier\'s', async () => {
    const carrier = accounts.find((a) => a.label === 'CARRIER#2')!;
    const [order] = await expectedOrderIds(s.sql, 'CARRIER', 'SHIPPING', carrier.contractorId);
    const fulfilment = await s.asRole('FULFILLMENT', 'SHIPPING');
    const r = await fulfilment(`mutation { updateOrder(id: ${order}, status: DELIVERED) { id status } }`);
    expect(r.errors).toBeUndefined();
    expect(errorCode(await (await asAccount(s, carrier.email, 'SHIPPING'))(`{ Order(id: ${order}) { id } }`))).toBe('NOT_FOUND');
  });

  test('a lapsed agreement ends every read of that contractor\'s accounts, and only theirs', async () => {
    const [lapsing, other] = accounts.filter((a) => a.role === 'COLLECTION_AGENCY');
    const { rows: [was] } = await s.sql.query(`select to_char(agreement_expires_at, 'YYYY-MM-DD') as d from contractor where id = $1`, [lapsing.contractorId]);
    await s.sql.query(`update contractor set agreement_expires_at = (now() at time zone 'Asia/Tokyo')::date - 1 where id = $1`, [lapsing.contractorId]);
    try {
      const client = await asAccount(s, lapsing.email, 'CREDIT_MANAGEMENT');
      for (const q of ['{ allCustomers { id } }', '{ _allOrdersMeta { count } }', '{ allCollectionCases { id } }']) {
        const r = await client(q);
        expect(errorCode(r), q).toBe('FORBIDDEN');
        expect(r.data ?? null).toBeNull();
      }
      const { ids: got } = await listed(other, 'CREDIT_MANAGEMENT', 'CollectionCase');
      expect(got).toEqual(await expectedCaseIds(s.sql, other.contractorId));
      expect(got.length).toBeGreaterThan(0);
    } finally {
      await s.sql.query('update contractor set agreement_expires_at = $2 where id = $1', [lapsing.contractorId, was.d]);
    }
  });
});

describe('erasure', () => {
  test('erasing a customer closes its open cases and takes it off every mailing', async () => {
    const agency = accounts.find((a) => a.label === 'COLLECTION_AGENCY#2')!;
    const { rows: [k] } = await s.sql.query(`select k.id, o.customer_id from collection_case k join "order" o on o.id = k.order_id
      where k.contractor_id = $1 and k.closed_at is null order by k.id limit 1`, [agency.contractorId]);
    await s.sql.query(`insert into mailing_recipient (mailing_id, customer_id) select id, $1 from mailing where status = 'HANDED_OVER'
      on conflict do nothing`, [k.customer_id]);
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const created = await pm(`mutation { createPrivacyRequest(customerId: ${k.customer_id}, kind: DELETION) { id } }`);
    const id = created.data.createPrivacyRequest.id;
    await pm(`mutation { updatePrivacyRequest(id: ${id}, status: IN_PROGRESS, identityCheck: REGISTERED_PHONE_CALLBACK) { id } }`);
    const r = await eraseApproved(s, pm, id, 'erased { records count }');
    expect(r.errors).toBeUndefined();
    const erased = Object.fromEntries(r.data.approveErasure.erased.map((e: any) => [e.records, e.count]));
    expect(erased.collectionCasesClosed).toBeGreaterThan(0);
    expect(erased.mailingRecipients).toBeGreaterThan(0);
    const { rows: [after] } = await s.sql.query(`select (select close_reason from collection_case where id = $1) as reason,
      (select count(*)::int from mailing_recipient where customer_id = $2) as recipients`, [k.id, k.customer_id]);
    expect(after).toEqual({ reason: 'ERASED', recipients: 0 });
    expect(errorCode(await (await asAccount(s, agency.email, 'CREDIT_MANAGEMENT'))(`{ CollectionCase(id: ${k.id}) { id } }`))).toBe('NOT_FOUND');
  });
});
