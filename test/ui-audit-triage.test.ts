// Working audit findings (#21) in Chromium as AUDITOR: set a finding in progress with an owner, a due day and
// a comment; accept a legitimate pattern with a rule (the finding becomes 受容); revoke the rule (open again);
// show only unresolved findings; the change history names the records in Japanese.
import { describe, expect, test, vi } from 'vitest';
import { demoEmail } from '../server/src/seeders';
import { POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const jstDay = (days = 0) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const fixture: { auditId?: string; pm?: { id: string; name: string }; support?: string } = {};

const ui = uiFixture('AUDITOR', {
  customers: 10,
  async prepare(s) {
    // SUPPORT and the privacy manager each read six customers in clear today; the audit's daily limit is 2.
    for (const [role, purpose] of [['SUPPORT', 'INQUIRY_RESPONSE'], ['PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION']] as const) {
      const c = await s.asRole(role, purpose);
      expect((await c('{ allCustomers(perPage: 6, sortField: "id") { id name phone } }')).errors).toBeUndefined();
    }
    const { rows: [pm] } = await s.sql.query('select id::text, name from staff where email = $1', [demoEmail('PRIVACY_MANAGER')]);
    const { rows: [support] } = await s.sql.query('select id::text from staff where email = $1', [demoEmail('SUPPORT')]);
    Object.assign(fixture, { pm, support: support.id });
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const created = await auditor(`mutation($d: String!) { createAudit(title: "指摘対応の監査", periodFrom: $d, periodTo: $d, dailyClearReadLimit: 2) { id } }`, { d: jstDay() });
    fixture.auditId = created.data.createAudit.id;
    expect((await auditor('mutation($id: ID!) { runAudit(id: $id) { id } }', { id: fixture.auditId })).errors).toBeUndefined();
  },
});

const row = (who: 'SUPPORT' | 'PM') =>
  ui.session.page.locator(`tbody tr[data-code="CLEAR_READ_VOLUME"][data-staff="${who === 'PM' ? fixture.pm!.id : fixture.support}"]`);

describe('as AUDITOR', () => {
  test('a finding is set in progress with an owner, a due day and a comment, kept by the server', async () => {
    const { page } = ui.session;
    await ui.session.open(`/Audit/${fixture.auditId}/show`);
    await row('SUPPORT').waitFor();
    expect(await row('SUPPORT').getByTestId('finding-status').innerText()).toContain('未対応');
    await row('SUPPORT').getByRole('button', { name: '対応する' }).click();
    const dialog = page.getByTestId('finding-triage');
    await dialog.getByLabel('対応状況').click();
    await page.getByRole('option', { name: '対応中' }).click();
    await dialog.getByLabel('対応者').click();
    await page.getByRole('option', { name: new RegExp(`^${fixture.pm!.name}`) }).click();
    await dialog.locator('input[name="dueOn"]').fill(jstDay(14));
    await dialog.locator('textarea[name="comment"]').fill('サポート責任者に問い合わせ状況を確認する');
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForIdle(page);
    await expect.poll(() => row('SUPPORT').getAttribute('data-status')).toBe('IN_PROGRESS');
    const shown = await row('SUPPORT').getByTestId('finding-status').innerText();
    expect(shown).toContain('対応中');
    expect(shown).toContain(`対応者: ${fixture.pm!.name}`);
    expect(shown).toContain('サポート責任者に問い合わせ状況を確認する');
    const { rows: [t] } = await ui.s.sql.query(`select status, owner_id::text, to_char(due_on, 'YYYY-MM-DD') as due from audit_finding_triage`);
    expect(t).toEqual({ status: 'IN_PROGRESS', owner_id: fixture.pm!.id, due: jstDay(14) });
    await screenshot(page, 'auditor-finding-triage');
  });

  test('closing asks for the reason: 是正済み cannot be recorded without a comment', async () => {
    const { page } = ui.session;
    await row('SUPPORT').getByRole('button', { name: '対応する' }).click();
    const dialog = page.getByTestId('finding-triage');
    await dialog.getByLabel('対応状況').click();
    await page.getByRole('option', { name: '是正済み' }).click();
    expect(await dialog.getByRole('button', { name: '記録する' }).isDisabled()).toBe(true);
    expect(await dialog.getByTestId('finding-comments').innerText()).toContain('サポート責任者に問い合わせ状況を確認する');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('accepting the privacy manager\'s pattern makes a rule: the finding is 受容, the rule listed; revoked, it is open again', async () => {
    const { page } = ui.session;
    await row('PM').getByRole('button', { name: 'このパターンを受容する' }).click();
    const dialog = page.getByTestId('accept-rule');
    expect(await dialog.innerText()).toContain('平文閲覧の件数超過');
    expect(await dialog.getByLabel(`担当者: ${fixture.pm!.name}`).isChecked()).toBe(true);
    expect(await dialog.getByLabel('役割: 個人情報保護管理者').isChecked()).toBe(true);
    await dialog.locator('textarea[name="reason"]').fill('開示請求への対応（請求台帳で確認）');
    await dialog.getByRole('button', { name: 'ルールを作成する' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row('PM').getAttribute('data-status')).toBe('ACCEPTED');
    const { rows: [rule] } = await ui.s.sql.query('select id::text, staff_id::text, role, code from audit_accept_rule');
    expect(rule).toMatchObject({ staff_id: fixture.pm!.id, role: 'PRIVACY_MANAGER', code: 'CLEAR_READ_VOLUME' });
    expect(await row('PM').getByTestId('finding-status').innerText()).toContain(`受容ルール #${rule.id} により受容`);
    const rules = page.getByTestId('accept-rules');
    await expect.poll(() => rules.innerText()).toContain('開示請求への対応（請求台帳で確認）');
    expect(await rules.innerText()).toContain(`担当者: ${fixture.pm!.name}`);

    // Unresolved only: the accepted finding is hidden, the one in progress stays.
    await page.getByLabel('未完了のみ').check();
    expect(await row('PM').count()).toBe(0);
    expect(await row('SUPPORT').count()).toBe(1);
    await page.getByLabel('未完了のみ').uncheck();
    await screenshot(page, 'auditor-accept-rule');

    await rules.locator(`tr[data-rule="${rule.id}"]`).getByRole('button', { name: '取り消す' }).click();
    const revoke = page.getByTestId('revoke-rule');
    await revoke.locator('textarea[name="reason"]').fill('請求台帳と件数が合わない');
    await revoke.getByRole('button', { name: '取り消す' }).click();
    await revoke.waitFor({ state: 'detached' });
    await expect.poll(() => row('PM').getAttribute('data-status')).toBe('OPEN');
    await expect.poll(() => rules.innerText()).toContain('有効な受容ルールはありません');
  });

  test('the change history names the work in Japanese: 監査の指摘, 受容ルール, the audit\'s thresholds', async () => {
    await ui.session.openList('ChangeEvent');
    await ui.session.page.locator('tbody tr').first().waitFor();
    const text = await ui.session.page.locator('main').innerText();
    expect(text).toContain('監査の指摘');
    expect(text).toContain('受容ルール');
    expect(text).not.toMatch(/AuditFinding|AuditAcceptRule|triageAuditFinding/);
    // The audit's thresholds (an object field) by their labels, not `Audit.settings` / `Audit.spikeMultiplier`.
    expect(text).toContain('判定の基準値');
    expect(text).toContain('1日の平文閲覧の上限（人）: 2');
    expect(text).not.toMatch(/Audit\.\w/);
  });
});
