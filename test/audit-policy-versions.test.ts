// Audit analyses of past reads judge each entry under the policy version recorded with it (#23): a published
// version lets marketing see phone numbers in clear and reach customers without a consent under PROMOTION; a read
// made under it over HTTP raises neither CLEAR_BEYOND_POLICY nor MARKETING_WITHOUT_CONSENT, while the same read
// recorded under the seed (version 1, or no version: before versions existed) still raises both.
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compilePolicy, type PolicyDocument, seedPolicyDocument } from '../schema/policy';
import { policyDocumentHash } from '../server/src/policy/policy-hash';
import { policyVersionsOf } from '../server/src/policy/policy-versions';
import { appendTrail, type TrailEntryInput } from '../server/src/trail/trail-writer';
import { insertAccount, loginAs } from './helpers/accounts';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

interface Finding { code: string; staffId: string | null; evidence: string[]; data: { fields?: string[]; policyVersions?: number[] } }
const entry = { published: 0, seed: 0, unversioned: 0, staffId: 0 };
let publishedNumber = 0;
let customerId = 0;

/** Publishes `doc` two-person (a second privacy manager approves) and waits until this server decides under it. */
async function publish(doc: PolicyDocument): Promise<number> {
  const approver = await loginAs(s, await insertAccount(s.sql, 'PRIVACY_MANAGER', { name: '承認 管理者' }), 'PRIVACY_ADMINISTRATION');
  const [inForce] = (await pm('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions;
  const draft = (await pm('mutation($from: ID!) { createPolicyDraft(fromVersion: $from) { id } }', { from: inForce.id })).data.createPolicyDraft;
  for (const step of [
    await pm('mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { id } }', { id: draft.id, doc }),
    await pm('mutation($id: ID!, $r: String!) { requestPolicyPublication(id: $id, reason: $r) { id } }', { id: draft.id, r: '監査の版の検証' }),
    await approver('mutation($id: ID!, $r: String!) { approvePolicyPublication(id: $id, reason: $r) { id } }', { id: draft.id, r: '監査の版の検証' }),
  ]) expect(step.errors, JSON.stringify(step.errors)).toBeUndefined();
  const until = Date.now() + 10_000;
  while (policyVersionsOf(s.orm)?.current.hash !== policyDocumentHash(doc)) {
    if (Date.now() > until) throw new Error('the published version did not come into force');
    await new Promise((res) => setTimeout(res, 20));
  }
  return policyVersionsOf(s.orm)!.current.number;
}

async function runAudit(): Promise<Finding[]> {
  const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
  const created = await auditor('mutation($d: String!) { createAudit(title: "版ごとの判定", periodFrom: $d, periodTo: $d) { id } }', { d: jstToday() });
  expect(created.errors).toBeUndefined();
  const run = await auditor('mutation($id: ID!) { runAudit(id: $id) { findings { code staffId evidence data } } }', { id: created.data.createAudit.id });
  expect(run.errors).toBeUndefined();
  return run.data.runAudit.findings;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 20 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const { rows: [c] } = await s.sql.query(`select id, phone from customer c where status = 'ACTIVE' and birth_date < now() - interval '25 years'
    and not exists (select 1 from consent k where k.customer_id = c.id and k.purpose = 'PROMOTION' and k.withdrawn_at is null) order by id limit 1`);
  customerId = c.id;

  const doc = seedPolicyDocument('監査の版の検証');
  doc.matrix.PROMOTION['contact.phone'] = 'CLEAR';
  doc.purposes.PROMOTION.needsConsent = false;
  // The seed neither shows it nor reaches the customer; the new version does both.
  expect(compilePolicy(seedPolicyDocument()).decideAccess('MARKETING', 'PROMOTION', 'contact.phone')).not.toBe('CLEAR');
  expect(compilePolicy(doc).decideAccess('MARKETING', 'PROMOTION', 'contact.phone')).toBe('CLEAR');
  publishedNumber = await publish(doc);
  expect(publishedNumber).toBeGreaterThan(1);

  const marketing = await s.asRole('MARKETING', 'PROMOTION');
  const r = await marketing('query($id: ID!) { Customer(id: $id) { id name phone } }', { id: String(customerId) });
  expect(r.errors).toBeUndefined();
  expect(r.data.Customer.phone).toBe(c.phone);
  const { rows: [read] } = await s.sql.query(`select id, staff_id, clear_fields, masked_fields, policy_version from trail_entry
    where kind = 'ACCESS' and role = 'MARKETING' and purpose = 'PROMOTION' and customer_id = $1 order by id desc limit 1`, [customerId]);
  expect(read.policy_version).toBe(publishedNumber);
  expect(read.clear_fields).toContain('Customer.phone');
  Object.assign(entry, { published: Number(read.id), staffId: read.staff_id });

  // The same read as recorded under the seed: version 1, and without a version.
  const same = (policyVersion: number | null): TrailEntryInput => ({
    kind: 'ACCESS', staffId: read.staff_id, apiKeyId: null, role: 'MARKETING', purpose: 'PROMOTION', operation: 'SeededForAudit', queryHash: null,
    requestId: 'audit-policy-versions', clientAddress: '127.0.0.1', customerId, clearFields: read.clear_fields, maskedFields: read.masked_fields, detail: {}, policyVersion,
  });
  await s.orm.em.fork().transactional((em) => appendTrail(em as EntityManager, [same(1), same(null)]));
  const { rows } = await s.sql.query(`select id, policy_version from trail_entry where request_id = 'audit-policy-versions' order by id`);
  expect(rows.map((x) => x.policy_version)).toEqual([1, null]);
  Object.assign(entry, { seed: Number(rows[0].id), unversioned: Number(rows[1].id) });
}, 120_000);
afterAll(async () => { await s?.stop(); });

describe('audit analyses judge each read under its own policy version', () => {
  test('CLEAR_BEYOND_POLICY and MARKETING_WITHOUT_CONSENT name the seed-version reads, never the read the published version allowed', async () => {
    const findings = (await runAudit()).filter((f) => f.staffId === String(entry.staffId));
    for (const code of ['CLEAR_BEYOND_POLICY', 'MARKETING_WITHOUT_CONSENT']) {
      const found = findings.filter((f) => f.code === code);
      expect(found.map((f) => f.evidence.map(Number).sort((a, b) => a - b)), code).toEqual([[entry.seed, entry.unversioned]]);
    }
    const beyond = findings.find((f) => f.code === 'CLEAR_BEYOND_POLICY')!;
    expect(beyond.data.fields).toContain('Customer.phone');
    expect(beyond.data.policyVersions).toEqual([1]);
    // No analysis of what was served (other checks look at volume and hours, not at the policy) names the allowed read.
    const judged = findings.filter((f) => ['CLEAR_BEYOND_POLICY', 'PURPOSE_MISMATCH', 'MARKETING_WITHOUT_CONSENT', 'MINOR_WITHOUT_GUARDIAN_CONSENT'].includes(f.code));
    expect(judged.flatMap((f) => f.evidence.map(Number))).not.toContain(entry.published);
  });
});
