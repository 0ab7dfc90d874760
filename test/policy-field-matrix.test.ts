// Generated from schema/policy: every role × every purpose it may declare × every data category, over
// real HTTP on a seeded database. Expected answers are the stored values with the policy applied.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CATEGORY_KEYS, decideAccess, PERSONAL_TYPES, PURPOSE_KEYS, readScope, ROLE_KEYS, ROLES, RESOURCES, type PurposeKey, type ResourceRule, type RoleKey, SENSITIVE_CATEGORY } from '../schema/policy';
import {
  errorCode, mayRead, personalFields, policyMismatches, prepareSubject, RESOURCE_OF, ROLE_PURPOSES, selectionOf, storedRow,
  who, withheldRelations, type PersonalType, type StoredRow, type Subject,
} from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';
import { applyMask } from '../server/src/policy/masking';

let s: TestServer;
let subject: Subject;
let privacyRequestId: number;
let consentId: number;
const rows = {} as Record<PersonalType, StoredRow>;

beforeAll(async () => {
  s = await startTestServer();
  subject = await prepareSubject(s.sql);
  rows.Customer = await storedRow(s.sql, 'Customer', subject.customerId);
  rows.ShipTo = await storedRow(s.sql, 'ShipTo', subject.orderId);
  rows.Interaction = await storedRow(s.sql, 'Interaction', subject.interactionId);
  // A request made by an agent: the agent's name (contact.name) and contact (contact.address) are personal data.
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const r = await pm(`mutation { createPrivacyRequest(customerId: ${subject.customerId}, kind: DISCLOSURE, requesterKind: AGENT,
    requesterName: "代理 一郎", requesterContact: "東京都港区芝公園4-2-8 代理事務所", authorityDocument: POWER_OF_ATTORNEY) { id } }`);
  if (!r.data) throw new Error(`could not create a privacy request: ${JSON.stringify(r.errors)}`);
  privacyRequestId = Number(r.data.createPrivacyRequest.id);
  rows.PrivacyRequest = await storedRow(s.sql, 'PrivacyRequest', privacyRequestId);
  // A withdrawn consent given with a guardian's: every field of it has a value.
  consentId = (await s.sql.query(`insert into consent (customer_id, purpose, granted_at, withdrawn_at, source, guardian_consent, guardian_consent_at)
    values ($1, 'COOKIES', now() - interval '60 days', now() - interval '5 days', 'WEB', true, now() - interval '60 days') returning id`,
  [subject.customerId])).rows[0].id;
  rows.Consent = await storedRow(s.sql, 'Consent', consentId);
});
afterAll(async () => { await s?.stop(); });

/** One root query per resource, each reaching one personal type (the roots are non-null: one per request). */
const PROBES: Record<PersonalType, { query: (id: number) => string; pick: (data: any) => any; id: () => number }> = {
  Customer: {
    id: () => subject.customerId, pick: (d) => d.Customer,
    query: (id) => `{ Customer(id: ${id}) { id customerNumber status ${selectionOf('Customer')} } }`,
  },
  ShipTo: {
    id: () => subject.orderId, pick: (d) => d.Order.shipTo,
    query: (id) => `{ Order(id: ${id}) { id orderNumber status shipTo { ${selectionOf('ShipTo')} } } }`,
  },
  Interaction: {
    id: () => subject.interactionId, pick: (d) => d.Interaction,
    query: (id) => `{ Interaction(id: ${id}) { id channel kind ${selectionOf('Interaction')} } }`,
  },
  PrivacyRequest: {
    id: () => privacyRequestId, pick: (d) => d.PrivacyRequest,
    query: (id) => `{ PrivacyRequest(id: ${id}) { id kind status ${selectionOf('PrivacyRequest')} } }`,
  },
  Consent: {
    id: () => consentId, pick: (d) => d.Consent,
    query: (id) => `{ Consent(id: ${id}) { id customerId ${selectionOf('Consent')} } }`,
  },
};
const TYPES = Object.keys(PROBES) as PersonalType[];

describe('the fixture', () => {
  test('gives every personal field of the subject a non-null stored value', () => {
    for (const type of TYPES) {
      for (const f of personalFields(type)) expect(rows[type].values[f.field], `${type}.${f.field}`).not.toBeNull();
    }
  });

  test('makes every mask visible: the masked form of each stored value differs from it (but for kept parts)', () => {
    for (const type of TYPES) {
      for (const f of personalFields(type).filter((x) => x.kind !== 'keep')) {
        const masked = applyMask(f.kind, rows[type].values[f.field], { names: rows[type].names });
        expect(masked, `${type}.${f.field}`).not.toEqual(rows[type].values[f.field]);
      }
    }
  });

  test('every personal type of the policy (fields.ts) has a probe here', () => {
    expect(Object.keys(PERSONAL_TYPES).filter((t) => !(t in PROBES))).toEqual([]);
  });

  test('every category is reached by some field of the probed types', () => {
    const reached = new Set(TYPES.flatMap((t) => personalFields(t).map((f) => f.category)));
    // sensitive.care is no field's own category: test/sensitive-data.test.ts reads free text holding it.
    expect([...reached].sort()).toEqual(CATEGORY_KEYS.filter((c) => c !== SENSITIVE_CATEGORY).sort());
  });
});

describe.each(ROLE_PURPOSES)('%s × %s', (role, purpose) => {
  const readable = TYPES.filter((t) => mayRead(RESOURCE_OF[t], role, purpose));
  const refused = TYPES.filter((t) => !mayRead(RESOURCE_OF[t], role, purpose));

  for (const type of readable) {
    test(`${who(role, purpose)} reads ${type} with each field CLEAR, MASKED or HIDDEN as the matrix says`, async () => {
      const client = await s.asRole(role, purpose);
      const r = await client(PROBES[type].query(PROBES[type].id()));
      expect(r.errors).toBeUndefined();
      expect(policyMismatches(role, purpose, type, PROBES[type].pick(r.data), rows[type])).toEqual([]);
    });
  }

  for (const type of refused) {
    test(`${who(role, purpose)} is FORBIDDEN to read ${RESOURCE_OF[type]} (reaching ${type})`, async () => {
      const client = await s.asRole(role, purpose);
      const r = await client(PROBES[type].query(PROBES[type].id()));
      expect(errorCode(r)).toBe('FORBIDDEN');
      expect(r.data ?? null).toBeNull();
    });
  }
});

describe('every role reads the probed resources exactly as RESOURCES allows', () => {
  test('each role × declarable purpose × resource is probed above, readable or FORBIDDEN', () => {
    for (const [role, purpose] of ROLE_PURPOSES) {
      for (const type of TYPES) {
        const rule: ResourceRule = RESOURCES[RESOURCE_OF[type]];
        // A resource whose record has a category of its own (a consent) is not read where that category is HIDDEN.
        const recordHidden = !!rule.recordCategory && decideAccess(role, purpose, rule.recordCategory) === 'HIDDEN';
        const expected = rule.read[role] !== undefined && !rule.noRowsUnder?.includes(purpose) && !recordHidden;
        expect(mayRead(RESOURCE_OF[type], role, purpose), `${role} ${purpose} ${type}`).toBe(expected);
      }
    }
  });
});

describe('without X-Purpose', () => {
  // The subject's order and interaction are reachable by every role that reads them at all; the
  // mailing house sees no customer without a consent purpose, so it is probed through the list.
  for (const role of ROLE_KEYS) {
    for (const type of TYPES.filter((t) => mayRead(RESOURCE_OF[t], role, null))) {
      test(`${who(role, null)} gets every personal field of ${type} null, and its other fields`, async () => {
        const client = await s.asRole(role, null);
        const resource = RESOURCE_OF[type];
        const list = `all${resource}s`;
        const inner = type === 'ShipTo' ? `id shipTo { ${selectionOf('ShipTo')} }` : `id ${selectionOf(type)}`;
        const r = await client(`{ ${list}(filter: { ids: [${PROBES[type].id()}] }) { ${inner} } }`);
        expect(r.errors).toBeUndefined();
        const found: any[] = r.data[list];
        if (resource === 'Customer' && readScope('Customer', role) === 'assignedMailings') {
          expect(found).toEqual([]);
          return;
        }
        expect(found.map((x) => Number(x.id))).toEqual([PROBES[type].id()]);
        const obj = type === 'ShipTo' ? found[0].shipTo : found[0];
        for (const f of personalFields(type)) expect(obj[f.field], `${type}.${f.field}`).toBeNull();
        expect([...obj.maskedFields].sort()).toEqual([...personalFields(type).map((f) => f.field), ...withheldRelations(type, role, null)].sort());
        expect(policyMismatches(role, null, type, obj, rows[type])).toEqual([]);
      });
    }
  }

  test('as SUPPORT the non-personal fields still answer from the database', async () => {
    const client = await s.asRole('SUPPORT', null);
    const r = await client(`{ Customer(id: ${subject.customerId}) { id customerNumber status source name }
      _allCustomersMeta { count } }`);
    expect(r.errors).toBeUndefined();
    const { rows: [c] } = await s.sql.query('select customer_number, status::text, source::text from customer where id = $1', [subject.customerId]);
    expect(r.data.Customer).toEqual({ id: String(subject.customerId), customerNumber: c.customer_number, status: c.status, source: c.source, name: null });
    const { rows: [n] } = await s.sql.query(`select count(*)::int as n from customer where status <> 'ERASED'`);
    expect(r.data._allCustomersMeta.count).toBe(n.n);
  });
});

describe('declaring a purpose the role does not hold', () => {
  // Product is readable by every role: the refusal is about the purpose, not the resource.
  const pairs = ROLE_KEYS.flatMap((role) =>
    PURPOSE_KEYS.filter((p) => !(ROLES[role].purposes as readonly PurposeKey[]).includes(p)).map((p) => [role, p] as [RoleKey, PurposeKey]));

  test.each(pairs)('as %s declaring %s is FORBIDDEN_PURPOSE, even for non-personal data', async (role, purpose) => {
    const client = await s.asRole(role, purpose);
    const r = await client('{ _allProductsMeta { count } }');
    expect(errorCode(r)).toBe('FORBIDDEN_PURPOSE');
    expect(r.errors?.[0].extensions?.purpose).toBe(purpose);
    expect(r.data ?? null).toBeNull();
  });

  test.each(ROLE_KEYS)('as %s the same query answers under no purpose (the control)', async (role) => {
    const r = await (await s.asRole(role, null))('{ _allProductsMeta { count } }');
    expect(r.errors).toBeUndefined();
    expect(r.data._allProductsMeta.count).toBeGreaterThan(0);
  });

  const unknown = ['BOGUS', 'shipping', 'Promotion', '__proto__', 'toString', 'SHIPPING, TRANSACTION', 'PROMOTION;STATISTICS'];
  test.each(unknown)('as FULFILLMENT an unknown purpose string %j is FORBIDDEN_PURPOSE', async (purpose) => {
    const client = await s.asRole('FULFILLMENT', purpose);
    const r = await client(`{ Customer(id: ${subject.customerId}) { id name } }`);
    expect(errorCode(r)).toBe('FORBIDDEN_PURPOSE');
    expect(r.data ?? null).toBeNull();
  });

  test('as FULFILLMENT declaring SHIPPING twice (two headers) is FORBIDDEN_PURPOSE, not SHIPPING', async () => {
    const { token } = await s.asRole('FULFILLMENT');
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: [['content-type', 'application/json'], ['authorization', `Bearer ${token}`], ['x-purpose', 'SHIPPING'], ['x-purpose', 'TRANSACTION']],
      body: JSON.stringify({ query: `{ Customer(id: ${subject.customerId}) { id name } }` }),
    });
    const body = await res.json();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_PURPOSE');
    expect(body.data ?? null).toBeNull();
  });
});
