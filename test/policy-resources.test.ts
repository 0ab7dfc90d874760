// Every GraphQL type that points at a customer declares how (schema/policy/resources.ts), so its rows can be
// scoped: found by walking the built schema and the tables of its entities, not from a hand-written list.
// And the one row condition (server/src/policy/row-scope.ts) fails closed.
import { buildSchema, getNamedType, type GraphQLSchema, isIntrospectionType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES, type ResourceName, type ResourceRule, SEED_POLICY } from '../schema/policy';
import type { RequestContext } from '../server/src/context';
import { buildBareSchema } from '../server/src/graphql/schema';
import { rowConditions } from '../server/src/policy/row-scope';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
/** Columns of every table and view of the database. */
let columns: Map<string, Set<string>>;

beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  const { rows } = await s.sql.query(`select table_name, column_name from information_schema.columns where table_schema = 'public'`);
  columns = new Map();
  for (const r of rows) {
    if (!columns.has(r.table_name)) columns.set(r.table_name, new Set());
    columns.get(r.table_name)!.add(r.column_name);
  }
});
afterAll(async () => { await s?.stop(); });

const LINK_FIELDS = /^(customerIds?|orderIds?)$/;
const LINK_TYPES = ['Customer', 'Order'];
const LINK_COLUMNS = ['customer_id', 'order_id'];

/** The table of the entity behind a GraphQL type of the same name, if any. */
function tableOf(type: string): string | null {
  const meta = s.orm.getMetadata().getAll();
  return Object.values(meta).find((m) => m.className === type && !m.embeddable)?.tableName ?? null;
}

/**
 * The object types that point at a customer: a field `customerId`/`orderId` (or their lists), a field of type
 * Customer or Order, or an entity table with a `customer_id`/`order_id` column. Each, with why.
 */
function customerLinked(schema: GraphQLSchema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type) || ['Query', 'Mutation'].includes(type.name)) continue;
    const why: string[] = [];
    for (const f of Object.values(type.getFields())) {
      if (LINK_FIELDS.test(f.name)) why.push(`field ${f.name}`);
      else if (LINK_TYPES.includes(getNamedType(f.type).name) && type.name !== getNamedType(f.type).name) why.push(`field ${f.name}: ${getNamedType(f.type).name}`);
    }
    const table = tableOf(type.name);
    for (const col of LINK_COLUMNS) if (table && columns.get(table)?.has(col)) why.push(`column ${table}.${col}`);
    if (type.name === 'Customer') why.push('the customer itself');
    if (why.length) out.set(type.name, why);
  }
  return out;
}

/** What is wrong with the declarations of the linked types (an empty list is a pass). */
function undeclared(linked: Map<string, string[]>): string[] {
  const rules = RESOURCES as Record<string, ResourceRule>;
  return [...linked].flatMap(([type, why]) => {
    const rule = rules[type];
    if (!rule) return [`${type} points at a customer (${why.join(', ')}) but RESOURCES does not declare it`];
    if (rule.link === 'none') return [`${type} points at a customer (${why.join(', ')}) but declares link 'none'`];
    return [];
  });
}

describe('every type that points at a customer declares its link', () => {
  test('the walk finds the types the issue names, and more', () => {
    const linked = customerLinked(buildBareSchema());
    for (const t of ['Customer', 'Order', 'Interaction', 'Consent', 'PrivacyRequest', 'ProvisionRecord', 'CollectionCase', 'OrderItem']) {
      expect(linked.has(t), t).toBe(true);
    }
  });

  test('each is declared in RESOURCES with a link other than none', () => {
    expect(undeclared(customerLinked(buildBareSchema()))).toEqual([]);
  });

  test('a type with a customerId that nobody declared fails the walk', () => {
    const sneaky = buildSchema('type Query { sneaky: Sneaky } type Sneaky { id: ID customerId: ID } type Other { id: ID }');
    expect(undeclared(customerLinked(sneaky))).toEqual([`Sneaky points at a customer (field customerId) but RESOURCES does not declare it`]);
  });

  test('each declared link matches its table: self is the customer table, customer has customer_id, order has order_id', () => {
    const wrong = (Object.entries(RESOURCES) as [ResourceName, ResourceRule][]).flatMap(([name, rule]) => {
      const cols = rule.table ? columns.get(rule.table) : undefined;
      if (rule.table && !cols) return [`${name}: no table ${rule.table}`];
      if (rule.link === 'self' && rule.table !== 'customer') return [`${name}: link self on ${rule.table}`];
      if (rule.link === 'customer' && !cols?.has('customer_id')) return [`${name}: link customer without ${rule.table}.customer_id`];
      if (rule.link === 'order' && !cols?.has('order_id')) return [`${name}: link order without ${rule.table}.order_id`];
      return [];
    });
    expect(wrong).toEqual([]);
  });

  test('every entity whose type is a resource lives in the table the resource declares', () => {
    const wrong = (Object.entries(RESOURCES) as [ResourceName, ResourceRule][])
      .filter(([name]) => tableOf(name)).flatMap(([name, rule]) => (tableOf(name) === rule.table ? [] : [`${name}: ${tableOf(name)} ≠ ${rule.table}`]));
    expect(wrong).toEqual([]);
  });
});

describe('rowConditions fails closed', () => {
  const ctx = (actor: Partial<NonNullable<RequestContext['actor']>> | null, purpose: string | null = null) =>
    // The request's policy version: the seed (its row-scope switches are read from it).
    ({ actor: actor && { contractorId: null, ...actor }, purpose, policy: { rules: SEED_POLICY } }) as unknown as RequestContext;

  test('no actor, or a role that may not read the resource: FORBIDDEN', () => {
    expect(() => rowConditions(ctx(null), 'Consent', 'k')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(() => rowConditions(ctx({ role: 'CARRIER' }), 'Consent', 'k')).toThrow();
    expect(() => rowConditions(ctx({ role: 'NOBODY' as never }), 'Customer', 'c')).toThrow();
  });

  test('an unknown resource: no rows', () => {
    expect(rowConditions(ctx({ role: 'PRIVACY_MANAGER' }), 'Nothing' as ResourceName, 'x').sql).toBe('false');
  });

  test('a contractor account without a contractor: no rows on any resource it reads', () => {
    for (const [role, resource] of [['CARRIER', 'Order'], ['COLLECTION_AGENCY', 'Customer'], ['COLLECTION_AGENCY', 'CollectionCase'], ['MAILING_HOUSE', 'Mailing']] as const) {
      expect(rowConditions(ctx({ role }, role === 'MAILING_HOUSE' ? 'PROMOTION' : null), resource, 'x').sql, `${role} ${resource}`).toBe('false');
    }
  });

  test('a mailing house under a purpose that is no consent purpose: no customers', () => {
    expect(rowConditions(ctx({ role: 'MAILING_HOUSE', contractorId: 3 }, 'SHIPPING'), 'Customer', 'c').sql).toContain('false');
  });
});
