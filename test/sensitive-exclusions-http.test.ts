// Sensitive text (#19 item 5) over real HTTP: never given to a contractor, never a statistics dimension. Text is
// written through the API (detected when written), then every contractor account, under every purpose it may
// declare, reads all it can reach; the statistics purpose asks every dimension. No answer carries the text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROLES, type PurposeKey } from '../schema/policy';
import { asAccount, contractorAccounts, type Account } from './helpers/contractors';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let accounts: Account[];
const LIFESTYLE = '持病の通院のため減塩食';
const OCCUPATION = '心療内科に通院中の会社員';
const SUMMARY = '子どもに卵アレルギーあり、配送時に注意';
const TEXTS = [LIFESTYLE, OCCUPATION, SUMMARY, '通院', 'アレルギー'];
/** Customers each contractor account works on (assigned mailings, shipments, collection cases). */
let reached: number[] = [];

beforeAll(async () => {
  s = await startTestServer({ customers: 40 });
  accounts = await contractorAccounts(s.sql);
  // Everyone in some contractor's open work gets sensitive text, written through the API as staff would.
  const { rows } = await s.sql.query(`select distinct c.id from customer c where c.status <> 'ERASED' and (
      exists (select 1 from mailing_recipient mr join mailing m on m.id = mr.mailing_id where mr.customer_id = c.id and m.status = 'HANDED_OVER')
      or exists (select 1 from "order" o where o.customer_id = c.id and o.carrier_id is not null and o.status in ('PLACED', 'SHIPPED'))
      or exists (select 1 from collection_case k join "order" o on o.id = k.order_id where o.customer_id = c.id and k.closed_at is null))
    order by c.id limit 40`);
  reached = rows.map((r) => r.id);
  expect(reached.length).toBeGreaterThan(3);
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  for (const id of reached) {
    const u = await pm('mutation($id: ID!, $l: String!, $o: String!) { updateCustomer(id: $id, lifestyle: $l, occupation: $o, reason: "ご本人からの申出") { id } }',
      { id: String(id), l: LIFESTYLE, o: OCCUPATION });
    expect(u.errors).toBeUndefined();
    const i = await support(`mutation($c: ID!, $t: String!) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: $t) { id } }`,
      { c: String(id), t: SUMMARY });
    expect(i.errors).toBeUndefined();
  }
  // Detected when written: the rows are marked, no sweep needed.
  const { rows: [m] } = await s.sql.query(`select count(*) filter (where sensitive_fields @> '{lifestyle,occupation}')::int as n from customer where id = any($1::int[])`, [reached]);
  expect(m.n).toBe(reached.length);
});
afterAll(async () => { await s?.stop(); });

/** Everything a contractor role can ask for: its work lists, with every field and relation the schema has for them. */
const READS = [
  `{ allCustomers(perPage: 500) { id name lifestyle occupation maskedFields interactions { summary transcript maskedFields } orders { id } } }`,
  `{ allOrders(perPage: 500) { id customer { id lifestyle occupation maskedFields interactions { summary transcript } } } }`,
  `{ allInteractions(perPage: 500) { id summary transcript } }`,
  `{ allCollectionCases(perPage: 500) { id order { customer { lifestyle occupation maskedFields } } } }`,
];

describe('contractors never receive sensitive text', () => {
  test('every contractor account, under every purpose it may declare, over HTTP: the text is in no answer', async () => {
    let answered = 0;
    let customersSeen = 0;
    for (const a of accounts) {
      for (const purpose of ROLES[a.role].purposes as readonly PurposeKey[]) {
        const client = await asAccount(s, a.email, purpose);
        for (const q of READS) {
          const r = await client(q);
          const body = JSON.stringify(r);
          for (const t of TEXTS) expect(body, `${a.label} ${purpose} ${q.slice(0, 40)}`).not.toContain(t);
          if (r.data) answered += 1;
          const customers = r.data?.allCustomers ?? [];
          customersSeen += customers.filter((c: { id: string }) => reached.includes(Number(c.id))).length;
          for (const c of customers) expect(c.maskedFields, a.label).toEqual(expect.arrayContaining(['lifestyle', 'occupation']));
        }
      }
    }
    expect(answered).toBeGreaterThan(0);
    // The accounts did see the customers holding the text: what they got of them carried none of it.
    expect(customersSeen).toBeGreaterThan(0);
  });
});

describe('statistics never group by sensitive text', () => {
  const Q = `query($g: [StatisticsDimension!]!) { statistics(groupBy: $g, metrics: [CUSTOMERS, ORDERS, REVENUE]) { groupBy cells { prefecture ageBand gender product month customers } } }`;

  test('the dimensions offered over HTTP are the five classified ones; free text is none of them', async () => {
    const marketing = await s.asRole('MARKETING', 'STATISTICS');
    const t = await marketing('{ __type(name: "StatisticsDimension") { enumValues { name } } }');
    expect(t.data.__type.enumValues.map((v: { name: string }) => v.name)).toEqual(['PREFECTURE', 'AGE_BAND', 'GENDER', 'PRODUCT', 'MONTH']);
    for (const bad of ['LIFESTYLE', 'OCCUPATION', 'SENSITIVE']) {
      const r = await marketing(`{ statistics(groupBy: [${bad}], metrics: [CUSTOMERS]) { groupBy } }`);
      expect(r.errors?.[0]?.extensions?.code, bad).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const f = await marketing('{ __type(name: "StatisticsFilter") { inputFields { name } } }');
    expect(f.data.__type.inputFields.map((v: { name: string }) => v.name).join(' ')).not.toMatch(/lifestyle|occupation|summary|transcript|sensitive/i);
  });

  test('every grouping of every dimension answers without the text, and the purpose reads no row', async () => {
    const marketing = await s.asRole('MARKETING', 'STATISTICS');
    const dims = ['PREFECTURE', 'AGE_BAND', 'GENDER', 'PRODUCT', 'MONTH'];
    for (const g of [...dims.map((d) => [d]), dims]) {
      const r = await marketing(Q, { g });
      expect(r.errors, g.join()).toBeUndefined();
      for (const t of TEXTS) expect(JSON.stringify(r)).not.toContain(t);
    }
    const rows = await marketing(`query($id: ID!) { Customer(id: $id) { lifestyle occupation } }`, { id: String(reached[0]) });
    expect(rows.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(rows)).not.toContain('通院');
  });
});
