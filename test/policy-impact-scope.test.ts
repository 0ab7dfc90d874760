// A draft's impact on contractors' rows (#23 item 3): contractor accounts read over HTTP; a draft that takes a
// contractor's purpose away, makes a mailing purpose need no consent, or leaves stopped customers out of shipping
// reports exactly the trail's entries whose rows would have left the scope (counted here from the trail and the
// customers' status); a draft that lets stopped customers back into a mailing reports exactly the recipient who
// would enter (from today's data, counted here independently of row-scope.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PolicyDocument } from '../schema/policy';
import { asAccount, contractorAccounts, type Account } from './helpers/contractors';
import { expectedCustomerIds } from './helpers/policy';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let accounts: Account[];

const IMPACT = `query($id: ID!) { policyDraftImpact(id: $id) { scopeAssessed scopeNote
  scope { direction basis role roleLabel purpose purposeLabel resource reasons reasonsText entries rows customers examples { entryId rowId at } } } }`;

interface Scope {
  direction: string; basis: string; role: string; roleLabel: string; purpose: string; purposeLabel: string; resource: string | null;
  reasons: string[]; reasonsText: string; entries: number; rows: number; customers: number;
  examples: { entryId: string | null; rowId: string | null; at: string | null }[];
}

async function impactOf(edit: (d: PolicyDocument) => void): Promise<{ scopeAssessed: boolean; scopeNote: string; scope: Scope[] }> {
  const v1 = (await pm('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0];
  const d = (await pm(`mutation($from: ID!) { createPolicyDraft(fromVersion: $from) { id document } }`, { from: v1.id })).data.createPolicyDraft;
  const doc = d.document as PolicyDocument;
  edit(doc);
  const u = await pm(`mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { id } }`, { id: d.id, doc });
  expect(u.errors).toBeUndefined();
  const r = await pm(IMPACT, { id: d.id });
  expect(r.errors).toBeUndefined();
  return r.data.policyDraftImpact;
}

/** The trail's access entries of `role` × `purpose` about customers (optionally only those now USE_STOPPED). */
async function trailOf(role: string, purpose: string, onlyStopped = false) {
  const { rows: [r] } = await s.sql.query(`select count(*)::int as entries, count(distinct t.customer_id)::int as customers
    from trail_entry t join customer c on c.id = t.customer_id
    where t.kind = 'ACCESS' and t.role = $1 and t.purpose = $2 and ($3 = false or c.status = 'USE_STOPPED')`, [role, purpose, onlyStopped]);
  return r as { entries: number; customers: number };
}

const account = (role: string) => accounts.find((a) => a.role === role)!;
let carried: number[];

beforeAll(async () => {
  s = await startTestServer({ customers: 120 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  accounts = await contractorAccounts(s.sql);
  const carrier = await asAccount(s, account('CARRIER').email, 'SHIPPING');
  const orders = await carrier('{ allOrders(perPage: 500) { id customerId shipTo { name phone } } }');
  expect(orders.errors).toBeUndefined();
  carried = [...new Set<number>(orders.data.allOrders.map((o: { customerId: string }) => Number(o.customerId)))];
  expect(carried.length).toBeGreaterThan(1);
  const house = await asAccount(s, account('MAILING_HOUSE').email, 'PROMOTION');
  const recipients = await house('{ allCustomers(perPage: 500) { id name } }');
  expect(recipients.errors).toBeUndefined();
  expect(recipients.data.allCustomers.length).toBeGreaterThan(0);
}, 180_000);
afterAll(async () => { await s?.stop(); });

describe('policyDraftImpact: contractors\' rows', () => {
  test('a draft taking SHIPPING from the carrier: every carrier read leaves, with openable entries', async () => {
    const impact = await impactOf((d) => { d.roles.CARRIER.purposes = []; });
    expect(impact.scopeAssessed).toBe(true);
    expect(impact.scopeNote).toMatch(/現在のデータ/);
    const trail = await trailOf('CARRIER', 'SHIPPING');
    expect(trail.entries).toBeGreaterThan(0);
    expect(impact.scope).toEqual([expect.objectContaining({
      direction: 'LEFT', basis: 'TRAIL', role: 'CARRIER', purpose: 'SHIPPING', resource: null, reasons: ['PURPOSE_REMOVED'],
      entries: trail.entries, rows: 0, customers: trail.customers,
    })]);
    const [g] = impact.scope;
    expect(g.roleLabel).toMatch(/配送業者/);
    expect(g.reasonsText).toMatch(/宣言できなくなる/);
    expect(g.examples.length).toBeGreaterThan(0);
    for (const e of g.examples) {
      const { rows: [entry] } = await s.sql.query(`select role, purpose, customer_id from trail_entry where id = $1`, [e.entryId]);
      expect(entry).toMatchObject({ role: 'CARRIER', purpose: 'SHIPPING' });
      expect(carried).toContain(entry.customer_id);
    }
  });

  test('a draft making PROMOTION need no consent: the mailing house serves no row under it, its reads leave', async () => {
    const impact = await impactOf((d) => { d.purposes.PROMOTION.needsConsent = false; });
    const trail = await trailOf('MAILING_HOUSE', 'PROMOTION');
    expect(impact.scope).toEqual([expect.objectContaining({
      direction: 'LEFT', role: 'MAILING_HOUSE', purpose: 'PROMOTION', reasons: ['CONSENT_NOT_REQUIRED'], entries: trail.entries, customers: trail.customers,
    })]);
  });

  test('stopped customers left out of SHIPPING: exactly the carrier reads of customers stopped since leave', async () => {
    await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [carried[0]]);
    const impact = await impactOf((d) => { d.stoppedUseExcludedPurposes.push('SHIPPING'); });
    const trail = await trailOf('CARRIER', 'SHIPPING', true);
    expect(trail.customers).toBeGreaterThanOrEqual(1);
    // FULFILLMENT also reads under SHIPPING: no contractor, not reported here.
    expect(impact.scope).toEqual([expect.objectContaining({
      direction: 'LEFT', role: 'CARRIER', purpose: 'SHIPPING', reasons: ['STOPPED_USE_EXCLUDED'], entries: trail.entries, customers: trail.customers,
    })]);
    const exampleCustomers = await Promise.all(impact.scope[0].examples.map(async (e) =>
      (await s.sql.query(`select customer_id from trail_entry where id = $1`, [e.entryId])).rows[0].customer_id));
    expect(exampleCustomers).toContain(carried[0]);
    await s.sql.query(`update customer set status = 'ACTIVE' where id = $1`, [carried[0]]);
  });

  test('stopped customers let back into PROMOTION: the stopped recipient enters the mailing house\'s scope', async () => {
    const house = account('MAILING_HOUSE');
    // No recipient is stopped to begin with; then one whose consent is live is stopped.
    await s.sql.query(`update customer set status = 'ACTIVE'
      where status = 'USE_STOPPED' and id in (select customer_id from mailing_recipient)`);
    const before = await expectedCustomerIds(s.sql, 'MAILING_HOUSE', 'PROMOTION', house.contractorId);
    expect(before.length).toBeGreaterThan(0);
    const stopped = before[0];
    await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [stopped]);
    expect(await expectedCustomerIds(s.sql, 'MAILING_HOUSE', 'PROMOTION', house.contractorId)).not.toContain(stopped);
    const impact = await impactOf((d) => { d.stoppedUseExcludedPurposes = d.stoppedUseExcludedPurposes.filter((p) => p !== 'PROMOTION'); });
    const entered = impact.scope.filter((g) => g.direction === 'ENTERED');
    expect(entered).toEqual([expect.objectContaining({
      basis: 'CURRENT_DATA', role: 'MAILING_HOUSE', purpose: 'PROMOTION', resource: 'Customer', reasons: ['STOPPED_USE_INCLUDED'],
      entries: 0, rows: 1, customers: 1, examples: [{ entryId: null, rowId: String(stopped), at: null }],
    })]);
    expect(impact.scope.filter((g) => g.direction === 'LEFT')).toEqual([]);
    await s.sql.query(`update customer set status = 'ACTIVE' where id = $1`, [stopped]);
  });

  test('an unchanged draft reports no contractor row', async () => {
    const impact = await impactOf(() => {});
    expect(impact.scope).toEqual([]);
  });

  test('every reported role is a contractor role (drafts touching staff purposes report none)', async () => {
    const impact = await impactOf((d) => { d.roles.SUPPORT.purposes = []; d.roles.FULFILLMENT.purposes = []; });
    expect(impact.scope).toEqual([]);
  });
});
