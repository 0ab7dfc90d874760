// A disclosure is complete when the file is delivered (#21): made, it waits for its one download; lost before that
// (a reload), it is made again with a reason and the earlier link revoked; the download completes the request.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let customerId: string;

const FULFIL = 'mutation($id: ID!, $reason: String) { fulfilDisclosureRequest(requestId: $id, reason: $reason) { url fileName } }';
const STATUS = 'query($id: ID!) { PrivacyRequest(id: $id) { status completedAt outcome } }';
const download = (url: string, token: string) => fetch(`${s.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

async function requestInProgress(): Promise<string> {
  const r = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: customerId });
  const id = r.data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  return id;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 3 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  customerId = String((await s.sql.query(`select id from customer order by id limit 1`)).rows[0].id);
});
afterAll(async () => { await s?.stop(); });

describe('as PRIVACY_MANAGER a disclosure is complete only once downloaded', () => {
  test('made, the request stays IN_PROGRESS with what the file holds; the download completes it, recorded as a change', async () => {
    const id = await requestInProgress();
    const made = await pm(FULFIL, { id });
    expect(made.errors).toBeUndefined();
    const before = (await pm(STATUS, { id })).data.PrivacyRequest;
    expect(before).toMatchObject({ status: 'IN_PROGRESS', completedAt: null, outcome: { delivered: false, fileName: made.data.fulfilDisclosureRequest.fileName } });
    expect((await download(made.data.fulfilDisclosureRequest.url, pm.token)).status).toBe(200);
    const after = (await pm(STATUS, { id })).data.PrivacyRequest;
    expect(after.status).toBe('COMPLETED');
    expect(after.completedAt).not.toBeNull();
    expect(after.outcome).toMatchObject({ delivered: true, fileName: made.data.fulfilDisclosureRequest.fileName });
    const { rows } = await s.sql.query(`select kind, operation, detail from trail_entry where detail->>'entity' = 'PrivacyRequest'
      and (detail->>'entityId')::int = $1 and detail->'newValues'->>'status' = 'COMPLETED'`, [Number(id)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'CHANGE', operation: 'updatePrivacyRequest' });
    // Completed: nothing more to make.
    expect((await pm(FULFIL, { id, reason: 'もう一度' })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  test('lost before its download, it is made again only with a reason; the earlier link answers 410, the new one completes', async () => {
    const id = await requestInProgress();
    const first = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    const refused = await pm(FULFIL, { id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('IN_PROGRESS');
    const again = await pm(FULFIL, { id, reason: '画面を再読み込みしてリンクを失ったため' });
    expect(again.errors).toBeUndefined();
    expect((await download(first.url, pm.token)).status).toBe(410);
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('IN_PROGRESS');
    const { rows: [made] } = await s.sql.query(`select detail from trail_entry where operation = 'fulfilDisclosureRequest'
      and detail->>'privacyRequestId' = $1 and detail ? 'revokedDownloadIds'`, [id]);
    expect(made.detail).toMatchObject({ reason: '画面を再読み込みしてリンクを失ったため' });
    expect(made.detail.revokedDownloadIds).toHaveLength(1);
    expect((await download(again.data.fulfilDisclosureRequest.url, pm.token)).status).toBe(200);
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('COMPLETED');
  });

  test('a request refused while its file waits hands nothing over (410)', async () => {
    const id = await requestInProgress();
    const made = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    const r = await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: REFUSED, refusalReason: "本人確認書類に不備") { status } }', { id });
    expect(r.errors).toBeUndefined();
    expect((await download(made.url, pm.token)).status).toBe(410);
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('REFUSED');
  });
});
