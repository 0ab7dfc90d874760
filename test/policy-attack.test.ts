// Generated attack (issue #17 item 5): for every role × declarable purpose (and none), read paths sampled
// from the schema — list and by-id roots, relations to depth 3, aliases, fragments, filters, sorts and `q`
// — and every answer checked against the policy: no value clearer than it allows, no row outside the row
// scope, no row of a resource the role may not read, no count that differs from the rows a list shows,
// and every clear value served has its trail entry. ATTACK_SEED replays a run; `npm run
// test:attack` (ATTACK_QUERIES=all) walks every path for every role × purpose.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PERSONAL_TYPES, RESOURCES, type PurposeKey, type ResourceName, type ResourceRule, type RoleKey } from '../schema/policy';
import { buildBareSchema } from '../server/src/graphql/schema';
import { fieldOfKey, queryFor, readPaths, seededRandom, servedObjects, type Served } from './helpers/attack';
import {
  expectedCustomerIds, expectedField, expectedInteractionIds, expectedOrderIds, mayRead, PERSONAL_TYPE_NAMES, personalFields,
  prepareSubject, ROLE_PURPOSES_AND_NONE, storedRow, who, type PersonalType, type StoredRow,
} from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

const SEED = Number(process.env.ATTACK_SEED ?? 20261206);
const ALL = process.env.ATTACK_QUERIES === 'all';
const PER_PAIR = ALL ? Infinity : Number(process.env.ATTACK_QUERIES ?? 6);
const schema = buildBareSchema();
const PATHS = readPaths(schema);
/** Error codes a refused read may carry; anything else (a crash, an unknown code) is a finding. */
const REFUSALS = new Set(['FORBIDDEN', 'FORBIDDEN_PURPOSE', 'BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']);

let s: TestServer;
let strings: string[];
const idsOf: Record<string, number[]> = {};
const totals = { queries: 0, objects: 0, personal: 0, clear: 0, refused: 0, counts: 0, stricter: 0 };

beforeAll(async () => {
  s = await startTestServer();
  await prepareSubject(s.sql);
  const { rows } = await s.sql.query(`select substr(name, 1, 1) a, substr(name_kana, 1, 2) b, right(phone, 4) c, split_part(email, '@', 2) d,
      left(postal_code, 3) e from customer order by id limit 8`);
  strings = [...new Set(rows.flatMap((r) => Object.values(r) as string[]).filter(Boolean)), 'zz-none', '%', '_'];
  for (const [type, rule] of Object.entries(RESOURCES as Record<string, ResourceRule>)) {
    if (!rule.table || rule.link === 'register') continue;
    const table = `"${rule.table}"`;
    idsOf[type] = (await s.sql.query(`select id from ${table} order by id`)).rows.map((r) => r.id);
  }
  console.log(`attack seed ${SEED}: ${PATHS.length} read paths, ${ALL ? 'all' : PER_PAIR} per role × purpose`);
}, 120_000);
afterAll(async () => {
  console.log(`attack: ${JSON.stringify(totals)}`);
  await s?.stop();
});

const byIdPool = (type: string) => idsOf[type] ?? [1, 2, 3, 5, 8, 13];
const resourceOf = (type: string): ResourceName | null => (type === 'ShipTo' ? 'Order' : type in RESOURCES ? (type as ResourceName) : null);
const seedOf = (role: RoleKey, purpose: PurposeKey | null) => [...`${role}:${purpose}`].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), SEED);

/** What one role × purpose may see, from the oracles in helpers/policy.ts (written independently of the server). */
async function scopeOf(role: RoleKey, purpose: PurposeKey | null) {
  const [customers, orders, interactions] = await Promise.all([
    expectedCustomerIds(s.sql, role, purpose), expectedOrderIds(s.sql, role, purpose), expectedInteractionIds(s.sql, role, purpose)]);
  return { Customer: new Set(customers), Order: new Set(orders), Interaction: new Set(interactions) } as Record<string, Set<number>>;
}

/** The declared link of a type's rows to a customer (schema/policy/resources.ts), or null. */
function linkOf(type: string): { table: string; link: 'customer' | 'order'; kept: boolean } | null {
  const rule = (RESOURCES as Record<string, ResourceRule>)[type];
  if (!rule?.table || (rule.link !== 'customer' && rule.link !== 'order')) return null;
  return { table: rule.table, link: rule.link, kept: !!rule.keptAfterErasure };
}

/** The customer a served object is about (null: none, as a privacy request from a non-customer). */
async function customerOf(o: Served): Promise<number | null> {
  if (o.type === 'Customer') return Number(o.value.id);
  if (o.type === 'ShipTo') return (await s.sql.query('select customer_id from "order" where id = $1', [o.parent?.value.id])).rows[0]?.customer_id ?? null;
  const l = linkOf(o.type);
  if (!l) throw new Error(`no customer link declared for ${o.type}`);
  const q = l.link === 'customer' ? `select customer_id from "${l.table}" where id = $1`
    : `select o.customer_id from "${l.table}" x join "order" o on o.id = x.order_id where x.id = $1`;
  return (await s.sql.query(q, [o.value.id])).rows[0]?.customer_id ?? null;
}

const erased = async (customer: number) => (await s.sql.query(`select status = 'ERASED' as e from customer where id = $1`, [customer])).rows[0]?.e === true;

async function attack(role: RoleKey, purpose: PurposeKey | null): Promise<string[]> {
  const problems: string[] = [];
  const rnd = seededRandom(seedOf(role, purpose));
  const client = await s.asRole(role, purpose);
  const headers = (rid: string): Record<string, string> => ({ authorization: `Bearer ${client.token}`, ...(purpose ? { 'x-purpose': purpose } : {}), 'x-request-id': rid });
  const scope = await scopeOf(role, purpose);
  const rows = new Map<string, Promise<StoredRow>>();
  const stored = (type: PersonalType, id: number) => {
    const key = `${type}:${id}`;
    if (!rows.has(key)) rows.set(key, storedRow(s.sql, type, id));
    return rows.get(key)!;
  };
  const paths = ALL ? PATHS : rnd.sample(PATHS, PER_PAIR);
  for (const path of paths) {
    const { query, filter } = queryFor(schema, path, { strings, ids: byIdPool('Customer').slice(0, 40) }, rnd, byIdPool);
    const rid = `attack-${randomUUID()}`;
    const r = await s.gql(query, undefined, headers(rid));
    totals.queries++;
    const where = `${query.split('\n')[0].slice(0, 300)}`;
    for (const e of r.errors ?? []) {
      totals.refused++;
      if (!REFUSALS.has(e.extensions?.code)) problems.push(`${where}: error ${e.extensions?.code} ${e.message}`);
    }
    if (r.status >= 500) problems.push(`${where}: HTTP ${r.status}`);
    const clearServed: string[] = [];
    for (const o of servedObjects(r.data?.r)) {
      totals.objects++;
      const resource = resourceOf(o.type);
      if (resource && !mayRead(resource, role, purpose)) problems.push(`${where} ${o.path}: a ${o.type} served, ${role} may not read ${resource}`);
      const rowType = o.type === 'ShipTo' ? 'Order' : o.type;
      const rowId = Number(o.type === 'ShipTo' ? o.parent?.value.id : o.value.id);
      if (scope[rowType] && !scope[rowType].has(rowId)) problems.push(`${where} ${o.path}: ${rowType} ${rowId} is outside the row scope`);
      const link = linkOf(o.type);
      // Types with an oracle of their own (customers, orders, interactions) were checked against it just above.
      if (link?.link === 'order' && o.value.id != null && mayRead('Order', role, purpose)) {
        // A row hanging from an order (an item, a collection case) is in scope exactly when its order is.
        const order = (await s.sql.query(`select order_id from "${link.table}" where id = $1`, [o.value.id])).rows[0]?.order_id;
        if (!scope.Order.has(order)) problems.push(`${where} ${o.path}: ${o.type} ${rowId} of order ${order}, outside the row scope`);
      } else if (link && !scope[rowType] && o.value.id != null) {
        const customer = await customerOf(o);
        if (customer !== null && !scope.Customer.has(customer) && !(link.kept && (await erased(customer)))) problems.push(`${where} ${o.path}: ${o.type} ${rowId} of customer ${customer}, outside the row scope`);
      }
      if (!(o.type in PERSONAL_TYPES)) continue;
      if (!PERSONAL_TYPE_NAMES.includes(o.type as PersonalType)) { problems.push(`${o.type}: a personal type the oracle cannot check`); continue; }
      totals.personal++;
      const fields = new Map(personalFields(o.type as PersonalType).map((f) => [f.field, f]));
      const row = await stored(o.type as PersonalType, rowId);
      const masked: string[] | undefined = o.value.maskedFields;
      for (const [key, got] of Object.entries(o.value)) {
        const f = fields.get(fieldOfKey(key));
        if (!f) continue;
        const e = expectedField(role, purpose, f, row);
        // Null is never clearer than the policy (the free-text masking budget serves null past its limit).
        if (got == null && e.value != null) totals.stricter++;
        else if (JSON.stringify(got ?? null) !== JSON.stringify(e.value)) problems.push(`${where} ${o.path}.${key} (${e.access}): got ${JSON.stringify(got)}, want ${JSON.stringify(e.value)}`);
        if (masked && masked.includes(f.field) !== e.listedAsMasked && !(got == null && e.value != null)) problems.push(`${where} ${o.path}: maskedFields ${e.listedAsMasked ? 'lacks' : 'lists'} ${f.field}`);
        if (e.access === 'CLEAR' && got != null) {
          const customer = await customerOf(o);
          if (customer !== null) clearServed.push(`${customer}:${o.type}.${f.field}`);
        }
      }
    }
    if (clearServed.length) {
      totals.clear += clearServed.length;
      const { rows: entries } = await s.sql.query(`select customer_id, clear_fields from trail_entry where request_id = $1`, [rid]);
      const recorded = new Set(entries.flatMap((e) => (e.clear_fields as string[]).map((f) => `${e.customer_id}:${f}`)));
      for (const c of new Set(clearServed)) if (!recorded.has(c)) problems.push(`${where}: clear ${c} served without its trail entry`);
    }
    const meta = `_${path.root}Meta`;
    if (!path.byId && !path.steps.length && schema.getQueryType()!.getFields()[meta]) {
      const f = filter ? `(filter: ${filter})` : '';
      const c = await s.gql(`{ l: ${path.root}${f ? `(filter: ${filter}, perPage: 1000)` : '(perPage: 1000)'} { id } m: ${meta}${f} { count } }`, undefined, headers(`${rid}-count`));
      if (!c.errors && c.data.m.count <= 1000 && c.data.l.length !== c.data.m.count) {
        problems.push(`${path.root}${f}: count ${c.data.m.count} ≠ ${c.data.l.length} rows listed`);
      }
      totals.counts++;
    }
  }
  return problems;
}

describe(`generated read paths against the policy (seed ${SEED})`, () => {
  test.each(ROLE_PURPOSES_AND_NONE)('%s under %s', async (role, purpose) => {
    const problems = await attack(role, purpose);
    expect(problems, `${who(role, purpose)}; replay with ATTACK_SEED=${SEED}`).toEqual([]);
  }, 300_000);

  test('the attack reaches personal data: clear and masked values of every personal type were checked', () => {
    expect(totals.personal).toBeGreaterThan(0);
    expect(totals.clear).toBeGreaterThan(0);
    expect(totals.queries).toBeGreaterThanOrEqual(ROLE_PURPOSES_AND_NONE.length * Math.min(PER_PAIR, PATHS.length));
  });
});
