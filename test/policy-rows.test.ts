// Row scoping, counts included: who sees which customers, orders and interactions, checked against
// the database for every role × purpose, and the changes (consent withdrawn, use stopped, erasure)
// that must take effect on the very next request.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSENT_PURPOSES, ROLE_KEYS, ROLES, type PurposeKey, type RoleKey } from '../schema/policy';
import {
  addToDemoMailings, contractorOf, decideAccessFor, errorCode, handToDemoAgency, expectedCustomerIds, expectedInteractionIds, expectedOrderIds, grantConsents, ids, mayRead,
  ROLE_PURPOSES, ROLE_PURPOSES_AND_NONE, who,
} from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
/** Seeded customers bent into the cases the rules are about. */
const c = {} as { stopped: number; minorWithout: number; minorWith: number; erased: number; debtor: number };

beforeAll(async () => {
  s = await startTestServer();
  const one = async (where: string, params: unknown[] = []) => {
    const { rows } = await s.sql.query(`select id from customer c where ${where} order by id limit 1`, params);
    if (!rows[0]) throw new Error(`no seeded customer where ${where}`);
    return rows[0].id as number;
  };
  const adult = `c.status = 'ACTIVE' and c.birth_date < now() - interval '25 years'`;
  const minor = `c.status = 'ACTIVE' and c.birth_date > now() - interval '19 years'`;
  c.stopped = await one(adult);
  c.minorWithout = await one(minor);
  c.minorWith = await one(`${minor} and c.id <> $1`, [c.minorWithout]);
  c.erased = await one(`${adult} and c.id <> $1 and exists (select 1 from "order" o where o.customer_id = c.id)
    and exists (select 1 from interaction i where i.customer_id = c.id)`, [c.stopped]);
  c.debtor = await one(`${adult} and c.id not in ($1, $2)`, [c.stopped, c.erased]);
  // Every one of them consents to every marketing purpose: only the rule under test can exclude them.
  for (const id of [c.stopped, c.erased, c.debtor]) await grantConsents(s.sql, id);
  await grantConsents(s.sql, c.minorWithout, false);
  await grantConsents(s.sql, c.minorWith, true);
  await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [c.stopped]);
  await s.sql.query(`update customer set status = 'ERASED' where id = $1`, [c.erased]);
  // The erased customer's orders would otherwise be visible to everyone reading orders, carrier and agency included.
  const carrier = await contractorOf(s.sql, 'CARRIER');
  await s.sql.query(`update "order" set status = 'SHIPPED', carrier_id = $2, payment_status = 'OVERDUE' where customer_id = $1`, [c.erased, carrier]);
  await s.sql.query(`update "order" set payment_status = 'OVERDUE' where id = (select min(id) from "order" where customer_id = $1)`, [c.debtor]);
  // The carrier cases: an order of the other carrier on its way, one of its own already delivered.
  const other = (await s.sql.query(`select id from contractor where 'DELIVERY' = any(services) and id <> $1 order by id limit 1`, [carrier])).rows[0].id;
  const spare = `customer_id not in (${Object.values(c).join(', ')})`;
  await s.sql.query(`update "order" set carrier_id = $1, status = 'SHIPPED', delivered_at = null where id = (select min(id) from "order" where ${spare})`, [other]);
  await s.sql.query(`update "order" set carrier_id = $1, status = 'DELIVERED' where id = (select max(id) from "order" where ${spare})`, [carrier]);
  await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
      ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
    select 'MO-T' || id, id, 1000, 'DELIVERED', 'OVERDUE', name, postal_code, prefecture, city, address_line, phone, now() - interval '40 days'
    from customer where id = $1 and not exists (select 1 from "order" where customer_id = $1 and payment_status = 'OVERDUE')`, [c.debtor]);
  // Contractors see only work handed to them: every fixture customer is on the demo mailing house's mailings and every
  // overdue order of theirs is with the demo agency, so only the rule under test can exclude them.
  for (const id of Object.values(c)) await addToDemoMailings(s.sql, id);
  const { rows: overdue } = await s.sql.query(`select id from "order" where payment_status = 'OVERDUE' and customer_id = any($1::int[])`, [Object.values(c)]);
  for (const o of overdue) await handToDemoAgency(s.sql, o.id);
});
afterAll(async () => { await s?.stop(); });

const LISTS = {
  Customer: { list: 'allCustomers', meta: '_allCustomersMeta', expected: expectedCustomerIds },
  Order: { list: 'allOrders', meta: '_allOrdersMeta', expected: expectedOrderIds },
  Interaction: { list: 'allInteractions', meta: '_allInteractionsMeta', expected: expectedInteractionIds },
} as const;
type Listed = keyof typeof LISTS;

/** Ids and count of a list as `role` under `purpose` sees it (one request: the list and its count). */
async function listed(role: RoleKey, purpose: PurposeKey | null, resource: Listed, filter = '') {
  const { list, meta } = LISTS[resource];
  const f = filter ? `filter: { ${filter} }` : '';
  const r = await (await s.asRole(role, purpose))(`{ l: ${list}(perPage: 500 ${f ? `, ${f}` : ''}) { id } m: ${meta}${f ? `(${f})` : ''} { count } }`);
  return { r, ids: r.data ? ids(r.data.l) : null, count: r.data?.m.count as number | undefined };
}

describe('the fixture', () => {
  test('holds every case the rules exclude: stopped, minor without guardian, erased, and an overdue debtor', async () => {
    const { rows } = await s.sql.query(`select id, status::text, extract(year from age(birth_date))::int as age,
        (select bool_and(guardian_consent) from consent k where k.customer_id = c.id and k.withdrawn_at is null
          and k.purpose::text = any($2::text[])) as guardian
      from customer c where id = any($1::int[])`, [Object.values(c), CONSENT_PURPOSES]);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by[c.stopped].status).toBe('USE_STOPPED');
    expect(by[c.erased].status).toBe('ERASED');
    expect([by[c.minorWithout].age < 20, by[c.minorWithout].guardian]).toEqual([true, false]);
    expect([by[c.minorWith].age < 20, by[c.minorWith].guardian]).toEqual([true, true]);
  });
});

describe.each(ROLE_PURPOSES_AND_NONE)('%s × %s', (role, purpose) => {
  for (const resource of Object.keys(LISTS) as Listed[]) {
    if (!mayRead(resource, role, purpose)) {
      test(`${who(role, purpose)} is FORBIDDEN to list or count ${resource} rows`, async () => {
        const { r } = await listed(role, purpose, resource);
        expect(errorCode(r)).toBe('FORBIDDEN');
        expect(r.data ?? null).toBeNull();
      });
      continue;
    }
    test(`${who(role, purpose)} lists and counts exactly the ${resource} rows its scope allows`, async () => {
      const expected = await LISTS[resource].expected(s.sql, role, purpose);
      const { r, ids: got, count } = await listed(role, purpose, resource);
      expect(r.errors).toBeUndefined();
      expect(got).toEqual(expected);
      expect(count).toBe(expected.length);
    });
  }
});

describe('rules that must bite (the fixture cases, by name)', () => {
  test('as CARRIER under SHIPPING sees only its own orders still to deliver, and no customer', async () => {
    const own = await contractorOf(s.sql, 'CARRIER');
    const { rows } = await s.sql.query(`select o.id, o.carrier_id, o.status::text from "order" o join customer c on c.id = o.customer_id
      where c.status <> 'ERASED'`);
    const mine = rows.filter((o) => o.carrier_id === own && ['PLACED', 'SHIPPED'].includes(o.status)).map((o) => o.id).sort((a, b) => a - b);
    // Non-vacuous: there are orders of its own already delivered and orders of the other carrier on the way.
    expect(rows.some((o) => o.carrier_id === own && o.status === 'DELIVERED')).toBe(true);
    expect(rows.some((o) => o.carrier_id !== own && o.carrier_id !== null && ['PLACED', 'SHIPPED'].includes(o.status))).toBe(true);
    const { r, ids: got, count } = await listed('CARRIER', 'SHIPPING', 'Order');
    expect(r.errors).toBeUndefined();
    expect(got).toEqual(mine);
    expect(count).toBe(mine.length);
    const other = rows.find((o) => o.carrier_id !== own && o.status === 'SHIPPED');
    const client = await s.asRole('CARRIER', 'SHIPPING');
    expect(errorCode(await client(`{ Order(id: ${other.id}) { id } }`))).toBe('NOT_FOUND');
    const withCustomer = await client(`{ allOrders(perPage: 500) { customerId customer { id name } } }`);
    expect(withCustomer.data.allOrders.every((o: any) => o.customer === null)).toBe(true);
    for (const q of ['{ allCustomers { id } }', '{ _allCustomersMeta { count } }', `{ Customer(id: ${rows[0].id}) { id } }`]) {
      expect(errorCode(await client(q)), q).toBe('FORBIDDEN');
    }
  });

  test('as COLLECTION_AGENCY under CREDIT_MANAGEMENT sees only the overdue orders handed to it, and their debtors', async () => {
    const client = await s.asRole('COLLECTION_AGENCY', 'CREDIT_MANAGEMENT');
    const r = await client(`{ Customer(id: ${c.debtor}) { id orders { id paymentStatus } } }`);
    expect(r.errors).toBeUndefined();
    const agency = await contractorOf(s.sql, 'COLLECTION_AGENCY');
    const { rows } = await s.sql.query(`select o.id from "order" o join collection_case k on k.order_id = o.id and k.closed_at is null
      where o.customer_id = $1 and o.payment_status = 'OVERDUE' and k.contractor_id = $2 order by o.id`, [c.debtor, agency]);
    expect(rows.length).toBeGreaterThan(0);
    expect(ids(r.data.Customer.orders)).toEqual(rows.map((o) => o.id));
    const { rows: [paid] } = await s.sql.query(`select o.id, o.customer_id from "order" o where o.payment_status <> 'OVERDUE'
      and not exists (select 1 from "order" x where x.customer_id = o.customer_id and x.payment_status = 'OVERDUE') limit 1`);
    expect(errorCode(await client(`{ Order(id: ${paid.id}) { id } }`))).toBe('NOT_FOUND');
    expect(errorCode(await client(`{ Customer(id: ${paid.customer_id}) { id } }`))).toBe('NOT_FOUND');
    // Overdue but not handed over (or handed to another agency): not its work.
    const { rows: [notHanded] } = await s.sql.query(`select o.id, o.customer_id from "order" o where o.payment_status = 'OVERDUE'
      and not exists (select 1 from collection_case k join "order" x on x.id = k.order_id
        where x.customer_id = o.customer_id and k.closed_at is null and k.contractor_id = $1) limit 1`, [agency]);
    expect(notHanded).toBeDefined();
    expect(errorCode(await client(`{ Order(id: ${notHanded.id}) { id } }`))).toBe('NOT_FOUND');
    expect(errorCode(await client(`{ Customer(id: ${notHanded.customer_id}) { id } }`))).toBe('NOT_FOUND');
  });

  for (const purpose of CONSENT_PURPOSES) {
    for (const role of ROLE_KEYS.filter((r) => (ROLES[r].purposes as readonly string[]).includes(purpose))) {
      test(`${who(role, purpose)} sees the minor with a guardian's consent but not the stopped, the erased or the minor without one`, async () => {
        const { ids: got, count } = await listed(role, purpose, 'Customer');
        expect(got).toContain(c.minorWith);
        expect(got).toContain(c.debtor);
        for (const id of [c.stopped, c.erased, c.minorWithout]) expect(got).not.toContain(id);
        const { rows } = await s.sql.query(`select count(*)::int as n from customer c where status = 'ACTIVE' and not exists
          (select 1 from consent k where k.customer_id = c.id and k.purpose::text = $1 and k.withdrawn_at is null)`, [purpose]);
        expect(rows[0].n).toBeGreaterThan(0); // active customers without consent exist, and none of them is listed
        expect(count).toBe(got!.length);
      });
    }
  }

  test('as SUPPORT the stopped customer is served for its duties but not under FAMILY_INQUIRY or FAMILY_IDENTIFICATION', async () => {
    for (const purpose of ROLES.SUPPORT.purposes) {
      const r = await (await s.asRole('SUPPORT', purpose))(`{ allCustomers(filter: { ids: [${c.stopped}] }) { id } }`);
      const excluded = purpose === 'FAMILY_INQUIRY' || purpose === 'FAMILY_IDENTIFICATION';
      expect(ids(r.data.allCustomers), purpose).toEqual(excluded ? [] : [c.stopped]);
    }
  });

  test('as SUPPORT under FAMILY_INQUIRY sees no order and no interaction of a customer whose use is stopped', async () => {
    const client = await s.asRole('SUPPORT', 'FAMILY_INQUIRY');
    const r = await client(`{ allOrders(filter: { customerId: ${c.stopped} }) { id } allInteractions(filter: { customerId: ${c.stopped} }) { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ allOrders: [], allInteractions: [] });
  });

  test.each(ROLE_PURPOSES.filter(([r, p]) => mayRead('Customer', r, p)))('as %s under %s the erased customer, its orders and interactions are never returned', async (role, purpose) => {
    const client = await s.asRole(role, purpose);
    expect(errorCode(await client(`{ Customer(id: ${c.erased}) { id } }`))).toBe('NOT_FOUND');
    const r = await client(`{ allCustomers(filter: { ids: [${c.erased}] }) { id } _allCustomersMeta(filter: { ids: [${c.erased}] }) { count } }`);
    expect(r.data).toEqual({ allCustomers: [], _allCustomersMeta: { count: 0 } });
    if (mayRead('Order', role, purpose)) {
      const o = await client(`{ allOrders(filter: { customerId: ${c.erased} }) { id } _allOrdersMeta(filter: { customerId: ${c.erased} }) { count } }`);
      expect(o.data).toEqual({ allOrders: [], _allOrdersMeta: { count: 0 } });
    }
    if (mayRead('Interaction', role, purpose)) {
      const i = await client(`{ allInteractions(filter: { customerId: ${c.erased} }) { id } _allInteractionsMeta(filter: { customerId: ${c.erased} }) { count } }`);
      expect(i.data).toEqual({ allInteractions: [], _allInteractionsMeta: { count: 0 } });
    }
  });

  test('as MARKETING under STATISTICS every row and row count is FORBIDDEN (aggregates only)', async () => {
    const client = await s.asRole('MARKETING', 'STATISTICS');
    for (const q of ['{ allCustomers { id } }', `{ Customer(id: ${c.debtor}) { id } }`, `{ _allCustomersMeta(filter: { ids: [${c.debtor}] }) { count } }`]) {
      const r = await client(q);
      expect(errorCode(r), q).toBe('FORBIDDEN');
      expect(r.data ?? null).toBeNull();
    }
  });
});

describe('filters, sorts and search are not oracles', () => {
  const FILTERS = ['prefecture', 'postalCode', 'phone', 'email', 'nameKana'];
  const SORTS = ['name', 'nameKana', 'prefecture', 'postalCode', 'email', 'birthDate'];
  const value = async (field: string, id: number) => {
    const col = { postalCode: 'postal_code', nameKana: 'name_kana', birthDate: 'birth_date' }[field] ?? field;
    return (await s.sql.query(`select ${col}::text as v from customer where id = $1`, [id])).rows[0].v as string;
  };

  test.each(ROLE_PURPOSES.filter(([r, p]) => mayRead('Customer', r, p)))('as %s under %s filtering or sorting by a field not seen in clear is FORBIDDEN', async (role, purpose) => {
    const client = await s.asRole(role, purpose);
    for (const field of FILTERS) {
      const v = field === 'nameKana' ? (await value(field, c.debtor)).slice(0, 2) : await value(field, c.debtor);
      const r = await client(`query($v: String) { allCustomers(filter: { ${field}: $v, ids: [${c.debtor}] }) { id } }`, { v });
      const m = await client(`query($v: String) { _allCustomersMeta(filter: { ${field}: $v, ids: [${c.debtor}] }) { count } }`, { v });
      const clear = decideAccessFor(role, purpose, 'Customer', field) === 'CLEAR';
      expect(errorCode(r), `filter ${field}`).toBe(clear ? undefined : 'FORBIDDEN');
      expect(errorCode(m), `count by ${field}`).toBe(clear ? undefined : 'FORBIDDEN');
    }
    for (const field of SORTS) {
      const r = await client(`{ allCustomers(perPage: 3, sortField: "${field}", sortOrder: "DESC") { id } }`);
      expect(errorCode(r), `sort ${field}`).toBe(decideAccessFor(role, purpose, 'Customer', field) === 'CLEAR' ? undefined : 'FORBIDDEN');
    }
  });

  test('as MARKETING under PROMOTION filtering by phone or sorting by birth date is FORBIDDEN', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const phone = await value('phone', c.debtor);
    expect(errorCode(await client(`{ allCustomers(filter: { phone: "${phone}" }) { id } }`))).toBe('FORBIDDEN');
    expect(errorCode(await client(`{ _allCustomersMeta(filter: { phone: "${phone}" }) { count } }`))).toBe('FORBIDDEN');
    expect(errorCode(await client(`{ allCustomers(sortField: "birthDate") { id } }`))).toBe('FORBIDDEN');
  });

  test('as MARKETING under PROMOTION searching a phone number finds nothing, its e-mail and name find the customer', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const search = async (q: string) => {
      const r = await client('query($q: String) { allCustomers(filter: { q: $q }) { id } _allCustomersMeta(filter: { q: $q }) { count } }', { q });
      expect(r.errors).toBeUndefined();
      expect(r.data._allCustomersMeta.count).toBe(r.data.allCustomers.length);
      return ids(r.data.allCustomers);
    };
    expect(await search(await value('phone', c.debtor))).toEqual([]);
    expect(await search((await value('phone', c.debtor)).replace(/-/g, ''))).toEqual([]);
    expect(await search(await value('email', c.debtor))).toEqual([c.debtor]);
    expect(await search(await value('name', c.debtor))).toContain(c.debtor);
    // The control: where the phone is clear, the same search finds the customer.
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support('query($q: String) { allCustomers(filter: { q: $q }) { id } }', { q: await value('phone', c.debtor) });
    expect(ids(r.data.allCustomers)).toContain(c.debtor);
  });

  test('as SUPPORT under FAMILY_INQUIRY searching an e-mail address (masked) finds nothing', async () => {
    const client = await s.asRole('SUPPORT', 'FAMILY_INQUIRY');
    const r = await client('query($q: String) { allCustomers(filter: { q: $q }) { id } }', { q: await value('email', c.debtor) });
    expect(r.data.allCustomers).toEqual([]);
  });

  test('as MAILING_HOUSE under PROMOTION searching a phone number (hidden) finds nothing, the e-mail finds the customer', async () => {
    const client = await s.asRole('MAILING_HOUSE', 'PROMOTION');
    const search = async (q: string) => ids((await client('query($q: String) { allCustomers(filter: { q: $q }) { id } }', { q })).data.allCustomers);
    expect(await search(await value('phone', c.debtor))).toEqual([]);
    expect(await search(await value('email', c.debtor))).toEqual([c.debtor]);
  });
});

describe('changes take effect on the next request', () => {
  test('as MARKETING under PROMOTION a customer disappears once SUPPORT records the withdrawal of the consent', async () => {
    const target = c.debtor;
    const before = await listed('MARKETING', 'PROMOTION', 'Customer');
    expect(before.ids).toContain(target);
    const { rows } = await s.sql.query(`select id from consent where customer_id = $1 and purpose = 'PROMOTION' and withdrawn_at is null`, [target]);
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    for (const k of rows) {
      const w = await support(`mutation { updateConsent(id: ${k.id}, withdrawn: true) { id live withdrawnAt } }`);
      expect(w.errors).toBeUndefined();
      expect(w.data.updateConsent.live).toBe(false);
    }
    const after = await listed('MARKETING', 'PROMOTION', 'Customer');
    expect(after.ids).not.toContain(target);
    expect(after.count).toBe(before.count! - 1);
    for (const role of ['MAILING_HOUSE', 'MARKETING'] as RoleKey[]) {
      expect(errorCode(await (await s.asRole(role, 'PROMOTION'))(`{ Customer(id: ${target}) { id } }`)), role).toBe('NOT_FOUND');
    }
    // The other purposes' consents still stand.
    expect((await listed('MAILING_HOUSE', 'NEW_PRODUCT_INFO', 'Customer')).ids).toContain(target);
  });

  test('as MAILING_HOUSE under NEW_PRODUCT_INFO a customer disappears as soon as its use is stopped, everywhere a duty does not remain', async () => {
    const target = c.minorWith;
    expect((await listed('MAILING_HOUSE', 'NEW_PRODUCT_INFO', 'Customer')).ids).toContain(target);
    await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [target]);
    for (const [role, purpose] of ROLE_PURPOSES.filter(([r, p]) => mayRead('Customer', r, p))) {
      const got = (await listed(role, purpose, 'Customer', `ids: [${target}]`)).ids;
      const expected = await expectedCustomerIds(s.sql, role, purpose);
      expect(got, `${role} ${purpose}`).toEqual(expected.includes(target) ? [target] : []);
    }
    expect((await listed('SUPPORT', 'AFTER_SALES', 'Customer', `ids: [${target}]`)).ids).toEqual([target]);
  });
});
