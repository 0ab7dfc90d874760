// Honest masking signals (#21) in Chromium: the lock only on values masked or withheld, its tooltip saying which;
// a field the policy keeps whole (都道府県 under a purpose that masks the address) is listed masked but has no lock.
import { describe, expect, test, vi } from 'vitest';
import { pickPurpose, POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('SUPPORT', { customers: 8 });

describe('as SUPPORT under FAMILY_INQUIRY (address and phone masked)', () => {
  test('the prefecture, kept whole by the policy, has no lock; the partly masked phone has one saying so', async () => {
    const api = await ui.s.asRole('SUPPORT', 'FAMILY_INQUIRY');
    const served = await api('{ allCustomers(perPage: 1, sortField: "createdAt", sortOrder: "DESC") { id prefecture phone maskedFields } }');
    expect(served.data.allCustomers[0].maskedFields).toEqual(expect.arrayContaining(['prefecture', 'phone']));

    await ui.session.openList('Customer');
    await pickPurpose(ui.session.page, 'FAMILY_INQUIRY');
    await ui.session.openList('Customer');
    const row = ui.session.page.locator('tbody tr').first();
    // The phone's lock first: it shows the row is FAMILY_INQUIRY's answer (under the login's purpose the phone is
    // clear), so the prefecture's missing lock below is that answer's too, not a row of the previous one.
    const phone = row.locator('td.column-phone [data-masked="true"]');
    await expect.poll(() => phone.count()).toBe(1);
    await waitForIdle(ui.session.page);
    expect(await phone.getAttribute('data-mask')).toBe('partial');
    expect(await phone.getAttribute('aria-label')).toContain('一部を伏せて表示');
    const prefecture = row.locator('td.column-prefecture');
    expect((await prefecture.innerText()).trim()).not.toBe('');
    expect(await prefecture.locator('[data-masked="true"]').count()).toBe(0);
    await screenshot(ui.session.page, 'mask-signals');
  });
});
