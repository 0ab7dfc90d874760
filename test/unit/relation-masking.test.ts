// A relation the request may not follow answers null without being read and is listed in maskedFields; when the
// policy cannot be evaluated at all (unknown role, a failing lookup) the same happens: fail closed, never the records.
import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { describe, expect, test } from 'vitest';
import { mayPerform, PERSONAL_TYPES, type PurposeKey, type ResourceName, type RoleKey } from '../../schema/policy';
import { buildSchema } from '../../server/src/graphql/schema';
import { NotProjected, project } from '../../server/src/policy/field-masking';
import { type AppDeps, RequestContext } from '../../server/src/request-context';
import type { Actor } from '../../server/src/auth/actor';
import type { Loaders } from '../../server/src/graphql/loaders';
import { AccessRecorder } from '../../server/src/policy/access-recorder';
import { declaredPolicy } from '../../server/src/policy/decisions';

const schema = buildSchema();
const customer = (schema.getType('Customer') as GraphQLObjectType).getFields();
const info = {} as GraphQLResolveInfo;
const parent = { id: 1, name: '山田 太郎', nameKana: 'ヤマダ タロウ', phone: '090-1234-5678', sensitiveFields: [] };
/** Loaders that fail the test when anything is read through them. */
const readsNothing = new Proxy({}, { get: (_t, name) => { throw new Error(`a withheld relation read ${String(name)}`); } });

const RELATIONS: Record<string, ResourceName> = {
  referrer: 'Customer', familyMembers: 'Customer', orders: 'Order', interactions: 'Interaction', consents: 'Consent', accessHistory: 'AccessEvent',
};
const personal = Object.entries(PERSONAL_TYPES.Customer).filter(([, c]) => c).map(([f]) => f);

function ctxOf(actor: object | null, purpose: PurposeKey | null): RequestContext {
  const asActor = actor as Actor | null; // a stand-in: only its role is read
  return new RequestContext({
    deps: {} as AppDeps, actor: asActor, badCredentials: false, loginInProgress: null, declaredPurpose: purpose, purpose, requestId: 'test',
    clientAddress: '127.0.0.1', policyVersion: 1, policy: declaredPolicy(asActor, purpose), access: new AccessRecorder(),
    accessTrail: { appendAccess: async () => undefined }, makeLoaders: () => readsNothing as Loaders,
  });
}

/** The parent as every path to a Customer serves it: projected for the request, every field selected. */
const resolve = (field: string, ctx: RequestContext) =>
  customer[field].resolve!(project(schema, ctx, 'Customer', parent, Object.keys(customer)), {}, ctx, info);

describe('Customer relations', () => {
  test('as SUPPORT under INQUIRY_RESPONSE: the trail answers null, unread, and is listed; the orders are not listed', () => {
    const ctx = ctxOf({ role: 'SUPPORT' }, 'INQUIRY_RESPONSE');
    expect(resolve('accessHistory', ctx)).toBeNull();
    const masked = resolve('maskedFields', ctx) as string[];
    expect(masked).toContain('accessHistory');
    expect(masked).not.toContain('orders');
  });

  test.each([
    ['an unknown role', { role: 'INTRUDER' }],
    ['no actor', null],
    ['a role that cannot be read', { get role(): RoleKey { throw new Error('the session store failed'); } }],
  ])('with %s: every relation that may be withheld is null and listed, with every personal field', (_what, actor) => {
    const ctx = ctxOf(actor, 'PRIVACY_ADMINISTRATION');
    const masked = resolve('maskedFields', ctx) as string[];
    for (const [field, target] of Object.entries(RELATIONS)) {
      // Relations no role × purpose is ever refused (Customer → Customer) are not wrapped: they are never withheld.
      const everWithheld = !mayPerform(target, 'read', 'SUPPORT', null) || !mayPerform(target, 'read', 'ADMIN', null);
      if (!everWithheld) continue;
      expect(resolve(field, ctx), field).toBeNull();
      expect(masked, field).toContain(field);
    }
    for (const field of personal) {
      expect(resolve(field, ctx), field).toBeNull();
      expect(masked, field).toContain(field);
    }
  });
});

describe('a Customer that was not projected', () => {
  test('every personal field and maskedFields fail closed: an error, never a value', () => {
    const ctx = ctxOf({ role: 'PRIVACY_MANAGER' }, 'PRIVACY_ADMINISTRATION');
    for (const field of [...personal, 'maskedFields']) {
      expect(() => customer[field].resolve!(parent, {}, ctx, info), field).toThrow(NotProjected);
    }
  });
});
