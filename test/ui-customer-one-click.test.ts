// The customer page's one-click work (#21 item 2), in headless Chromium against the real server: support logs
// an interaction, the privacy manager receives a privacy request, each form opening with the customer chosen.
import { describe, expect, test, vi } from 'vitest';
import { loginAs, pickPurpose, POLL } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('PRIVACY_MANAGER', { customers: 5 });

const RECEIVE_REQUEST = 'プライバシー請求を受け付ける';

describe('from the customer page, in one click', () => {
  test('as SUPPORT an interaction form opens for this customer; receiving a privacy request is not offered', async () => {
    const support = await loginAs(ui.browser, ui.s, 'SUPPORT');
    await pickPurpose(support.page, 'INQUIRY_RESPONSE');
    await support.open('/Customer/3/show');
    const logInteraction = support.page.getByRole('link', { name: 'やり取りを記録する' });
    await logInteraction.waitFor();
    expect(await support.page.getByRole('link', { name: RECEIVE_REQUEST }).count()).toBe(0);
    await logInteraction.click();
    await expect.poll(() => decodeURIComponent(new URL(support.page.url()).hash)).toBe('#/Interaction/create?source={"customerId":"3"}');
    await expect.poll(() => support.page.locator('input[name="customerId"]').inputValue()).toContain('C0000003');
    await support.context.close();
  });

  test('as PRIVACY_MANAGER a privacy request is received for this customer: the form opens with them chosen', async () => {
    const { rows: [person] } = await ui.s.sql.query(
      `select id, customer_number from customer where status = 'ACTIVE' and id <> 3 order by id limit 1`);
    const pm = ui.session;
    await pm.open(`/Customer/${person.id}/show`);
    await pm.page.getByRole('link', { name: RECEIVE_REQUEST }).click();
    await expect.poll(() => decodeURIComponent(new URL(pm.page.url()).hash))
      .toBe(`#/PrivacyRequest/create?source={"customerId":"${person.id}"}`);
    const customer = pm.page.getByRole('combobox', { name: '顧客' });
    await expect.poll(() => customer.inputValue()).toContain(person.customer_number);
    await pm.page.getByRole('combobox', { name: '請求の種類' }).click();
    await pm.page.getByRole('option', { name: '開示', exact: true }).click();
    await pm.page.getByRole('listbox').waitFor({ state: 'detached' });
    await pm.page.getByRole('button', { name: '保存' }).click();
    await pm.page.getByTestId('request-workflow').waitFor();
    const { rows } = await ui.s.sql.query(`select id, status from privacy_request where customer_id = $1 and kind = 'DISCLOSURE'`, [person.id]);
    expect(rows).toEqual([expect.objectContaining({ status: 'RECEIVED' })]);
    expect(pm.page.url()).toContain(`/PrivacyRequest/${rows[0].id}/show`);
  });
});
