// The compiled read path (server/src/compiled-reads): which shapes its compiler plans, and that it answers
// exactly what Apollo answers for the requests test/executors-agree.test.ts does not generate (credentials,
// bodies, sessions revoked, statement counts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type RunningApp } from '../server/src/app';
import { buildSchema } from '../server/src/graphql/schema';
import { PlanCompiler } from '../server/src/compiled-reads/plan';
import { startTestServer, TEST_SECRET, type TestServer } from './helpers/server';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { verifySessionToken } from '../server/src/auth/tokens';

let s: TestServer;
let apolloOnly: RunningApp;
beforeAll(async () => {
  s = await startTestServer({ customers: 40 });
  // The same database and ORM, with the compiled path off: every request through graphql-js.
  apolloOnly = await startApp({ orm: s.orm, secret: TEST_SECRET, compiledReads: false });
});
afterAll(async () => { await apolloOnly?.stop(); await s?.stop(); });

const CUSTOMER = `__typename id customerNumber name nameKana postalCode prefecture city addressLine phone email birthDate gender
  lifestyle occupation cardBrand cardNumber cardExpiry source householdId status provisionStopped useStopped referrerId createdAt updatedAt maskedFields`;
const ORDER = `__typename id orderNumber totalYen status paymentStatus placedAt shippedAt deliveredAt paymentDueAt createdAt customerId carrierId
  shipTo { __typename name postalCode prefecture city addressLine phone maskedFields }`;

const CASES: { name: string; query: string; variables?: Record<string, unknown>; compiled: boolean }[] = [
  { name: 'a page of every customer field with the last 3 orders', compiled: true,
    query: `query Page { allCustomers(perPage: 25, sortField: "id") { ${CUSTOMER} orders(last: 3) { ${ORDER} } } }` },
  { name: 'aliases, variables, a filter, a second page sorted by kana', compiled: true,
    query: `query Kana($page: Int, $f: CustomerFilter, $order: String) {
      list: allCustomers(page: $page, perPage: 7, sortField: "nameKana", sortOrder: $order, filter: $f) { key: id n: name kana: nameKana phone email birthDate gender } }`,
    variables: { page: 1, f: { createdAt_gte: '2000-01-01T00:00:00Z' }, order: 'DESC' } },
  { name: 'the search box and every order with only its ship-to city', compiled: true,
    query: `{ allCustomers(perPage: 10, filter: { q: "C00000" }) { id orders { id shipTo { city } } } }` },
  { name: 'no personal field at all', compiled: true, query: `{ allCustomers(perPage: 5) { id customerNumber status } }` },
  { name: 'a page too large (BAD_USER_INPUT, left to Apollo)', compiled: true, query: `{ allCustomers(perPage: 1000) { id name } }` },
  { name: 'a wrongly typed variable (left to Apollo)', compiled: true,
    query: `query($n: Int) { allCustomers(perPage: $n) { id name } }`, variables: { n: 'many' } },
  { name: 'orders with their customer, items and ship-to', compiled: true,
    query: `{ allOrders(perPage: 50, sortField: "id", filter: { status: PLACED }) { id orderNumber customerId shipTo { name city } customer { id name phone } items { id productId productName quantity } } }` },
  { name: 'an order by id, its customer with their last orders and interactions', compiled: true,
    query: `query O($id: ID!) { Order(id: $id) { id maskedFields customer { id name orders(last: 2) { id } interactions { id summary } } } }`, variables: { id: '1' } },
  { name: 'interactions with their customer, and one by id', compiled: true,
    query: `{ allInteractions(perPage: 100, sortField: "id") { id kind summary transcript recordingKey complaintOwnerId maskedFields customer { id name } } }` },
  { name: 'an interaction by id', compiled: true, query: `{ Interaction(id: "1") { id summary customerId orderId staffId } }` },
  { name: 'a customer by id with interactions', compiled: true,
    query: `{ c: Customer(id: "1") { id name email interactions { id kind occurredAt summary } } }` },
  { name: 'consents: a list, one by id, a customer\'s', compiled: true,
    query: `{ allConsents(perPage: 20, filter: { live: true }) { id customerId purpose grantedAt live maskedFields } }` },
  { name: 'a consent by id', compiled: true, query: `{ Consent(id: "1") { id purpose live } }` },
  { name: 'a customer\'s consents', compiled: true, query: `{ allCustomers(perPage: 5) { id consents { id purpose withdrawnAt } } }` },
  { name: 'fields the projection sources compute', compiled: true,
    query: `{ allInteractions(perPage: 5) { id complaintAgeDays complaintOverdue complaintOwnerId } }` },
  { name: 'interactions with their staff, complaint owner and order (and its carrier)', compiled: true,
    query: `{ allInteractions(perPage: 5) { id staff { id name email role active createdAt } complaintOwner { id name } order { id orderNumber carrier { id name services dataCategories agreementExpiresAt } } } }` },
  { name: 'customers with their referrer and family', compiled: true,
    query: `{ allCustomers(perPage: 5) { id name referrer { id name familyMembers { id } } familyMembers { id name householdId } } }` },
  { name: 'complaints with their customer and owner', compiled: true,
    query: `{ allComplaints(perPage: 10, filter: { status: OPEN }) { id complaintStatus complaintAnswer customer { id name } complaintOwner { id name } } }` },
  { name: 'privacy requests with their customer, and one by id', compiled: true,
    query: `{ allPrivacyRequests(perPage: 10) { id kind status requesterName requesterContact dueAt outcome handledById maskedFields customer { id name } } }` },
  { name: 'a privacy request by id', compiled: true, query: `{ PrivacyRequest(id: "1") { id kind customerId customer { id email } } }` },
  { name: 'customers with their access history (one statement for the page)', compiled: true,
    query: `{ allCustomers(perPage: 5) { id accessHistory(last: 3) { id at role purpose operation customerId clearFieldsRead maskedFieldsRead detail } } }` },
  { name: 'fields computed with the row: a staff account\'s, an order\'s carrier name, a request\'s overdue', compiled: true,
    query: `{ allInteractions(perPage: 5) { id staff { id contractorId pendingRole mfaEnrolled loginLocked } order { id carrierName } } }` },
  { name: 'privacy requests, overdue', compiled: true, query: `{ allPrivacyRequests(perPage: 5) { id dueAt overdue } }` },
  { name: 'collection cases with their order and its customer', compiled: true,
    query: `{ allCollectionCases(perPage: 5) { id orderId contractorId contractorName open openedAt openedById closedById maskedFields order { id customer { id name } } } }` },
  { name: 'a collection case by id', compiled: true, query: `{ CollectionCase(id: "1") { id open order { id } } }` },
  { name: 'provision records with their customer', compiled: true,
    query: `{ allProvisionRecords(perPage: 5, filter: { legalBasis: ENTRUSTMENT }) { id customerId recipientName recipientContractorId consentId recordedById dataCategories keepUntil maskedFields customer { id name } } }` },
  { name: 'a provision record by id', compiled: true, query: `{ ProvisionRecord(id: "1") { id customer { id email } } }` },
  { name: 'access history read twice under aliases, and the customer of each event', compiled: true,
    query: `{ allCustomers(perPage: 5) { id a: accessHistory(last: 2) { id customer { id name } } b: accessHistory(last: 5) { id } } }` },
  { name: 'a root of a type it does not plan (not compiled)', compiled: false,
    query: `{ allAudits(perPage: 5) { id auditor { id } } }` },
  { name: 'a fragment under a directive (not compiled)', compiled: false,
    query: `{ allInteractions(perPage: 5) { id customer { ... on Customer { id } } ... on Interaction @include(if: true) { summary } } }` },
  { name: 'a named fragment on the type itself', compiled: true,
    query: `query F { allCustomers(perPage: 5) { ...C } } fragment C on Customer { id name phone }` },
];

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('the plan compiler takes list reads it can answer and leaves the rest', () => {
  const compiler = () => new PlanCompiler(buildSchema(), s.orm);
  test.each(CASES)('$name: compiled $compiled', ({ query, compiled }) => {
    expect(compiler().planFor(query, undefined) !== null).toBe(compiled);
  });
  test.each([
    ['a mutation', 'mutation { logout }'],
    ['another root field', '{ allStaff { id } }'],
    ['two root fields', '{ allCustomers { id } _allCustomersMeta { count } }'],
    ['a root of the trail', '{ allAccessEvents { id customer { id } } }'],
    ['an access history of a size its resolver refuses', '{ allCustomers { id accessHistory(last: 0) { id } } }'],
    ['a directive', '{ allCustomers { id name @include(if: true) } }'],
    ['an invalid query', '{ allCustomers { nope } }'],
  ])('%s: no plan', (_name, query) => {
    expect(compiler().planFor(query, undefined)).toBeNull();
  });
});

// Answers and trail entries of the two paths for every role × purpose: test/executors-agree.test.ts, on requests
// generated from the schema (it replaced the hand-written CASES comparison that was here). What follows are
// the requests a generator does not make: bad credentials, unreadable bodies, a session revoked mid-way.
describe('compiled answers are Apollo\'s answers', () => {
  test('without credentials, or with a purpose the role may not declare, both refuse alike', async () => {
    const support = await s.asRole('SUPPORT', null);
    const cases: Record<string, string>[] = [{}, { authorization: 'Bearer nonsense' }, { authorization: `Bearer ${support.token}`, 'x-purpose': 'PROMOTION' }];
    for (const headers of cases) {
      const query = `{ allCustomers(perPage: 3) { id name } }`;
      const compiled = await post(s.url, { query }, headers);
      const apollo = await post(apolloOnly.url, { query }, headers);
      expect(compiled).toEqual(apollo);
      expect(JSON.parse(compiled.body).errors?.length).toBeGreaterThan(0);
    }
  });

  test('in front of express: the same security headers, and the same answers to bodies it does not compile or cannot read', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const send = async (url: string, body: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' },
      });
      const h = (name: string) => res.headers.get(name);
      return { status: res.status, body: await res.text(), type: h('content-type'), csp: h('content-security-policy'), sniff: h('x-content-type-options'),
        frame: h('x-frame-options'), referrer: h('referrer-policy'), opener: h('cross-origin-opener-policy'), resource: h('cross-origin-resource-policy') };
    };
    const bodies = [JSON.stringify({ query: '{ allCustomers(perPage: 2) { id name } }' }), '{"query": "{ allCustomers { id } }"', '"a string"', '',
      '[]', JSON.stringify({ query: '{ allCustomers(perPage: 2) { id } }', extensions: {} }), JSON.stringify({ query: '{ allCustomers(perPage: 2) { id } }', variables: [] })];
    for (const body of bodies) {
      const compiled = await send(s.url, body);
      expect({ sent: body, ...compiled }).toEqual({ sent: body, ...(await send(apolloOnly.url, body)) });
      expect(compiled.csp).toContain("frame-ancestors 'none'");
    }
  });

  test('a session revoked, or a staff member changed, after the compiled path served it is never served from what it remembered', async () => {
    const login = async () => (await s.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: demoEmail('MARKETING'), p: DEMO_PASSWORD })).data.login.token as string;
    const query = `{ allCustomers(perPage: 3) { id name email } }`;
    const both = async (token: string) => {
      const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'PROMOTION' };
      return { compiled: await post(s.url, { query }, headers), apollo: await post(apolloOnly.url, { query }, headers) };
    };
    const revoked = await login();
    for (let i = 0; i < 2; i++) expect((await both(revoked)).compiled.status).toBe(200); // the second is served with the remembered actor
    const { rows: [session] } = await s.sql.query(`update session set revoked_at = now() where id = $1 returning staff_id`,
      [verifySessionToken(TEST_SECRET, revoked)]);
    const afterRevoke = await both(revoked);
    expect(afterRevoke.compiled).toEqual(afterRevoke.apollo);
    expect(JSON.parse(afterRevoke.compiled.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const changed = await login();
    expect((await both(changed)).compiled.status).toBe(200);
    await s.sql.query(`update staff set role = 'AUDITOR' where id = $1`, [session.staff_id]);
    try {
      const afterChange = await both(changed);
      expect(afterChange.compiled).toEqual(afterChange.apollo);
      expect(JSON.parse(afterChange.compiled.body).errors?.length).toBeGreaterThan(0); // AUDITOR may not declare PROMOTION
    } finally {
      await s.sql.query(`update staff set role = 'MARKETING' where id = $1`, [session.staff_id]);
    }
  });

  test('the compiled path sends fewer SQL statements than graphql-js for the same page (it is really taken)', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const headers = { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' };
    const query = `{ allCustomers(perPage: 20) { id name orders(last: 3) { id shipTo { name } } } }`;
    const count = async (url: string) => {
      const before = s.queries.count;
      expect((await post(url, { query }, headers)).status).toBe(200);
      return s.queries.count - before;
    };
    const viaApollo = await count(apolloOnly.url);
    const compiled = await count(s.url);
    // Apollo: session, page ids, customers by id, order ids, orders by id. Compiled: session, page rows, order rows.
    expect(compiled).toBeLessThan(viaApollo);
  });

  test('a column only fields hidden under the role and purpose read is not selected; the answer is Apollo\'s', async () => {
    const query = `{ allCustomers(perPage: 10, sortField: "id") { id name phone gender lifestyle occupation maskedFields } }`;
    const statementOf = async (role: 'SUPPORT' | 'PRIVACY_MANAGER', purpose: string) => {
      const headers = { authorization: `Bearer ${(await s.asRole(role, purpose)).token}`, 'x-purpose': purpose };
      const before = s.queries.count;
      const compiled = await post(s.url, { query }, headers);
      const read = s.queries.recent.slice(-(s.queries.count - before)).find((q) => q.includes('c.phone'));
      expect(compiled).toEqual(await post(apolloOnly.url, { query }, headers));
      return read ?? '';
    };
    // Gender, lifestyle and occupation are hidden when answering an inquiry (sensitive text in them too): never read.
    const inquiry = await statementOf('SUPPORT', 'INQUIRY_RESPONSE');
    expect(inquiry).toContain('c.name');
    expect(['c.gender', 'c.lifestyle', 'c.occupation'].filter((c) => inquiry.includes(c))).toEqual([]);
    const administration = await statementOf('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    expect(['c.gender', 'c.lifestyle', 'c.occupation'].filter((c) => administration.includes(c))).toEqual(['c.gender', 'c.lifestyle', 'c.occupation']);
  });

  test('the statements of a planned read are as many for a page of 1 as for a page of 50: one per relation and level', async () => {
    const role = await s.asRole('FULFILLMENT', 'SHIPPING');
    const headers = { authorization: `Bearer ${role.token}`, 'x-purpose': 'SHIPPING' };
    const count = async (perPage: number) => {
      const query = `{ allOrders(perPage: ${perPage}, sortField: "id") { id shipTo { name } customer { id name orders(last: 2) { id items { id } } } items { id productName } } }`;
      const before = s.queries.count;
      const res = await post(s.url, { query }, headers);
      expect(JSON.parse(res.body).errors).toBeUndefined();
      expect(JSON.parse(res.body).data.allOrders.length).toBe(perPage);
      return s.queries.count - before;
    };
    await count(1); // the actor is remembered from here on
    expect(await count(1)).toBe(await count(50));
  });

  test('the relations planned later cost one statement per relation and level too (staff, orders, carriers, referrers, families, access history)', async () => {
    const role = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const headers = { authorization: `Bearer ${role.token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' };
    const count = async (perPage: number) => {
      const query = `{ allInteractions(perPage: ${perPage}, sortField: "id") { id staff { id name } complaintOwner { id } order { id carrier { id name } }
        customer { id referrer { id name } familyMembers { id name } accessHistory(last: 2) { id role } } } }`;
      const before = s.queries.count;
      const res = await post(s.url, { query }, headers);
      expect(JSON.parse(res.body).errors).toBeUndefined();
      expect(JSON.parse(res.body).data.allInteractions.length).toBe(perPage);
      return s.queries.count - before;
    };
    await count(20); // the actor is remembered from here on
    // 20 and 100 rather than 1: a relation none of the page's rows has (no order, no household) reads nothing, as its resolver.
    expect(await count(20)).toBe(await count(100));
  });

  test('fields computed with the row, events\' customers, aliased histories and the roots planned last cost no statement per row', async () => {
    const role = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const headers = { authorization: `Bearer ${role.token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' };
    const count = async (perPage: number, root: string, selection: string) => {
      const before = s.queries.count;
      const res = await post(s.url, { query: `{ ${root}(perPage: ${perPage}, sortField: "id") { ${selection} } }` }, headers);
      expect(JSON.parse(res.body).errors).toBeUndefined();
      expect(JSON.parse(res.body).data[root].length).toBeGreaterThan(0);
      return s.queries.count - before;
    };
    // Every customer read once (by this role): each has an access event, so a small page reads events' customers too.
    await count(100, 'allCustomers', 'id name');
    // A small page whose rows all have the relations (20 where some rows lack one: an interaction without an order).
    const reads: [number, string, string][] = [
      [20, 'allInteractions', 'id staff { id pendingRole mfaEnrolled loginLocked contractorId } order { id carrierName }'],
      [20, 'allCustomers', 'id a: accessHistory(last: 2) { id customer { id name } } b: accessHistory(last: 5) { id }'],
      [20, 'allPrivacyRequests', 'id overdue customer { id }'],
      [1, 'allProvisionRecords', 'id customerId customer { id name orders(last: 1) { id carrierName } }'],
      [1, 'allCollectionCases', 'id contractorName open order { id customer { id name } }'],
    ];
    for (const [small, root, selection] of reads) {
      await count(small, root, selection); // the actor is remembered from here on
      expect({ root, statements: await count(small, root, selection) }).toEqual({ root, statements: await count(100, root, selection) });
    }
  });
});
