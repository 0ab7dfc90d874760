// The customer page's one-click work (#21 item 2), in headless Chromium against the real server: support logs
// an interaction, the form opening with the customer chosen.
import { describe, expect, test, vi } from 'vitest';
import { loginAs, pickPurpose, POLL } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('PRIVACY_MANAGER', { customers: 5 });

describe('from the customer page, in one click', () => {
  test('as SUPPORT an interaction form opens for this customer', async () => {
    const support = await loginAs(ui.browser, ui.s, 'SUPPORT');
    await pickPurpose(support.page, 'INQUIRY_RESPONSE');
    await support.open('/Customer/3/show');
    await support.page.getByRole('link', { name: 'やり取りを記録する' }).click();
    await expect.poll(() => decodeURIComponent(new URL(support.page.url()).hash)).toBe('#/Interaction/create?source={"customerId":"3"}');
    await expect.poll(() => support.page.locator('input[name="customerId"]').inputValue()).toContain('C0000003');
  });
});
