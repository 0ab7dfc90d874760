// Working audit findings (#21) against the real server: status, owner, due day and comments kept across a
// re-run, closing needs a reason, nobody accepts their own work, and accept rules that expire, can be
// revoked and are in the trail. Real reads of the demo data make the findings.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROLES } from '../schema/policy';
import { demoEmail } from '../server/src/seeders';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let auditor: GqlClient;
let pm: GqlClient;
const staff: Record<string, string> = {};
const DAY = 86_400_000;
const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const TODAY = jstToday();

const FINDING = "id key code detail staffId status ownerId dueOn acceptRuleId triagedAt comments { staffId body createdAt }";
type Finding = { id: string; key: string; code: string; detail: string; staffId: string | null; status: string; ownerId: string | null; dueOn: string | null; acceptRuleId: string | null; comments: { staffId: string; body: string }[] };

beforeAll(async () => {
  s = await startTestServer({ customers: 20 });
  for (const role of ['SUPPORT', 'PRIVACY_MANAGER', 'AUDITOR'] as const) {
    const { rows: [r] } = await s.sql.query('select id::text from staff where email = $1', [demoEmail(role)]);
    staff[role] = r.id;
  }
  // Findings to work: SUPPORT and the privacy manager each read six customers in clear today (a daily limit of 2).
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  expect((await support('{ allCustomers(perPage: 6, sortField: "id") { id name phone } }')).errors).toBeUndefined();
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  expect((await pm('{ allCustomers(perPage: 6, sortField: "id") { id name phone } }')).errors).toBeUndefined();
  auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

async function newAudit(title: string): Promise<string> {
  const r = await auditor(`mutation($d: String!, $t: String!) { createAudit(title: $t, periodFrom: $d, periodTo: $d, dailyClearReadLimit: 2) { id } }`, { d: TODAY, t: title });
  expect(r.errors).toBeUndefined();
  return r.data.createAudit.id;
}
async function run(id: string): Promise<Finding[]> {
  const r = await auditor(`mutation($id: ID!) { runAudit(id: $id) { findings { ${FINDING} } } }`, { id });
  expect(r.errors).toBeUndefined();
  return r.data.runAudit.findings;
}
const volumeOf = (findings: Finding[], role: string) => findings.find((f) => f.code === 'CLEAR_READ_VOLUME' && f.staffId === staff[role])!;
const triage = (c: GqlClient, vars: Record<string, unknown>) => c(`mutation($id: ID!, $status: FindingStatus, $ownerId: ID, $dueOn: String, $comment: String) {
  triageAuditFinding(id: $id, status: $status, ownerId: $ownerId, dueOn: $dueOn, comment: $comment) { ${FINDING} } }`, vars);
const rule = (c: GqlClient, vars: Record<string, unknown>) => c(`mutation($code: String!, $role: String, $staffId: ID, $purpose: String, $reason: String!, $validFrom: String, $validUntil: String!) {
  createAuditAcceptRule(code: $code, role: $role, staffId: $staffId, purpose: $purpose, reason: $reason, validFrom: $validFrom, validUntil: $validUntil) { id active validFrom validUntil } }`, vars);
const changes = async (entity: string) => (await s.sql.query(
  `select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = $1 order by id`, [entity])).rows.map((r) => r.detail);

let auditId: string;

describe('a finding is worked: status, owner, due day, comments', () => {
  test('a new finding is open; set in progress with an owner, a due day and a comment, it is one CHANGE entry of the trail', async () => {
    auditId = await newAudit('指摘対応の監査');
    const f = volumeOf(await run(auditId), 'SUPPORT');
    expect(f).toMatchObject({ status: 'OPEN', ownerId: null, dueOn: null, comments: [] });
    // The text names the person with their number and role in words, not `担当者 #n(SUPPORT)`.
    const { rows: [me] } = await s.sql.query('select name from staff where id = $1', [staff.SUPPORT]);
    expect(f.detail).toContain(`${me.name}(担当者 #${staff.SUPPORT}・${ROLES.SUPPORT.ja})`);
    expect(f.detail).not.toMatch(/SUPPORT|Customer\./);
    const due = shift(TODAY, 14);
    const r = await triage(auditor, { id: f.id, status: 'IN_PROGRESS', ownerId: staff.PRIVACY_MANAGER, dueOn: due, comment: 'サポート責任者に業務内容を確認する' });
    expect(r.errors).toBeUndefined();
    expect(r.data.triageAuditFinding).toMatchObject({
      status: 'IN_PROGRESS', ownerId: staff.PRIVACY_MANAGER, dueOn: due, comments: [{ staffId: staff.AUDITOR, body: 'サポート責任者に業務内容を確認する' }],
    });
    const [change] = await changes('AuditFinding');
    expect(change).toMatchObject({ entity: 'AuditFinding', entityId: Number(f.id), action: 'UPDATE' });
    expect(change.newValues).toMatchObject({ status: 'IN_PROGRESS', ownerId: Number(staff.PRIVACY_MANAGER), dueOn: due, code: 'CLEAR_READ_VOLUME' });
    expect(change.oldValues).toMatchObject({ status: 'OPEN', ownerId: null, dueOn: null });
    // The comment's text stays with the audit; the trail names it by number.
    expect(JSON.stringify(change)).not.toContain('サポート責任者');
    expect(change.newValues.commentId).toEqual(expect.any(Number));
  });

  test('re-running the audit makes new finding rows, but the same finding keeps its status, owner, due day and comments', async () => {
    const before = volumeOf((await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: auditId })).data.Audit.findings, 'SUPPORT');
    const again = volumeOf(await run(auditId), 'SUPPORT');
    expect(again.id).not.toBe(before.id);
    expect(again.key).toBe(before.key);
    expect(again).toMatchObject({ status: 'IN_PROGRESS', ownerId: staff.PRIVACY_MANAGER, dueOn: before.dueOn, comments: before.comments });
  });

  test('bad input is refused at its field and changes nothing: closing without a reason, an owner who cannot audit, a past due day', async () => {
    const f = volumeOf((await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: auditId })).data.Audit.findings, 'SUPPORT');
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'REMEDIATED' }, 'comment'], [{ status: 'FALSE_POSITIVE', comment: '  ' }, 'comment'],
      [{ ownerId: staff.SUPPORT }, 'ownerId'], [{ dueOn: shift(TODAY, -1) }, 'dueOn'], [{ dueOn: '2026-02-30' }, 'dueOn'], [{}, 'status'],
    ];
    const entries = (await changes('AuditFinding')).length;
    for (const [vars, field] of cases) {
      const r = await triage(auditor, { id: f.id, ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const now = volumeOf((await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: auditId })).data.Audit.findings, 'SUPPORT');
    expect(now).toEqual(f);
    expect((await changes('AuditFinding')).length).toBe(entries);
    expect((await triage(auditor, { id: '999999', status: 'IN_PROGRESS' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  test('nobody accepts or dismisses a finding about their own work: the privacy manager may not, the auditor may, with a reason', async () => {
    const f = volumeOf((await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: auditId })).data.Audit.findings, 'PRIVACY_MANAGER');
    for (const status of ['ACCEPTED', 'FALSE_POSITIVE']) {
      const r = await triage(pm, { id: f.id, status, comment: '開示請求の対応です' });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'status' });
    }
    const ok = await triage(auditor, { id: f.id, status: 'ACCEPTED', comment: '開示請求 3 件の対応として確認した' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.triageAuditFinding.status).toBe('ACCEPTED');
  });

  test('the audit\'s CSV and HTML report say how each finding was worked', async () => {
    const { rows: [owner] } = await s.sql.query('select name from staff where id = $1', [staff.PRIVACY_MANAGER]);
    const csv = (await auditor('query($id: ID!) { auditExport(id: $id, format: CSV) { content } }', { id: auditId })).data.auditExport.content as string;
    const [head, ...lines] = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(head.slice(-5)).toEqual(['対応状況', '対応者', '対応期限', '受容ルール', '最新のコメント']);
    const worked = lines.filter((l) => l.includes('対応中'));
    expect(worked).toHaveLength(1);
    expect(worked[0].slice(-5)).toEqual(['対応中', owner.name, shift(TODAY, 14), '', 'サポート責任者に業務内容を確認する']);
    expect(lines.filter((l) => l.includes('受容（正当な業務）'))).toHaveLength(1);
    const html = (await auditor('query($id: ID!) { auditExport(id: $id, format: HTML) { content } }', { id: auditId })).data.auditExport.content as string;
    expect(html).toContain('<th>対応</th>');
    expect(html).toContain(`対応者: ${owner.name}`);
  });

  test('roles that may not run audits may not work findings', async () => {
    const f = volumeOf((await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: auditId })).data.Audit.findings, 'SUPPORT');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await triage(support, { id: f.id, status: 'IN_PROGRESS' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await rule(support, { code: 'OUT_OF_HOURS', role: 'SUPPORT', reason: 'x', validUntil: TODAY })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('accept rules: a known legitimate pattern is accepted until the rule expires', () => {
  let ruleId: string;
  let second: string;

  test('a rule must narrow the pattern, last at most 366 days, not end in the past, and not cover its maker\'s own work', async () => {
    const base = { code: 'CLEAR_READ_VOLUME', reason: '問い合わせ集中日の対応', validUntil: shift(TODAY, 30) };
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, 'BAD_USER_INPUT', 'staffId'],
      [{ staffId: staff.SUPPORT, validUntil: shift(TODAY, 367) }, 'BAD_USER_INPUT', 'validUntil'],
      [{ staffId: staff.SUPPORT, validFrom: shift(TODAY, -10), validUntil: shift(TODAY, -1) }, 'BAD_USER_INPUT', 'validUntil'],
      [{ staffId: staff.SUPPORT, code: 'TRAIL_CHAIN_BROKEN' }, 'BAD_USER_INPUT', 'code'],
      [{ staffId: staff.SUPPORT, code: 'NO_SUCH_CODE' }, 'BAD_USER_INPUT', 'code'],
      [{ staffId: staff.SUPPORT, reason: ' ' }, 'BAD_USER_INPUT', 'reason'],
      [{ role: 'NOT_A_ROLE' }, 'BAD_USER_INPUT', 'role'],
      [{ role: 'AUDITOR' }, 'FORBIDDEN', 'staffId'],
      [{ purpose: 'PRIVACY_ADMINISTRATION' }, 'FORBIDDEN', 'staffId'],
    ];
    for (const [vars, code, field] of cases) {
      const r = await rule(auditor, { ...base, ...vars });
      expect(r.errors?.[0].extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    expect((await s.sql.query('select count(*)::int as n from audit_accept_rule')).rows[0].n).toBe(0);
  });

  test('a rule accepts the matching untriaged findings of open audits and of later runs; it is in the trail', async () => {
    second = await newAudit('受容ルール確認の監査');
    expect(volumeOf(await run(second), 'SUPPORT').status).toBe('OPEN');
    const r = await rule(auditor, { code: 'CLEAR_READ_VOLUME', staffId: staff.SUPPORT, role: 'SUPPORT', reason: '年末の問い合わせ集中（サポート責任者承認済み）', validUntil: shift(TODAY, 30) });
    expect(r.errors).toBeUndefined();
    ruleId = r.data.createAuditAcceptRule.id;
    expect(r.data.createAuditAcceptRule).toMatchObject({ active: true, validFrom: TODAY, validUntil: shift(TODAY, 30) });
    const findings = (await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: second })).data.Audit.findings as Finding[];
    expect(volumeOf(findings, 'SUPPORT')).toMatchObject({ status: 'ACCEPTED', acceptRuleId: ruleId });
    // Only the pattern it names: the privacy manager's reads stay open; the first audit's worked finding keeps its status.
    expect(volumeOf(findings, 'PRIVACY_MANAGER').status).toBe('OPEN');
    const first = (await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: auditId })).data.Audit.findings as Finding[];
    expect(volumeOf(first, 'SUPPORT').status).toBe('IN_PROGRESS');
    // A new audit's run accepts it too.
    const third = await newAudit('次回の監査');
    expect(volumeOf(await run(third), 'SUPPORT')).toMatchObject({ status: 'ACCEPTED', acceptRuleId: ruleId });
    const [created] = await changes('AuditAcceptRule');
    expect(created).toMatchObject({ entity: 'AuditAcceptRule', entityId: Number(ruleId), action: 'CREATE' });
    expect(created.newValues).toMatchObject({ code: 'CLEAR_READ_VOLUME', staffId: Number(staff.SUPPORT), validUntil: shift(TODAY, 30) });
    const listed = await auditor('{ auditAcceptRules(activeOnly: true) { id reason createdById } }');
    expect(listed.data.auditAcceptRules).toEqual([{ id: ruleId, reason: '年末の問い合わせ集中（サポート責任者承認済み）', createdById: staff.AUDITOR }]);
  });

  test('an expired rule accepts nothing: findings of days after it are raised again', async () => {
    await s.sql.query(`update audit_accept_rule set valid_from = $2::date - 10, valid_until = $2::date - 1 where id = $1`, [ruleId, TODAY]);
    const later = await newAudit('期限後の監査');
    expect(volumeOf(await run(later), 'SUPPORT')).toMatchObject({ status: 'OPEN', acceptRuleId: null });
    expect((await auditor('{ auditAcceptRules(activeOnly: true) { id } }')).data.auditAcceptRules).toEqual([]);
    await s.sql.query(`update audit_accept_rule set valid_from = $2::date, valid_until = $2::date + 30 where id = $1`, [ruleId, TODAY]);
  });

  test('revoking a rule reopens what it accepted in open audits, is in the trail, and happens once', async () => {
    const r = await auditor('mutation($id: ID!) { revokeAuditAcceptRule(id: $id, reason: "業務内容の確認が取れなかった") { active revokedAt revokedById } }', { id: ruleId });
    expect(r.errors).toBeUndefined();
    expect(r.data.revokeAuditAcceptRule).toMatchObject({ active: false, revokedById: staff.AUDITOR });
    const findings = (await auditor(`query($id: ID!) { Audit(id: $id) { findings { ${FINDING} } } }`, { id: second })).data.Audit.findings as Finding[];
    expect(volumeOf(findings, 'SUPPORT')).toMatchObject({ status: 'OPEN', acceptRuleId: null });
    const [, revoked] = await changes('AuditAcceptRule');
    expect(revoked).toMatchObject({ entityId: Number(ruleId), action: 'UPDATE' });
    expect(revoked.newValues).toMatchObject({ revokeReason: '業務内容の確認が取れなかった', reopenedFindings: 2 });
    const again = await auditor('mutation($id: ID!) { revokeAuditAcceptRule(id: $id, reason: "再度") { id } }', { id: ruleId });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});
