// Two-person erasure (#21) for tests that need a customer erased: one holder of POWERS.requestErasure asks, a
// second account holding POWERS.approveErasure (whichever role the policy declares) approves. Real accounts, real
// HTTP: nothing of the server is stubbed.
import { expect } from 'vitest';
import { mayPerform, POWERS, powerWithin, ROLES, type PurposeKey, type ResourceName, type RoleKey } from '../../schema/policy';
import { insertAccount, loginAs } from './accounts';
import type { GqlClient, GqlResult, TestServer } from './server';

/** The role the policy first names as approver, and a purpose it exercises the power under. */
export function approverRole(): { role: RoleKey; purpose: PurposeKey | null } {
  const role = POWERS.approveErasure.holders[0] as RoleKey;
  const within = powerWithin('approveErasure');
  const purpose = (ROLES[role].purposes as readonly PurposeKey[]).find((p) => !within || mayPerform(within.resource as ResourceName, within.op, role, p)) ?? null;
  return { role, purpose };
}

const approvers = new WeakMap<TestServer, Promise<GqlClient>>();

/** A second approver on this server (an account of its own besides the demo one), logged in once. */
export function secondApprover(s: TestServer): Promise<GqlClient> {
  let client = approvers.get(s);
  if (!client) {
    const { role, purpose } = approverRole();
    client = insertAccount(s.sql, role, { name: '承認 担当' }).then((account) => loginAs(s, account, purpose));
    approvers.set(s, client);
  }
  return client;
}

/**
 * `asker` asks for the erasure of DELETION request `requestId` (IN_PROGRESS), a second approver approves it; the
 * approval's answer, asking `selection` of the DeletionReport. The ask must succeed.
 */
export async function eraseApproved(s: TestServer, asker: GqlClient, requestId: string | number, selection = 'requestId'): Promise<GqlResult> {
  const asked = await asker('mutation($id: ID!) { requestErasure(requestId: $id, reason: "本人確認済み・保存義務を確認") { status } }', { id: String(requestId) });
  expect(asked.errors).toBeUndefined();
  expect(asked.data.requestErasure.status).toBe('AWAITING_APPROVAL');
  const approver = await secondApprover(s);
  return approver(`mutation($id: ID!) { approveErasure(requestId: $id, reason: "申請内容を確認") { ${selection} } }`, { id: String(requestId) });
}
