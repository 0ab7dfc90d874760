// A complaint from someone with no customer record, in Chromium (#19): recorded from the interaction form on the
// complainant's name and contact; the privacy manager sees who made it, links
// it to the customer the complainant turned out to be (customer picker, how they were identified), and the
// complaint then shows that customer; the complainant's name and contact have left it.
import { describe, expect, test, vi } from 'vitest';
import { POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const NAME = '贈答 受取花子';
const CONTACT = 'hanako.gift@example.jp';
let complaintId = '';
const ui = uiFixture('PRIVACY_MANAGER', {
  customers: 5,
  prepare: async (s) => {
    const desk = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await desk(`mutation($n: String!, $c: String!) { createInteraction(channel: EMAIL, direction: INBOUND, kind: COMPLAINT,
      summary: "頼んでいない商品の案内が届きました。", complainantName: $n, complainantContact: $c) { id } }`, { n: NAME, c: CONTACT });
    expect(r.errors).toBeUndefined();
    complaintId = r.data.createInteraction.id;
  },
});

describe('as PRIVACY_MANAGER', () => {
  test('顧客に紐づける: the complainant shown, linked through the customer picker with how they were identified', async () => {
    const { rows: [c] } = await ui.s.sql.query(`select id, customer_number from customer where status = 'ACTIVE' order by id limit 1`);
    const page = ui.session.page;
    await ui.session.open(`/Complaint/${complaintId}`);
    const panel = page.getByTestId('complainant');
    await expect.poll(() => panel.innerText()).toContain(NAME);
    expect(await panel.innerText()).toContain(CONTACT);
    await page.getByRole('button', { name: '顧客に紐づける' }).click();
    const dialog = page.getByTestId('link-complaint');
    await dialog.waitFor();
    // Nothing is sent without a customer and a reason.
    await dialog.getByRole('button', { name: '顧客に紐づける' }).click();
    await expect.poll(() => dialog.locator('.Mui-error').count()).toBeGreaterThan(0);
    const picker = dialog.getByRole('combobox');
    await picker.fill(c.customer_number);
    await page.getByRole('option', { name: new RegExp(c.customer_number) }).click();
    await dialog.getByRole('textbox', { name: /確認の方法/ }).fill('電話で氏名・注文番号・登録メールアドレスを確認');
    await screenshot(page, 'complaint-link-dialog');
    await dialog.getByRole('button', { name: '顧客に紐づける' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await ui.s.sql.query(`select customer_id, complainant_name, complainant_contact from interaction where id = $1`,
      [Number(complaintId)])).rows[0]).toEqual({ customer_id: c.id, complainant_name: null, complainant_contact: null });
    await waitForIdle(page);
    // The complaint now shows its customer and no complainant; the edit form was not saved by the dialog's submit.
    await expect.poll(() => page.getByTestId('complainant').count()).toBe(0);
    expect(await page.locator('#main-content').innerText()).toContain(c.customer_number);
    const { rows } = await ui.s.sql.query(`select operation from trail_entry where kind = 'CHANGE' and (detail->>'entityId')::int = $1
      and detail->>'entity' = 'Interaction' order by id`, [Number(complaintId)]);
    expect(rows.map((r) => r.operation)).toEqual(['createInteraction', 'linkComplaintCustomer']);
    await screenshot(page, 'complaint-linked');
  });

  test('顧客でない方からの苦情 is recorded from the interaction form: a complaint on the complainant, no customer, no order', async () => {
    const page = ui.session.page;
    await ui.session.open('/Interaction/create');
    await page.getByLabel('顧客でない方からの苦情').check();
    expect(await page.getByRole('combobox', { name: '顧客' }).count()).toBe(0);
    expect(await page.getByRole('combobox', { name: '種別' }).count()).toBe(0);
    await page.getByRole('textbox', { name: /^申出者/ }).fill('贈答 受取次郎');
    const contact = page.getByRole('textbox', { name: /^連絡先/ });
    await contact.fill('なし');
    await page.getByRole('combobox', { name: 'チャネル' }).click();
    await page.getByRole('option', { name: '電話', exact: true }).click();
    await page.locator('input[name="summary"]').fill('頼んでいない案内が届いた');
    await page.getByRole('button', { name: '保存' }).click();
    // Checked as the server checks it, in Japanese, before anything is sent.
    await expect.poll(() => page.locator('.MuiFormControl-root', { has: contact }).locator('.Mui-error').count()).toBeGreaterThan(0);
    await contact.fill('03-1111-2222 / jiro.gift@example.jp');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/Interaction\/\d+\/show$/);
    const id = Number(/\/Interaction\/(\d+)\/show/.exec(page.url())![1]);
    expect((await ui.s.sql.query(`select customer_id, order_id, kind, channel, complainant_name, complainant_contact from interaction where id = $1`, [id])).rows[0])
      .toEqual({ customer_id: null, order_id: null, kind: 'COMPLAINT', channel: 'PHONE', complainant_name: '贈答 受取次郎', complainant_contact: '03-1111-2222 / jiro.gift@example.jp' });
    await expect.poll(() => page.getByTestId('complainant').innerText()).toContain('贈答 受取次郎');
    await screenshot(page, 'complaint-without-customer-recorded');
  });
});
