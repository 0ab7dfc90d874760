// Publishing a policy version the way the privacy office does (#23 item 4): the privacy manager drafts it from the
// version in force and asks for its publication, the auditor — a second person — approves it.
import { expect } from 'vitest';
import type { PolicyDocument } from '../../schema/policy';
import { policyDocumentHash } from '../../server/src/policy/policy-hash';
import { policyVersionsOf } from '../../server/src/policy/policy-versions';
import type { TestServer } from './server';

const V = 'id number state';

/** Publishes `doc` two-person and returns its number, once this server decides under it. */
export async function publishPolicy(s: TestServer, doc: PolicyDocument, reason = 'テストのため'): Promise<number> {
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
  const [inForce] = (await pm(`{ policyVersions(state: PUBLISHED) { ${V} } }`)).data.policyVersions;
  const draft = (await pm(`mutation($from: ID!) { createPolicyDraft(fromVersion: $from) { ${V} } }`, { from: inForce.id })).data.createPolicyDraft;
  const steps = [
    await pm(`mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { ${V} } }`, { id: draft.id, doc }),
    await pm(`mutation($id: ID!, $r: String!) { requestPolicyPublication(id: $id, reason: $r) { ${V} } }`, { id: draft.id, r: reason }),
  ];
  const approved = await auditor(`mutation($id: ID!, $r: String!) { approvePolicyPublication(id: $id, reason: $r) { ${V} } }`, { id: draft.id, r: reason });
  for (const step of [...steps, approved]) expect(step.errors, JSON.stringify(step.errors)).toBeUndefined();
  // The approval reloads this process before it answers; the announcement reaches any other.
  expect(policyVersionsOf(s.orm)?.current.hash).toBe(policyDocumentHash(doc));
  return approved.data.approvePolicyPublication.number as number;
}
