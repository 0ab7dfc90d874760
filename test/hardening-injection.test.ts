// Hostile strings: SQL-ish text in every filter and `q` of every list, unicode edge cases (full-width digits,
// decomposed kana, emoji, lone surrogates, NUL), very long strings and values the database cannot hold.
// Each answer is a clean result or BAD_USER_INPUT, never an internal error; the tables are still there.
import { getNamedType, type GraphQLInputObjectType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES, resourceOperations, ROLES, type PurposeKey, type ResourceName, type RoleKey } from '../schema/policy';
import { buildBareSchema } from '../server/src/graphql/schema';
import { expectNoInternals, expectRefused, LOGIN, storedClearValues } from './helpers/hostile';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let clear: string[];
let pm: GqlClient;
let tablesBefore: Record<string, number>;
beforeAll(async () => {
  s = await startTestServer({ customers: 15 });
  clear = await storedClearValues(s.sql);
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  tablesBefore = await tableRows();
});
afterAll(async () => { await s?.stop(); });

/** Row counts of every table but the trail (which every request appends to). */
async function tableRows(): Promise<Record<string, number>> {
  const { rows } = await s.sql.query(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and relname not in ('trail_record', 'trail_head', 'session')`);
  const counts: Record<string, number> = {};
  for (const { relname } of rows) counts[relname] = (await s.sql.query(`select count(*)::int n from "${relname}"`)).rows[0].n;
  return counts;
}

const SQLISH = [`' or 1=1 --`, `"; drop table customer; --`, '%', '_', '\\', '%%', '\\%', `') or ('a'='a`, `1; select pg_sleep(3) --`,
  '*/ or 1=1 /*', '$1', '?', `\\'; truncate trail_entry; --`];

/** Every list of the schema with its filter type, read by a role that may read it (the privacy manager when it can). */
const SCHEMA = buildBareSchema();
const LISTS = (Object.keys(RESOURCES) as ResourceName[]).flatMap((resource) => {
  const [list, meta] = resourceOperations(resource).read;
  const field = SCHEMA.getQueryType()!.getFields()[list];
  const filterArg = field?.args.find((a) => a.name === 'filter');
  if (!field || !filterArg) return [];
  const readers = Object.keys(RESOURCES[resource].read) as RoleKey[];
  const role = readers.includes('PRIVACY_MANAGER') ? 'PRIVACY_MANAGER' : readers[0];
  const purpose = (ROLES[role].purposes as readonly PurposeKey[])[0] ?? null;
  const filterType = getNamedType(filterArg.type) as GraphQLInputObjectType;
  return [{ resource, list, meta, role, purpose, filterType }];
});

/** The filter fields a hostile string can reach: strings and IDs (text), and the typed ones (refused by coercion). */
function filterFields(t: GraphQLInputObjectType) {
  return Object.values(t.getFields()).flatMap((f) => {
    const named = getNamedType(f.type);
    if (isEnumType(named) || isInputObjectType(named) || named.name === 'Boolean') return [];
    const list = isListType(isNonNullType(f.type) ? f.type.ofType : f.type);
    return [{ name: f.name, list, text: isScalarType(named) && ['String', 'ID'].includes(named.name) }];
  });
}

const clients = new Map<string, GqlClient>();
async function reader(role: RoleKey, purpose: string | null): Promise<GqlClient> {
  const key = `${role}:${purpose}`;
  if (!clients.has(key)) clients.set(key, await s.asRole(role, purpose));
  return clients.get(key)!;
}

describe('SQL-ish strings in every filter and q of every list', () => {
  test('the lists probed include the ones the issue names', () => {
    const names = LISTS.map((l) => l.resource);
    for (const r of ['Customer', 'Order', 'Interaction', 'Consent', 'Product', 'Contractor', 'Staff', 'AccessEvent']) expect(names).toContain(r);
  });

  test.each(LISTS.map((l) => [l.list, l.role, l.purpose ?? 'no purpose', l] as const))('%s as %s under %s: an empty answer or BAD_USER_INPUT, never an internal error', async (_l, _r, _p, l) => {
    const client = await reader(l.role, l.purpose);
    const q = `query($f: ${l.filterType.name}) { ${l.list}(filter: $f, perPage: 500) { id } ${l.meta}(filter: $f) { count } }`;
    const fields = filterFields(l.filterType);
    expect(fields.length).toBeGreaterThan(0);
    const all = (await client(`{ ${l.meta} { count } }`)).data[l.meta].count;
    for (const field of fields) {
      const answers = await Promise.all(SQLISH.map((payload) => client(q, { f: { [field.name]: field.list ? [payload] : payload } })));
      answers.forEach((r, i) => {
        const what = `${l.list} filter.${field.name} = ${JSON.stringify(SQLISH[i])}`;
        expectNoInternals(r);
        if (r.errors) {
          expect(r.errors[0].extensions?.code, what).toBe('BAD_USER_INPUT');
          expect(r.data?.[l.list] ?? null, what).toBeNull();
        } else {
          expect(field.text, `${what}: a typed field accepted a string`).toBe(true);
          // Nothing stored contains these strings, but for a `%` in a product name: never all rows.
          if (r.data[l.list].length) expect(r.data[l.meta].count, what).toBeLessThan(all);
          expect(r.data[l.meta].count, what).toBe(r.data[l.list].length);
        }
      });
    }
  });

  test.each(LISTS.map((l) => [l.list, l] as const))('%s: a hostile sortField or sortOrder is BAD_USER_INPUT naming it', async (_l, l) => {
    const client = await reader(l.role, l.purpose);
    for (const [arg, payload] of [['sortField', `id; drop table customer --`], ['sortField', 'id desc, (select 1)'], ['sortOrder', 'ASC; --'], ['sortOrder', `desc nulls first`]]) {
      const r = await client(`query($v: String) { ${l.list}(${arg}: $v${arg === 'sortOrder' ? ', sortField: "id"' : ''}) { id } }`, { v: payload });
      expectRefused(r, 'BAD_USER_INPUT', clear);
      expect(r.errors![0].extensions!.field).toBe(arg);
    }
  });

  test('wildcards are literal: as ADMIN `%` and `_` find exactly the products whose name contains them', async () => {
    const admin = await s.asRole('ADMIN');
    for (const char of ['%', '_', '\\']) {
      const { rows } = await s.sql.query('select id from product where strpos(name, $1) > 0 or sku = $1 order by id', [char]);
      const r = await admin('query($q: String) { allProducts(filter: { q: $q }, perPage: 500, sortField: "id") { id } }', { q: char });
      expect(r.data.allProducts.map((p: { id: string }) => Number(p.id)), char).toEqual(rows.map((p) => p.id));
    }
  });

  test('afterwards every table is still there with the same rows', async () => {
    expect(await tableRows()).toEqual(tablesBefore);
  });
});

describe('unicode edge cases', () => {
  const FIND = 'query($f: CustomerFilter) { allCustomers(filter: $f, perPage: 500) { id } }';
  const found = async (f: Record<string, unknown>) => {
    const r = await pm(FIND, { f });
    expectNoInternals(r);
    expect(r.errors).toBeUndefined();
    return r.data.allCustomers.map((c: { id: string }) => c.id);
  };
  const fullWidth = (t: string) => t.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

  test('full-width digits and hyphens in a phone number find the same customers as ASCII ones', async () => {
    const { rows: [c] } = await s.sql.query(`select id, phone from customer where status = 'ACTIVE' and phone like '0_0-%' order by id limit 1`);
    const ascii = await found({ q: c.phone });
    expect(ascii).toContain(String(c.id));
    for (const variant of [fullWidth(c.phone), fullWidth(c.phone).replace(/-/g, '－'), fullWidth(c.phone).replace(/-/g, 'ー')]) {
      expect(await found({ q: variant }), variant).toEqual(ascii);
      expect(await found({ phone: variant }), variant).toEqual([String(c.id)]);
    }
    const prefix = c.phone.replace(/-/g, '').slice(0, 4);
    expect(await found({ q: fullWidth(prefix) })).toEqual(await found({ q: prefix }));
    expect((await found({ q: prefix })).length).toBeGreaterThan(0);
  });

  test('a name written with decomposed kana (NFD) is stored NFKC-normalised and found by any form of it', async () => {
    const name = '長谷川 ゆづき';
    const kana = 'ハセガワ ユヅキ';
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const created = await support(`mutation($n: String!, $k: String!) { createCustomer(name: $n, nameKana: $k, postalCode: "１５０－０００１",
      prefecture: "東京都", city: "渋谷区", addressLine: "神宮前1-2-3", phone: "０９０－１１１１－２２２２", email: "yuzuki@example.jp",
      reason: "新規登録") { id name nameKana } }`, { n: name.normalize('NFD'), k: kana.normalize('NFD') });
    expect(created.errors).toBeUndefined();
    const id = created.data.createCustomer.id;
    const { rows: [stored] } = await s.sql.query('select name, name_kana, postal_code, phone from customer where id = $1', [id]);
    expect(stored).toEqual({ name: name.normalize('NFKC'), name_kana: kana.normalize('NFKC'), postal_code: '150-0001', phone: '090-1111-2222' });
    for (const term of [name, name.normalize('NFD'), 'ゆづき', 'ゆづき'.normalize('NFD'), 'ハセガワ ﾕﾂﾞｷ'.normalize('NFKC'), 'ﾊｾｶﾞﾜ']) {
      expect(await found({ q: term }), JSON.stringify(term)).toContain(id);
    }
    expect(await found({ nameKana: 'ﾊｾｶﾞﾜ ﾕﾂﾞｷ' })).toContain(id);
  });

  test('emoji are stored and found like any character', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id desc limit 1`);
    const name = '山田 🍣太郎👨‍👩‍👧';
    const r = await support('mutation($id: ID!, $n: String!) { updateCustomer(id: $id, name: $n, reason: "表記の訂正") { name } }', { id: String(c.id), n: name });
    expect(r.errors).toBeUndefined();
    expect(r.data.updateCustomer.name).toBe(name);
    expect(await found({ q: '🍣太郎' })).toEqual([String(c.id)]);
  });

  test('lone surrogates and NUL are BAD_USER_INPUT naming the field, in variables and in literals, and nothing is written', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows: [c] } = await s.sql.query(`select id, name from customer where status = 'ACTIVE' order by id limit 1`);
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['query($f: CustomerFilter) { allCustomers(filter: $f) { id } }', { f: { q: 'a\ud800b' } }, 'f.q'],
      ['query($f: CustomerFilter) { allCustomers(filter: $f) { id } }', { f: { email: 'a\u0000@example.jp' } }, 'f.email'],
      ['query($f: CustomerFilter) { allCustomers(filter: $f) { id } }', { f: { ids: ['1', '\udc00'] } }, 'f.ids'],
      ['{ allCustomers(filter: { q: "a\\u0000b" }) { id } }', undefined, 'filter.q'],
      [`mutation($n: String!) { updateCustomer(id: ${c.id}, name: $n, reason: "訂正") { id } }`, { n: '山田\udfff' }, 'n'],
      [`mutation { updateCustomer(id: ${c.id}, name: "山田\\u0000太郎", reason: "訂正") { id } }`, undefined, 'name'],
      [LOGIN, { e: 'support@demo.mamori.jp\u0000', p: 'x' }, 'e'],
    ];
    for (const [q, v, field] of cases) {
      const r = await support(q, v);
      expectRefused(r, 'BAD_USER_INPUT', clear);
      expect(r.errors![0].extensions!.field, q).toBe(field);
      expect(r.status).toBe(400);
    }
    expect((await s.sql.query('select name from customer where id = $1', [c.id])).rows[0].name).toBe(c.name);
  });
});

describe('very long strings and values the database cannot hold', () => {
  const LONG = 'a'.repeat(100_000);

  test('a 100,000-character string in every text filter of the customer list is a clean empty answer', async () => {
    const fields = filterFields(SCHEMA.getType('CustomerFilter') as GraphQLInputObjectType).filter((f) => f.text);
    for (const f of fields) {
      const r = await pm('query($f: CustomerFilter) { allCustomers(filter: $f) { id } }', { f: { [f.name]: f.list ? [LONG] : LONG } });
      expectNoInternals(r);
      if (r.errors) expect(r.errors[0].extensions?.code, f.name).toBe('BAD_USER_INPUT');
      else expect(r.data.allCustomers, f.name).toEqual([]);
    }
  });

  test('a 100,000-character login is UNAUTHENTICATED, not an error', async () => {
    expectRefused(await s.gql(LOGIN, { e: `${LONG}@example.jp`, p: LONG }), 'UNAUTHENTICATED', clear);
  });

  test('too long, impossible dates and references to nothing are BAD_USER_INPUT naming the field, nothing written', async () => {
    const admin = await s.asRole('ADMIN');
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`);
    const before = await s.sql.query('select * from customer where id = $1', [c.id]);
    const update = (args: string, v: Record<string, unknown> = {}) =>
      pm(`mutation($id: ID!, $x: String) { updateCustomer(id: $id, ${args}, reason: "検証") { id } }`, { id: String(c.id), ...v });
    const cases: [Promise<any>, string][] = [
      [update('name: $x', { x: LONG }), 'name'],
      [update('householdId: $x', { x: 'h'.repeat(100) }), 'householdId'],
      [update('phone: $x', { x: `090-1234-567${' '.repeat(30)}8` }), 'phone'],
      [update('birthDate: $x', { x: '2024-02-30' }), 'birthDate'],
      [update('birthDate: $x', { x: '0000-01-01' }), 'birthDate'],
      [pm(`mutation { updateCustomer(id: ${c.id}, referrerId: "999999", reason: "検証") { id } }`), 'referrerId'],
      [admin('mutation { createContractor(name: "検証", agreementDate: "2023-02-29") { id } }'), 'agreementDate'],
      [admin('mutation { createStaff(name: "検証", email: "fk@example.jp", role: "CARRIER", contractorId: "999999") { id } }'), 'contractorId'],
      [pm(`mutation { createOrder(customerId: ${c.id}, items: [{ productId: "1", quantity: 1 }], carrierId: "999999") { id } }`), 'carrierId'],
    ];
    for (const [pending, field] of cases) {
      const r = await pending;
      expectRefused(r, 'BAD_USER_INPUT', clear);
      expect(r.errors[0].extensions.field, field).toBe(field);
    }
    expect((await s.sql.query('select * from customer where id = $1', [c.id])).rows).toEqual(before.rows);
    const { rows } = await s.sql.query(`select count(*)::int n from staff where email = 'fk@example.jp'`);
    expect(rows[0].n).toBe(0);
  });
});
