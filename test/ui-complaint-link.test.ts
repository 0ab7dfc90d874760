// A complaint from someone with no customer record, in Chromium (#19): the privacy manager sees who made it, links
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
});
