// A CSV export gives a reason, stays within the cap schema/policy/exports.ts declares for the role and
// purpose, and is recorded in the trail (security event EXPORT) with its row count. Walks every role ×
// every purpose it may declare (and none, for roles that declare none).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportCap, mayPerform, RESOURCES, ROLE_KEYS, ROLES, type PurposeKey, type ResourceName, type RoleKey } from '../schema/policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 5 }); });
afterAll(async () => { await s?.stop(); });

const RECORD = 'mutation($i: ExportInput!) { recordExport(input: $i) { rowCount cap recordedAt } }';
const exportEvents = async (staffRole: string) => (await s.sql.query(
  `select detail, purpose from trail_entry where kind = 'SECURITY' and detail->>'event' = 'EXPORT' and role = $1 order by id`, [staffRole])).rows;

const cases = ROLE_KEYS.flatMap((role) => {
  const purposes: (PurposeKey | null)[] = ROLES[role].purposes.length ? [...ROLES[role].purposes] : [null];
  return purposes.map((purpose) => ({ role, purpose }));
});
const readable = (role: RoleKey, purpose: PurposeKey | null) =>
  (Object.keys(RESOURCES) as ResourceName[]).find((r) => mayPerform(r, 'read', role, purpose));
const unreadable = (role: RoleKey, purpose: PurposeKey | null) =>
  (Object.keys(RESOURCES) as ResourceName[]).find((r) => !mayPerform(r, 'read', role, purpose));

describe.each(cases)('as $role under $purpose', ({ role, purpose }) => {
  const cap = exportCap(role, purpose);

  test('exportAllowance answers the cap schema/policy declares', async () => {
    const r = await (await s.asRole(role, purpose))('{ exportAllowance { cap } }');
    expect(r.data?.exportAllowance.cap).toBe(cap);
  });

  test('an export of the cap is recorded with its reason and row count; one row more is refused, nothing recorded', async () => {
    const resource = readable(role, purpose);
    if (!resource) return; // reads nothing under this purpose (e.g. MARKETING under STATISTICS): covered by the next test
    const gql = await s.asRole(role, purpose);
    const before = (await exportEvents(role)).length;
    const over = await gql(RECORD, { i: { resource, reason: '月次の発送リスト', rowCount: cap + 1 } });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rowCount' });
    if (cap === 0) return expect((await exportEvents(role)).length).toBe(before);
    const ok = await gql(RECORD, { i: { resource, reason: '  月次の発送リスト ', rowCount: cap, filter: { status: 'ACTIVE' } } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordExport).toMatchObject({ rowCount: cap, cap });
    const events = await exportEvents(role);
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({
      purpose, detail: { event: 'EXPORT', resource, reason: '月次の発送リスト', rowCount: cap, cap, filter: { status: 'ACTIVE' } },
    });
  });

  test('without a reason, or of a list the role may not read, the export is refused and nothing recorded', async () => {
    const gql = await s.asRole(role, purpose);
    const before = (await exportEvents(role)).length;
    const resource = readable(role, purpose);
    if (resource) {
      const noReason = await gql(RECORD, { i: { resource, reason: ' ', rowCount: 1 } });
      expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
    const other = unreadable(role, purpose);
    if (other) {
      const refused = await gql(RECORD, { i: { resource: other, reason: '確認のため', rowCount: 1 } });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await exportEvents(role)).length).toBe(before);
  });
});

test('without a login, recordExport is UNAUTHENTICATED', async () => {
  const r = await s.gql(RECORD, { i: { resource: 'Customer', reason: '確認のため', rowCount: 1 } });
  expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});
