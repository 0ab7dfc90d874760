// A purpose switch in Chromium while a list is still being read: nothing read under the previous purpose is shown
// under the new one, even an answer still on its way when the user picked (the flake of ui-mask-signals, 2026-12-07).
import type { Request, Route } from 'playwright-core';
import { describe, expect, test, vi } from 'vitest';
import { appUrl, choosePurpose, POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('SUPPORT', { customers: 8 });

/** react-admin's read of the customer list (ra-data-graphql-simple names the operation after the query). */
const isCustomerList = (request: Request) =>
  request.url().endsWith('/graphql') && (request.postDataJSON() as { operationName?: string } | null)?.operationName === 'allCustomers';

describe('as SUPPORT, switching from IDENTITY_VERIFICATION (phone clear) to FAMILY_INQUIRY (phone masked)', () => {
  test('a list answer still in flight under the previous purpose is not shown; the list is read again under the new one', async () => {
    const { page } = ui.session;
    const listUnder: Record<string, number> = {};
    page.on('request', (request) => {
      if (!isCustomerList(request)) return;
      const purpose = request.headers()['x-purpose'] ?? '';
      listUnder[purpose] = (listUnder[purpose] ?? 0) + 1;
    });
    // The first list read under IDENTITY_VERIFICATION reaches the server only once the new purpose is picked: an
    // answer on its way at the moment of the pick, as on a loaded machine.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => { holding = resolve; });
    let heldOne = false;
    const holdFirstList = async (route: Route) => {
      const request = route.request();
      if (!heldOne && request.headers()['x-purpose'] === 'IDENTITY_VERIFICATION' && isCustomerList(request)) {
        heldOne = true;
        holding();
        await released;
      }
      await route.continue();
    };
    await page.route('**/graphql', holdFirstList);

    await page.goto(appUrl(ui.s, `/Customer?filter=${encodeURIComponent('{}')}&displayedFilters=%7B%7D&page=1`));
    await held;
    await choosePurpose(page, 'FAMILY_INQUIRY');
    release();
    await waitForIdle(page);

    // What the user sees: the first row's phone partly masked, with its lock.
    const phone = page.locator('tbody tr').first().locator('td.column-phone [data-masked="true"]');
    await expect.poll(() => phone.count()).toBe(1);
    expect(await phone.getAttribute('data-mask')).toBe('partial');
    expect(listUnder.FAMILY_INQUIRY).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'purpose-switch-in-flight');
    await page.unroute('**/graphql', holdFirstList);
  });
});
