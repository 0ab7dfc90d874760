// Trusted documents for tests: register a document for an API key (as ADMIN) and approve it (as the privacy manager).
import { expect } from 'vitest';
import type { TestServer } from './server';

export const REGISTER = `mutation($k: ID!, $d: String!, $p: String, $n: String!) {
  registerTrustedDocument(apiKeyId: $k, document: $d, purpose: $p, note: $n) { id hash status } }`;
export const APPROVE = 'mutation($id: ID!) { approveTrustedDocument(id: $id) { id status } }';

/** Registers and approves `document` for the key, under `purpose` (null: none declared). */
export async function trustDocument(s: TestServer, apiKeyId: string, document: string, purpose: string | null): Promise<string> {
  const registered = await (await s.asRole('ADMIN'))(REGISTER, { k: apiKeyId, d: document, p: purpose, n: 'テスト用の連携' });
  expect(registered.errors).toBeUndefined();
  const approved = await (await s.asRole('PRIVACY_MANAGER'))(APPROVE, { id: registered.data.registerTrustedDocument.id });
  expect(approved.data?.approveTrustedDocument?.status).toBe('APPROVED');
  return registered.data.registerTrustedDocument.id;
}
