// Whatever path, alias or fragment reaches a personal field, it answers exactly what the direct query
// (Customer(id), Order(id).shipTo, Interaction(id)) answers for the same role × purpose, and an object
// the direct query does not return is not reachable through a relation either.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PurposeKey, RoleKey } from '../schema/policy';
import {
  errorCode, grantConsents, personalFields, prepareSubject, ROLE_PURPOSES_AND_NONE, selectionOf, who, type PersonalType as AnyPersonalType, type Subject,
} from './helpers/policy';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let subject: Subject;
/** A (the subject), its referrer R (no marketing consent), family F (consenting) and F2 (use stopped). */
let A: number, R: number, F: number, F2: number;
let ordersOfA: number[];
let interactionsOfA: number[];

beforeAll(async () => {
  s = await startTestServer();
  subject = await prepareSubject(s.sql);
  A = subject.customerId;
  const pick = async (where: string) => (await s.sql.query(`select id from customer c where c.id <> $1 and c.status = 'ACTIVE'
    and c.birth_date < now() - interval '25 years' and ${where} order by id limit 1`, [A])).rows[0].id as number;
  R = await pick(`not exists (select 1 from consent k where k.customer_id = c.id and k.purpose = 'PROMOTION' and k.withdrawn_at is null)`);
  F = await pick(`c.id <> ${R}`);
  F2 = await pick(`c.id not in (${R}, ${F})`);
  await grantConsents(s.sql, F);
  await grantConsents(s.sql, F2);
  await s.sql.query(`update customer set household_id = 'HPATHS01' where id = any($1::int[])`, [[A, F, F2]]);
  await s.sql.query(`update customer set referrer_id = $2, source = 'REFERRAL' where id = $1`, [A, R]);
  await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [F2]);
  ordersOfA = (await s.sql.query('select id from "order" where customer_id = $1 order by id', [A])).rows.map((r) => r.id);
  interactionsOfA = (await s.sql.query('select id from interaction where customer_id = $1 order by id', [A])).rows.map((r) => r.id);
});
afterAll(async () => { await s?.stop(); });

/** The personal types reached through customers' relations. */
type PersonalType = Extract<AnyPersonalType, 'Customer' | 'ShipTo' | 'Interaction'>;

const SEL: Record<PersonalType, string> = {
  Customer: `id ${selectionOf('Customer')}`, ShipTo: selectionOf('ShipTo'), Interaction: `id ${selectionOf('Interaction')}`,
};

/** The same fields again under aliases and in an inline fragment (a named fragment is spread separately: the server caps aliases at 60 a query). */
const aliased = (t: PersonalType) => {
  const fs = [...personalFields(t).map((f) => f.field), 'maskedFields'];
  return `${fs.map((f) => `al_${f}: ${f}`).join(' ')} ... on ${t} { ${fs.map((f) => `in_${f}: ${f}`).join(' ')} }`;
};
/** The named fragments a query spreads (GraphQL refuses unused ones). */
const fragmentsOf = (q: string) => (['Customer', 'ShipTo', 'Interaction'] as PersonalType[]).filter((t) => q.includes(`...Named${t}`)).map((t) =>
  `fragment Named${t} on ${t} { ${[...personalFields(t).map((f) => f.field), 'maskedFields'].map((f) => `nf_${f}: ${f}`).join(' ')} }`).join('\n');

type Direct = { code?: string; value?: any };

/** Direct answers for one role × purpose, fetched once per object. */
function directAnswers(client: GqlClient) {
  const cache = new Map<string, Promise<Direct>>();
  const queries: Record<PersonalType, (id: number) => string> = {
    Customer: (id) => `{ x: Customer(id: ${id}) { ${SEL.Customer} } }`,
    ShipTo: (id) => `{ o: Order(id: ${id}) { id shipTo { ${SEL.ShipTo} } } }`,
    Interaction: (id) => `{ x: Interaction(id: ${id}) { ${SEL.Interaction} } }`,
  };
  return (type: PersonalType, id: number): Promise<Direct> => {
    const key = `${type}:${id}`;
    if (!cache.has(key)) {
      cache.set(key, client(queries[type](id)).then((r) => {
        if (r.errors) return { code: errorCode(r) };
        return { value: type === 'ShipTo' ? r.data.o.shipTo : r.data.x };
      }));
    }
    return cache.get(key)!;
  };
}

/** Collects every difference between what a path answered and what the direct query answered. */
class Comparison {
  readonly problems: string[] = [];
  checked = 0;
  constructor(readonly direct: ReturnType<typeof directAnswers>) {}

  /** `got` (reached through `path`) must equal the direct answer field by field, aliases and fragments included. */
  async same(path: string, type: PersonalType, id: number, got: any): Promise<void> {
    const d = await this.direct(type, id);
    if (d.code) {
      if (got != null) this.problems.push(`${path}: reachable although ${type} ${id} answers ${d.code} directly`);
      return;
    }
    if (got == null) { this.problems.push(`${path}: null although ${type} ${id} answers directly`); return; }
    this.checked++;
    for (const [k, v] of Object.entries(d.value)) {
      for (const alias of [k, `al_${k}`, `in_${k}`, `nf_${k}`]) {
        if (!(alias in got) && alias !== k) continue;
        if (JSON.stringify(got[alias]) !== JSON.stringify(v)) this.problems.push(`${path}.${alias}: ${JSON.stringify(got[alias])} ≠ direct ${JSON.stringify(v)}`);
      }
    }
  }

  /** A nested list holds exactly the candidates the direct query returns, each the same as directly. */
  async sameList(path: string, type: PersonalType, candidates: number[], got: any[] | null | undefined, idOf = (x: any) => Number(x.id), pick = (x: any) => x) {
    const visible: number[] = [];
    for (const id of candidates) if (!(await this.direct(type, id)).code) visible.push(id);
    visible.sort((a, b) => a - b);
    const gotIds = (got ?? []).map(idOf).sort((a, b) => a - b);
    if (JSON.stringify(gotIds) !== JSON.stringify(visible)) this.problems.push(`${path}: ids ${JSON.stringify(gotIds)} ≠ directly visible ${JSON.stringify(visible)}`);
    for (const x of got ?? []) await this.same(`${path}[${idOf(x)}]`, type, idOf(x), pick(x));
  }
}

async function run(role: RoleKey, purpose: PurposeKey | null) {
  const client = await s.asRole(role, purpose);
  const cmp = new Comparison(directAnswers(client));
  const query = async (q: string) => client(`${q}\n${fragmentsOf(q)}`);
  /** The root's error, or null: a root error must be the direct one, and then there is nothing to compare. */
  const rootError = async (r: any, type: PersonalType, id: number, root: string) => {
    const d = await cmp.direct(type, id);
    if (r.errors) {
      if (!d.code) cmp.problems.push(`${root}: ${errorCode(r)} although ${type} ${id} answers directly`);
      else if (errorCode(r) !== d.code) cmp.problems.push(`${root}: ${errorCode(r)} ≠ direct ${d.code}`);
      return true;
    }
    return false;
  };

  // Customer(id: A) with aliases, fragments, referrer, family (two levels), orders and interactions.
  const r1 = await query(`{ c: Customer(id: ${A}) { ${SEL.Customer} ${aliased('Customer')}
      referrer { ${SEL.Customer} ...NamedCustomer referrer { ${SEL.Customer} } }
      familyMembers { ${SEL.Customer} familyMembers { ${SEL.Customer} } }
      orders { id shipTo { ${SEL.ShipTo} } customer { ${SEL.Customer} } }
      interactions { ${SEL.Interaction} customer { ${SEL.Customer} } } } }`);
  // The same lists again, their members under aliases and inline fragments.
  // One list per request: all three at once pass the server's alias limit (QUERY_LIMITS.maxAliases).
  const r1b = await query(`{ c: Customer(id: ${A}) { id familyMembers { ${SEL.Customer} ${aliased('Customer')} } } }`);
  if (!(await rootError(r1b, 'Customer', A, 'Customer(A) aliased family'))) {
    await cmp.sameList('Customer(A).familyMembers (aliased)', 'Customer', [F, F2], r1b.data.c.familyMembers);
  }
  const r1c = await query(`{ c: Customer(id: ${A}) { id orders { id shipTo { ${SEL.ShipTo} ${aliased('ShipTo')} } } } }`);
  if (!(await rootError(r1c, 'Customer', A, 'Customer(A) aliased orders'))) {
    await cmp.sameList('Customer(A).orders (aliased)', 'ShipTo', ordersOfA, r1c.data.c.orders, undefined, (o) => o.shipTo);
  }
  const r1d = await query(`{ c: Customer(id: ${A}) { id interactions { ${SEL.Interaction} ${aliased('Interaction')} } } }`);
  if (!(await rootError(r1d, 'Customer', A, 'Customer(A) aliased interactions'))) {
    await cmp.sameList('Customer(A).interactions (aliased)', 'Interaction', interactionsOfA, r1d.data.c.interactions);
  }
  if (!(await rootError(r1, 'Customer', A, 'Customer(A)'))) {
    const c = r1.data.c;
    await cmp.same('Customer(A)', 'Customer', A, c);
    await cmp.sameList('Customer(A).referrer', 'Customer', [R], c.referrer ? [c.referrer] : []);
    await cmp.sameList('Customer(A).familyMembers', 'Customer', [F, F2], c.familyMembers);
    for (const m of c.familyMembers) {
      await cmp.sameList(`Customer(A).familyMembers[${m.id}].familyMembers`, 'Customer', [A, F, F2].filter((x) => x !== Number(m.id)), m.familyMembers);
    }
    await cmp.sameList('Customer(A).orders', 'ShipTo', ordersOfA, c.orders, undefined, (o) => o.shipTo);
    // A relation to a resource the role may not read answers null (listed in maskedFields): nothing to walk.
    for (const o of c.orders ?? []) await cmp.same(`Customer(A).orders[${o.id}].customer`, 'Customer', A, o.customer);
    await cmp.sameList('Customer(A).interactions', 'Interaction', interactionsOfA, c.interactions);
    for (const i of c.interactions ?? []) await cmp.same(`Customer(A).interactions[${i.id}].customer`, 'Customer', A, i.customer);
  }

  // Order(id).customer.email and the ship-to block under aliases and fragments.
  const r2 = await query(`{ o: Order(id: ${subject.orderId}) { id shipTo { ${SEL.ShipTo} ${aliased('ShipTo')} ...NamedShipTo }
      customer { ${SEL.Customer} ${aliased('Customer')} referrer { ${SEL.Customer} } familyMembers { ${SEL.Customer} } } } }`);
  if (!(await rootError(r2, 'ShipTo', subject.orderId, 'Order(O)'))) {
    const o = r2.data.o;
    await cmp.same('Order(O).shipTo', 'ShipTo', subject.orderId, o.shipTo);
    await cmp.sameList('Order(O).customer', 'Customer', [A], o.customer ? [o.customer] : []);
    if (o.customer) {
      await cmp.sameList('Order(O).customer.referrer', 'Customer', [R], o.customer.referrer ? [o.customer.referrer] : []);
      await cmp.sameList('Order(O).customer.familyMembers', 'Customer', [F, F2], o.customer.familyMembers);
    }
  }

  // Interaction(id).customer.phone, and the interaction's own content under aliases.
  const r3 = await query(`{ i: Interaction(id: ${subject.interactionId}) { ${SEL.Interaction} ${aliased('Interaction')} ...NamedInteraction
      customer { ${SEL.Customer} ${aliased('Customer')} } } }`);
  if (!(await rootError(r3, 'Interaction', subject.interactionId, 'Interaction(I)'))) {
    await cmp.same('Interaction(I)', 'Interaction', subject.interactionId, r3.data.i);
    await cmp.sameList('Interaction(I).customer', 'Customer', [A], r3.data.i.customer ? [r3.data.i.customer] : []);
  }

  // The lists: allCustomers, allOrders, allInteractions reach the same objects with the same answers.
  const r4 = await query(`{ l: allCustomers(filter: { ids: [${[A, R, F, F2]}] }, perPage: 10) { ${SEL.Customer} ...NamedCustomer } }`);
  if (!(await rootError(r4, 'Customer', A, 'allCustomers'))) await cmp.sameList('allCustomers', 'Customer', [A, R, F, F2], r4.data.l);
  const r5 = await query(`{ l: allOrders(filter: { customerId: ${A} }, perPage: 50) { id shipTo { ${SEL.ShipTo} ...NamedShipTo } customer { ${SEL.Customer} } } }`);
  if (!(await rootError(r5, 'ShipTo', subject.orderId, 'allOrders'))) {
    await cmp.sameList('allOrders', 'ShipTo', ordersOfA, r5.data.l, undefined, (o) => o.shipTo);
    for (const o of r5.data.l) await cmp.sameList(`allOrders[${o.id}].customer`, 'Customer', [A], o.customer ? [o.customer] : []);
  }
  const r6 = await query(`{ l: allInteractions(filter: { customerId: ${A} }, perPage: 50) { ${SEL.Interaction} ...NamedInteraction customer { ${SEL.Customer} } } }`);
  if (!(await rootError(r6, 'Interaction', subject.interactionId, 'allInteractions'))) {
    await cmp.sameList('allInteractions', 'Interaction', interactionsOfA, r6.data.l);
  }
  return cmp;
}

describe('the fixture', () => {
  test('links the subject to a referrer and to a household of two, one of them stopped', async () => {
    const { rows } = await s.sql.query(`select id, referrer_id, household_id, status::text from customer where id = any($1::int[]) order by id`, [[A, F, F2]]);
    expect(rows.every((r) => r.household_id === 'HPATHS01')).toBe(true);
    expect(rows.find((r) => r.id === A).referrer_id).toBe(R);
    expect(rows.find((r) => r.id === F2).status).toBe('USE_STOPPED');
    expect(ordersOfA.length).toBeGreaterThan(0);
    expect(interactionsOfA.length).toBeGreaterThan(0);
  });
});

describe('every role × purpose (and none)', () => {
  for (const [role, purpose] of ROLE_PURPOSES_AND_NONE) {
    test(`${who(role, purpose)} gets through every relation, alias and fragment exactly the direct answer`, async () => {
      const cmp = await run(role, purpose);
      expect(cmp.problems).toEqual([]);
    });
  }
});

describe('the comparison is not vacuous', () => {
  test('as SUPPORT under AFTER_SALES every relation of the subject is reached and compared', async () => {
    const cmp = await run('SUPPORT', 'AFTER_SALES');
    expect(cmp.problems).toEqual([]);
    // A, R, F, F2 (two levels of family), every order and interaction of A, through several paths each.
    expect(cmp.checked).toBeGreaterThan(4 + 2 * (ordersOfA.length + interactionsOfA.length));
  });

  test('as MARKETING under PROMOTION the referrer without consent and the stopped family member are unreachable', async () => {
    const client = await s.asRole('MARKETING', 'PROMOTION');
    const r = await client(`{ Customer(id: ${A}) { referrer { id } familyMembers { id } orders { id } interactions { id } maskedFields } }`);
    expect(r.errors).toBeUndefined();
    // Orders and interactions are resources MARKETING may not read: null, and said so in maskedFields.
    const { maskedFields, ...relations } = r.data.Customer;
    expect(relations).toEqual({ referrer: null, familyMembers: [{ id: String(F) }], orders: null, interactions: null });
    expect(maskedFields).toEqual(expect.arrayContaining(['orders', 'interactions']));
  });

  test('as CARRIER under SHIPPING the order answers its ship-to and no customer', async () => {
    const client = await s.asRole('CARRIER', 'SHIPPING');
    const r = await client(`{ Order(id: ${subject.orderId}) { shipTo { name } customer { id name } } }`);
    expect(r.errors).toBeUndefined();
    const { rows } = await s.sql.query('select ship_to_name from "order" where id = $1', [subject.orderId]);
    expect(r.data.Order).toEqual({ shipTo: { name: rows[0].ship_to_name }, customer: null });
  });
});
