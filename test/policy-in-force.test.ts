// `policyInForce` (#23): what the admin UI builds its menus from. Anyone signed in gets the version the request is
// decided under — the store's staff the whole document, a contractor only what decides its own role — and every
// /graphql answer names the version in force (X-Policy-Version), so the UI notices a publication.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PolicyDocument, policyDocumentFor, ROLE_KEYS, type RoleKey, seedPolicyDocument } from '../schema/policy';
import { policyDocumentHash } from '../server/src/policy/policy-hash';
import { publishPolicy } from './helpers/publish-policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;

const IN_FORCE = '{ policyInForce { number hash label whole document } }';

beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
}, 120_000);
afterAll(async () => { await s?.stop(); });

/** What `role` must be answered under version `number` of `doc`: derived from the document, never written down. */
function expected(role: RoleKey, number: number, doc: PolicyDocument) {
  const whole = !doc.roles[role].contractor;
  return { number, hash: policyDocumentHash(doc), label: doc.label, whole, document: whole ? doc : policyDocumentFor(doc, role) };
}

/** One POST to /graphql, with the version header of its answer. */
async function post(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { header: res.headers.get('x-policy-version'), body: await res.json() as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] } };
}

describe('who may ask for the version in force', () => {
  test('nobody signed in: UNAUTHENTICATED, with no token and with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
      const { body } = await post(IN_FORCE, headers);
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data?.policyInForce ?? null).toBeNull();
    }
  });

  test.each(ROLE_KEYS)('%s: the store\'s staff get the whole version 1, a contractor only its own role', async (role) => {
    const purpose = seedPolicyDocument().roles[role].purposes[0] ?? null;
    const r = await (await s.asRole(role, purpose))(IN_FORCE);
    expect(r.errors).toBeUndefined();
    expect(r.data.policyInForce).toEqual(expected(role, 1, seedPolicyDocument()));
    if (!r.data.policyInForce.whole) {
      expect(Object.keys(r.data.policyInForce.document.roles)).toEqual([role]);
      expect(JSON.stringify(r.data.policyInForce.document)).not.toContain('PRIVACY_MANAGER');
    }
  });

  test('asked with `me` under a purpose the role may not declare, it still answers (the UI then learns its purposes)', async () => {
    const marketing = await s.asRole('MARKETING', 'PRIVACY_ADMINISTRATION');
    const r = await marketing(`{ me { purposes } ${IN_FORCE.slice(1, -1)} }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.policyInForce.number).toBe(1);
    expect(r.data.me.purposes).toEqual(seedPolicyDocument().roles.MARKETING.purposes);
    expect((await marketing('{ allConsents { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN_PURPOSE');
  });
});

describe('a publication', () => {
  test('every /graphql answer names the version in force, refused ones too; other routes do not', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await post('{ allCustomers { id } }', { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' })).header).toBe('1');
    expect((await post(IN_FORCE)).header).toBe('1');
    expect((await fetch(`${s.url}/healthz`)).headers.get('x-policy-version')).toBeNull();
  });

  test('changes what every role is answered, and the number every answer names', async () => {
    const doc = seedPolicyDocument('2026.12.7-menus');
    doc.roles.MARKETING.purposes = doc.roles.MARKETING.purposes.filter((p) => p !== 'STATISTICS');
    doc.matrix.PROMOTION['consent.record'] = 'HIDDEN';
    doc.roles.MAILING_HOUSE.purposes = ['PROMOTION'];
    const number = await publishPolicy(s, doc);
    expect(number).toBe(2);
    for (const role of ROLE_KEYS) {
      const r = await (await s.asRole(role))(IN_FORCE);
      expect(r.errors, role).toBeUndefined();
      expect(r.data.policyInForce, role).toEqual(expected(role, 2, doc));
    }
    const marketing = await s.asRole('MARKETING');
    const { header, body } = await post(`{ me { purposes policyVersion } ${IN_FORCE.slice(1, -1)} }`, { authorization: `Bearer ${marketing.token}` });
    expect(header).toBe('2');
    expect((body.data!.me as { policyVersion: string }).policyVersion).toBe(doc.label);
    expect((body.data!.me as { purposes: string[] }).purposes).not.toContain('STATISTICS');
    expect((body.data!.policyInForce as { document: PolicyDocument }).document.roles.MARKETING.purposes).toEqual((body.data!.me as { purposes: string[] }).purposes);
  });
});
