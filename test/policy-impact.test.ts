// A draft's impact on the real trail (#23 item 3): reads made over HTTP are replayed under a draft against the
// version in force; exactly the reads whose answer the draft changes are reported, with distinct customers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PolicyDocument } from '../schema/policy';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let support: GqlClient;

const IMPACT = `query($id: ID!, $days: Int) { policyDraftImpact(id: $id, days: $days) {
  draftId againstNumber days from to entriesReplayed scopeAssessed scopeNote scope { direction } tookMs
  tightened { entries customers } widened { entries customers }
  groups { direction role roleLabel purpose purposeLabel field category categoryLabel before after reads customers examples { entryId at } } } }`;

async function draftWith(edit: (d: PolicyDocument) => void): Promise<string> {
  const v1 = (await pm('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0];
  const d = (await pm(`mutation($from: ID!) { createPolicyDraft(fromVersion: $from) { id document } }`, { from: v1.id })).data.createPolicyDraft;
  const doc = d.document as PolicyDocument;
  edit(doc);
  const r = await pm(`mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { id } }`, { id: d.id, doc });
  expect(r.errors).toBeUndefined();
  return d.id;
}

/** Customer ids of a page whose `field` was served (non-null). */
const served = (rows: Record<string, unknown>[], field: string) => rows.filter((c) => c[field] != null).map((c) => String(c.id));

let emailReaders: string[];
let birthReaders: string[];

beforeAll(async () => {
  s = await startTestServer({ customers: 12 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  // The same five customers twice (10 entries, 5 customers), then three of them with the birth date (masked today).
  const a = await support('{ allCustomers(perPage: 5, sortField: "id") { id email phone } }');
  const b = await support('{ allCustomers(perPage: 5, sortField: "id") { id email } }');
  const c = await support('{ allCustomers(perPage: 3, sortField: "id") { id birthDate } }');
  for (const r of [a, b, c]) expect(r.errors).toBeUndefined();
  emailReaders = served(a.data.allCustomers, 'email');
  expect(served(b.data.allCustomers, 'email')).toEqual(emailReaders);
  birthReaders = c.data.allCustomers.map((x: { id: string }) => x.id);
  expect(emailReaders.length).toBeGreaterThan(2);
}, 120_000);
afterAll(async () => { await s?.stop(); });

describe('policyDraftImpact', () => {
  test('a draft hiding e-mail under INQUIRY_RESPONSE shows exactly those reads as tightened', async () => {
    const id = await draftWith((d) => { d.matrix.INQUIRY_RESPONSE['contact.email'] = 'HIDDEN'; });
    const r = await pm(IMPACT, { id });
    expect(r.errors).toBeUndefined();
    const impact = r.data.policyDraftImpact;
    expect(impact).toMatchObject({ draftId: id, againstNumber: 1, days: 30, scopeAssessed: true, scope: [], widened: { entries: 0, customers: 0 } });
    expect(impact.scopeNote).toMatch(/委託先/);
    const email = impact.groups.filter((g: { role: string }) => g.role === 'SUPPORT');
    expect(email).toEqual([expect.objectContaining({
      direction: 'TIGHTENED', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', field: 'Customer.email', category: 'contact.email',
      before: 'CLEAR', after: 'HIDDEN', reads: emailReaders.length * 2, customers: emailReaders.length,
    })]);
    expect(email[0].roleLabel).not.toBe('SUPPORT');
    expect(email[0].categoryLabel).not.toBe('contact.email');
    expect(impact.tightened.customers).toBeGreaterThanOrEqual(emailReaders.length);
    // The examples are the latest entries of those reads, openable in the trail.
    expect(email[0].examples.length).toBeGreaterThan(0);
    for (const e of email[0].examples) {
      const { rows } = await s.sql.query(`select role, purpose, clear_fields from trail_entry where id = $1`, [e.entryId]);
      expect(rows[0]).toMatchObject({ role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' });
      expect(rows[0].clear_fields).toContain('Customer.email');
    }
    // Cross-check against the trail itself: the same counts from its per-entry view.
    const { rows: [trail] } = await s.sql.query(`select count(*)::int as reads, count(distinct customer_id)::int as customers from trail_entry
      where kind = 'ACCESS' and role = 'SUPPORT' and purpose = 'INQUIRY_RESPONSE' and 'Customer.email' = any(clear_fields)`);
    expect(trail).toEqual({ reads: emailReaders.length * 2, customers: emailReaders.length });
  });

  test('a draft showing the birth date in clear shows the masked reads as widened', async () => {
    const id = await draftWith((d) => { d.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'CLEAR'; });
    const impact = (await pm(IMPACT, { id })).data.policyDraftImpact;
    const support = impact.groups.filter((g: { role: string }) => g.role === 'SUPPORT');
    expect(support).toEqual([expect.objectContaining({
      direction: 'WIDENED', field: 'Customer.birthDate', before: 'MASKED', after: 'CLEAR', reads: birthReaders.length, customers: birthReaders.length,
    })]);
    expect(impact.widened).toEqual({ entries: birthReaders.length, customers: birthReaders.length });
    expect(impact.tightened).toEqual({ entries: 0, customers: 0 });
  });

  test('an unchanged draft shows nothing', async () => {
    const id = await draftWith(() => {});
    const impact = (await pm(IMPACT, { id, days: 7 })).data.policyDraftImpact;
    expect(impact.entriesReplayed).toBeGreaterThanOrEqual(emailReaders.length * 2);
    expect(impact).toMatchObject({ days: 7, groups: [], tightened: { entries: 0, customers: 0 }, widened: { entries: 0, customers: 0 } });
  });

  test('bad days, unknown drafts and roles without the power are refused', async () => {
    const id = await draftWith(() => {});
    for (const days of [0, 366, -1]) {
      const r = await pm(IMPACT, { id, days });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
    }
    expect((await pm(IMPACT, { id: '999999' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await support(IMPACT, { id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    expect((await auditor(IMPACT, { id })).errors).toBeUndefined();
  });
});
