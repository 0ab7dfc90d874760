// Contractors' own work (#21 item 10), in headless Chromium against the real server: the carrier marks the
// shipments handed to it picked up and delivered (recorded; nobody else's, not out of order), its order page
// labels every value, and the mailing house sees by reason why its list is shorter than the recipients handed over.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureUiBuilt, launchBrowser, listTotal, loginAs, pickPurpose, POLL, screenshot, waitForIdle } from './helpers/browser';
import { contractorOf } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 40 }), launchBrowser()]);
  // Enough shipments waiting for the carrier: each test takes its own through the steps.
  await s.sql.query(`update "order" set carrier_id = $1 where id in (select id from "order" where status = 'PLACED' order by id desc limit 4)`,
    [await contractorOf(s.sql, 'CARRIER')]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const rows = async (sql: string, params: unknown[] = []) => (await s.sql.query(sql, params)).rows;

describe('the carrier\'s shipments', () => {
  test('the API: picked up then delivered, in order, only its own, each step recorded', async () => {
    const own = await contractorOf(s.sql, 'CARRIER');
    const [order] = await rows(`select id from "order" where carrier_id = $1 and status = 'PLACED' order by id limit 1`, [own]);
    const [other] = await rows(`select id from "order" where carrier_id is distinct from $1 order by id limit 1`, [own]);
    const carrier = await s.asRole('CARRIER', 'SHIPPING');
    const early = await carrier(`mutation { markShipmentDelivered(id: "${order.id}") { id } }`);
    expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');
    const notMine = await carrier(`mutation { markShipmentPickedUp(id: "${other.id}") { id } }`);
    expect(notMine.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const support = await s.asRole('SUPPORT', 'TRANSACTION');
    expect((await support(`mutation { markShipmentPickedUp(id: "${order.id}") { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await rows(`select status from "order" where id = $1`, [order.id]))[0].status).toBe('PLACED');

    const picked = await carrier(`mutation { markShipmentPickedUp(id: "${order.id}") { id status shippedAt } }`);
    expect(picked.errors).toBeUndefined();
    expect(picked.data.markShipmentPickedUp.status).toBe('SHIPPED');
    const delivered = await carrier(`mutation { markShipmentDelivered(id: "${order.id}") { id status deliveredAt } }`);
    expect(delivered.errors).toBeUndefined();
    const [after] = await rows(`select status, shipped_at, delivered_at from "order" where id = $1`, [order.id]);
    expect(after.status).toBe('DELIVERED');
    expect(after.shipped_at).not.toBeNull();
    expect(after.delivered_at).not.toBeNull();
    // Delivered, it is no longer the carrier's work: out of its scope.
    expect((await carrier(`mutation { markShipmentDelivered(id: "${order.id}") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const trail = await rows(`select detail from trail_entry where kind = 'CHANGE' and role = 'CARRIER' order by id`);
    expect(trail.map((t) => [t.detail.entity, Number(t.detail.entityId), t.detail.fields])).toEqual([
      ['Order', order.id, ['status', 'shippedAt']], ['Order', order.id, ['status', 'deliveredAt']],
    ]);
  });

  test('in the UI: the order list offers the next step; the order page labels every value', async () => {
    const own = await contractorOf(s.sql, 'CARRIER');
    const carrier = await loginAs(browser, s, 'CARRIER');
    await pickPurpose(carrier.page, 'SHIPPING');
    await carrier.openList('Order', { status: 'PLACED' });
    const total = await listTotal(carrier.page);
    expect(total).toBe(Number((await rows(`select count(*)::int as n from "order" where carrier_id = $1 and status = 'PLACED'`, [own]))[0].n));
    const first = carrier.page.locator('tbody tr').first();
    const number = (await first.locator('td.column-orderNumber').innerText()).trim();
    await first.getByRole('button', { name: '集荷済みにする' }).click();
    await expect.poll(async () => (await rows(`select status from "order" where order_number = $1`, [number]))[0].status).toBe('SHIPPED');
    await carrier.openList('Order', { status: 'SHIPPED' });
    const row = carrier.page.locator('tbody tr', { hasText: number });
    await row.getByRole('button', { name: '配達済みにする' }).click();
    await expect.poll(async () => (await rows(`select status from "order" where order_number = $1`, [number]))[0].status).toBe('DELIVERED');

    const [open] = await rows(`select id from "order" where carrier_id = $1 and status = 'PLACED' order by id limit 1`, [own]);
    await carrier.open(`/Order/${open.id}/show`);
    await waitForIdle(carrier.page);
    await screenshot(carrier.page, 'carrier-order-page');
    // Every label has a value under it, or a word saying why not (no blank labels).
    const blanks = await carrier.page.locator('#main-content .RaLabeled-label').evaluateAll((labels) => labels
      .filter((l) => !(l.parentElement?.innerText ?? '').replace(l.textContent ?? '', '').trim())
      .map((l) => l.textContent));
    expect(blanks).toEqual([]);
    await expect.poll(() => carrier.page.getByRole('button', { name: '集荷済みにする' }).count()).toBe(1);
  });
});

describe('the mailing house\'s list', () => {
  test('shows, by reason, how many recipients handed over are not served now', async () => {
    const house = await contractorOf(s.sql, 'MAILING_HOUSE');
    const [mailing] = await rows(`select id, purpose from mailing where contractor_id = $1 and status = 'HANDED_OVER' order by id limit 1`, [house]);
    const recipients = await rows(`select customer_id from mailing_recipient where mailing_id = $1 order by customer_id`, [mailing.id]);
    expect(recipients.length).toBeGreaterThan(2);
    await s.sql.query(`update consent set withdrawn_at = now() where customer_id = $1 and purpose = $2`, [recipients[0].customer_id, mailing.purpose]);
    await s.sql.query(`update consent set withdrawn_at = now() where customer_id = $1 and purpose = $2`, [recipients[1].customer_id, mailing.purpose]);
    const api = await s.asRole('MAILING_HOUSE', mailing.purpose);
    const r = await api(`{ allMailings { id recipientCount excluded { reason count } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.allMailings).toEqual([{ id: String(mailing.id), recipientCount: recipients.length, excluded: [{ reason: 'CONSENT_WITHDRAWN', count: 2 }] }]);
    const mh = await loginAs(browser, s, 'MAILING_HOUSE');
    await pickPurpose(mh.page, mailing.purpose);
    await mh.openList('Mailing');
    await screenshot(mh.page, 'mailing-house-mailings');
    const row = mh.page.locator('tbody tr').first();
    await expect.poll(() => row.locator('td.column-exclusions').innerText()).toBe('同意の撤回 2 件');
    expect(await row.locator('td.column-recipientCount').innerText()).toBe(String(recipients.length));
    await mh.openList('Customer');
    expect(await listTotal(mh.page)).toBe(recipients.length - 2);
  });
});
