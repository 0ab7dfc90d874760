// Consents are row-scoped like the customers they belong to, on every read path (list, by id, count, the
// Customer.consents relation), for every role × declarable purpose; reading them is in the access trail; and a
// page of them is one statement. Expected rows come from the database and helpers/policy.ts, not from row-scope.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PurposeKey, RoleKey } from '../schema/policy';
import { errorCode, expectedCustomerIds, grantConsents, ids, mayRead, ROLE_PURPOSES, who } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const c = {} as { stopped: number; minorWithout: number; minorWith: number; erased: number; plain: number };

beforeAll(async () => {
  s = await startTestServer({ customers: 200 });
  const one = async (where: string, params: unknown[] = []) => {
    const { rows } = await s.sql.query(`select id from customer c where ${where} order by id limit 1`, params);
    if (!rows[0]) throw new Error(`no seeded customer where ${where}`);
    return rows[0].id as number;
  };
  const adult = `c.status = 'ACTIVE' and c.birth_date < now() - interval '25 years'`;
  const minor = `c.status = 'ACTIVE' and c.birth_date > now() - interval '19 years'`;
  c.stopped = await one(adult);
  c.erased = await one(`${adult} and c.id <> $1`, [c.stopped]);
  c.plain = await one(`${adult} and c.id not in ($1, $2)`, [c.stopped, c.erased]);
  c.minorWithout = await one(minor);
  c.minorWith = await one(`${minor} and c.id <> $1`, [c.minorWithout]);
  // Every one of them consents to every marketing purpose: only the rule under test can exclude them.
  for (const id of [c.stopped, c.erased, c.plain]) await grantConsents(s.sql, id);
  await grantConsents(s.sql, c.minorWithout, false);
  await grantConsents(s.sql, c.minorWith, true);
  await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [c.stopped]);
  await s.sql.query(`update customer set status = 'ERASED' where id = $1`, [c.erased]);
});
afterAll(async () => { await s?.stop(); });

/** The consents of the customers `role` under `purpose` may see (none when it may not read consents). */
async function expectedConsentIds(role: RoleKey, purpose: PurposeKey): Promise<number[]> {
  if (!mayRead('Consent', role, purpose)) return [];
  const customers = await expectedCustomerIds(s.sql, role, purpose);
  const { rows } = await s.sql.query('select id from consent where customer_id = any($1::int[]) order by id', [customers]);
  return rows.map((r) => r.id);
}

describe('the issue, reproduced', () => {
  test('as MARKETING under PROMOTION every consent listed belongs to a customer listed, and the counts agree', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const r = await client('{ allCustomers(perPage: 500) { id } allConsents(perPage: 500) { id customerId } _allConsentsMeta { count } }');
    expect(r.errors).toBeUndefined();
    const customers = new Set(ids(r.data.allCustomers));
    const owners = new Set<number>(r.data.allConsents.map((k: any) => Number(k.customerId)));
    expect([...owners].filter((id) => !customers.has(id))).toEqual([]);
    for (const id of [c.stopped, c.erased, c.minorWithout]) expect(owners.has(id), `customer ${id}`).toBe(false);
    expect(owners.has(c.minorWith)).toBe(true);
    expect(r.data._allConsentsMeta.count).toBe(r.data.allConsents.length);
  });

  test('as MARKETING under PROMOTION a consent of a customer it may not see is NOT_FOUND by id, and an erased customer\'s cannot be withdrawn', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const { rows } = await s.sql.query('select id from consent where customer_id = any($1::int[]) order by id', [[c.stopped, c.erased, c.minorWithout]]);
    expect(rows.length).toBeGreaterThan(2);
    for (const k of rows) expect(errorCode(await client(`{ Consent(id: ${k.id}) { id guardianConsent } }`)), `consent ${k.id}`).toBe('NOT_FOUND');
    // Support still answers the stopped customer, but nobody reaches an erased one's consents.
    const { rows: [erased] } = await s.sql.query('select id from consent where customer_id = $1 order by id limit 1', [c.erased]);
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const before = await s.sql.query('select withdrawn_at from consent where id = $1', [erased.id]);
    expect(errorCode(await support(`mutation { updateConsent(id: ${erased.id}, withdrawn: true) { id } }`))).toBe('NOT_FOUND');
    expect((await s.sql.query('select withdrawn_at from consent where id = $1', [erased.id])).rows).toEqual(before.rows);
  });
});

describe.each(ROLE_PURPOSES)('%s × %s', (role, purpose) => {
  if (!mayRead('Consent', role, purpose)) {
    test(`${who(role, purpose)} is FORBIDDEN to list, count or fetch consents, and its customers carry none`, async () => {
      const client = await s.asRole(role, purpose);
      const { rows: [k] } = await s.sql.query('select id from consent where customer_id = $1 order by id limit 1', [c.plain]);
      for (const q of ['{ allConsents { id } }', '{ _allConsentsMeta { count } }', `{ Consent(id: ${k.id}) { id } }`]) {
        const r = await client(q);
        expect(errorCode(r), q).toBe('FORBIDDEN');
        expect(r.data ?? null).toBeNull();
      }
      if (!mayRead('Customer', role, purpose)) return;
      const r = await client(`{ allCustomers(filter: { ids: [${c.plain}] }) { id consents { id } } }`);
      for (const x of r.data?.allCustomers ?? []) expect(x.consents ?? [], `customer ${x.id}`).toEqual([]);
    });
    return;
  }

  test(`${who(role, purpose)} lists, counts and fetches by id exactly the consents of the customers it may see`, async () => {
    const client = await s.asRole(role, purpose);
    const expected = await expectedConsentIds(role, purpose);
    const r = await client('{ allConsents(perPage: 500) { id } _allConsentsMeta { count } }');
    expect(r.errors).toBeUndefined();
    expect(ids(r.data.allConsents)).toEqual(expected);
    expect(r.data._allConsentsMeta.count).toBe(expected.length);
    const { rows } = await s.sql.query('select id from consent where not (id = any($1::int[])) order by id limit 3', [expected]);
    for (const k of rows) expect(errorCode(await client(`{ Consent(id: ${k.id}) { id } }`)), `consent ${k.id}`).toBe('NOT_FOUND');
    if (expected.length) expect((await client(`{ Consent(id: ${expected[0]}) { id } }`)).data?.Consent.id).toBe(String(expected[0]));
  });

  test(`${who(role, purpose)} reaches through Customer.consents exactly the same consents`, async () => {
    const client = await s.asRole(role, purpose);
    const customers = [c.plain, c.stopped, c.minorWith, c.minorWithout];
    const r = await client(`{ allCustomers(filter: { ids: [${customers.join(', ')}] }) { id consents { id } } }`);
    expect(r.errors).toBeUndefined();
    const reached = r.data.allCustomers.flatMap((x: any) => x.consents.map((k: any) => Number(k.id))).sort((a: number, b: number) => a - b);
    const { rows } = await s.sql.query('select id from consent where customer_id = any($1::int[]) order by id', [customers]);
    const expected = await expectedConsentIds(role, purpose);
    expect(reached).toEqual(rows.map((k) => k.id).filter((id) => expected.includes(id)));
  });
});

describe('the access trail', () => {
  test('as MARKETING under PROMOTION reading consents leaves an access entry per customer, naming the consent fields read', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const before = Number((await s.sql.query('select coalesce(max(id), 0) as id from trail_entry')).rows[0].id);
    const r = await client(`{ allConsents(filter: { customerId: ${c.plain} }) { id purpose guardianConsent } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.allConsents.length).toBeGreaterThan(0);
    const { rows } = await s.sql.query(`select customer_id, clear_fields, purpose from trail_entry where id > $1 and kind = 'ACCESS'`, [before]);
    expect(rows.map((e) => e.customer_id)).toEqual([c.plain]);
    expect([...rows[0].clear_fields].sort()).toEqual(['Consent.guardianConsent', 'Consent.purpose']);
    expect(rows[0].purpose).toBe('PROMOTION');
  });

  test('as AUDITOR a consent read is recorded as masked (its values shown as they are: a consent has no partial form)', async () => {
    const client = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const before = Number((await s.sql.query('select coalesce(max(id), 0) as id from trail_entry')).rows[0].id);
    const r = await client(`{ allCustomers(filter: { ids: [${c.plain}] }) { id consents { id purpose live maskedFields } } }`);
    expect(r.errors).toBeUndefined();
    const consents = r.data.allCustomers[0].consents;
    expect(consents.every((k: any) => k.purpose && k.live !== null && k.maskedFields.includes('purpose'))).toBe(true);
    const { rows } = await s.sql.query(`select masked_fields from trail_entry where id > $1 and kind = 'ACCESS' and customer_id = $2`, [before, c.plain]);
    expect(rows.flatMap((e) => e.masked_fields)).toEqual(expect.arrayContaining(['Consent.purpose', 'Consent.live']));
  });
});

describe('speed', () => {
  test('as MARKETING under PROMOTION a page of 100 consents is one statement, as a page of 1 is', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const page = async (n: number) => {
      const before = s.queries.count;
      const r = await client(`{ allConsents(perPage: ${n}) { id customerId purpose grantedAt withdrawnAt live guardianConsent } }`);
      expect(r.errors).toBeUndefined();
      expect(r.data.allConsents).toHaveLength(n);
      const sent = s.queries.recent.slice(-(s.queries.count - before));
      return { total: s.queries.count - before, reads: sent.filter((q) => /from "consent"/.test(q)).length };
    };
    await page(1); // warm: the session is resolved once
    const one = await page(1);
    const hundred = await page(100);
    expect(hundred.reads).toBe(1);
    expect(hundred.total).toBe(one.total);
  });
});
