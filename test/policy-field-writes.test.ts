// Field-level write rules (RESOURCES' fieldWrites): a field such as an order's payment status is changed
// only by the roles the policy names, whoever else may update the record. Walks every rule × every role
// that may update its resource, under each purpose the role holds.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES, ROLES, type PurposeKey, type ResourceRule, type RoleKey } from '../schema/policy';
import { buildBareSchema } from '../server/src/graphql/schema';
import { errorCode, errorField, prepareSubject, type Subject } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let subject: Subject;
beforeAll(async () => {
  s = await startTestServer();
  subject = await prepareSubject(s.sql);
});
afterAll(async () => { await s?.stop(); });

/** How to find the record and read the stored value of each ruled field (a new rule needs a line here). */
const STORED: Record<string, { table: string; column: string; id: () => number }> = {
  'Order.paymentStatus': { table: '"order"', column: 'payment_status::text', id: () => subject.orderId },
};
const SCHEMA = buildBareSchema();
const RULES = Object.entries(RESOURCES as Record<string, ResourceRule>).flatMap(([resource, rule]) =>
  Object.entries(rule.fieldWrites ?? {}).map(([field, roles]) => ({ resource, field, roles, updaters: rule.update })));

const stored = async (key: string) => {
  const { table, column, id } = STORED[key];
  return (await s.sql.query(`select ${column} as v, updated_at from ${table} where id = $1`, [id()])).rows[0];
};

/** The values of the field's GraphQL argument on the update mutation (an enum here). */
function valuesOf(resource: string, field: string): string[] {
  const arg = SCHEMA.getMutationType()!.getFields()[`update${resource}`].args.find((a) => a.name === field);
  const type = arg && 'getValues' in arg.type ? arg.type : null;
  return type ? (type as any).getValues().map((v: { name: string }) => v.name) : [];
}

describe('field-level write rules', () => {
  test('every rule names a field of its update mutation, roles that may update at all, and has a probe here', () => {
    expect(RULES.length).toBeGreaterThan(0);
    for (const r of RULES) {
      expect(STORED[`${r.resource}.${r.field}`], `${r.resource}.${r.field}`).toBeDefined();
      expect(valuesOf(r.resource, r.field).length, `${r.resource}.${r.field}`).toBeGreaterThan(1);
      for (const role of r.roles) expect(r.updaters, `${role} in ${r.resource}.update`).toContain(role);
    }
  });

  const cases = RULES.flatMap((r) => r.updaters.flatMap((role) =>
    (ROLES[role].purposes as readonly PurposeKey[]).map((purpose) => [`${r.resource}.${r.field}`, role, purpose, r] as const)));
  test.each(cases)('%s as %s under %s: changed exactly when the rule names the role; the value shown sent back is no change', async (key, role, purpose, rule) => {
    const client = await s.asRole(role as RoleKey, purpose);
    const mutation = (v: string) => `mutation { update${rule.resource}(id: ${STORED[key].id()}, ${rule.field}: ${v}) { id } }`;
    const before = await stored(key);
    const fresh = valuesOf(rule.resource, rule.field).find((v) => v !== before.v)!;
    const r = await client(mutation(fresh));
    const after = await stored(key);
    if (rule.roles.includes(role as RoleKey)) {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(after.v).toBe(fresh);
      return;
    }
    expect(errorCode(r)).toBe('FORBIDDEN');
    expect(errorField(r)).toBe(rule.field);
    expect(after).toEqual(before);
    // react-admin sends the whole record back: the current value is no change, and no refusal.
    const same = await client(mutation(before.v));
    expect(same.errors).toBeUndefined();
    expect(await stored(key)).toEqual(before);
  });
});
