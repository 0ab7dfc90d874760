// The retention sweep: what a deletion kept under a legal duty is deleted once the duty has run out.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sweepRetention } from '../server/src/modules/privacy-request/retention.service';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { eraseApproved } from './helpers/erasure';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const plusYears = (years: number) => new Date(Date.now() + 9 * 3_600_000 + years * 366 * 86_400_000).toISOString().slice(0, 10);

/** An erased customer who keeps one 6-year-old order (4–5 years to go under company law) and a provision record (3 years to go). */
async function erasedWithRemainder(n: number): Promise<{ id: number; orderId: number }> {
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, source, birth_date)
    values ($1, '保存 期間', 'ホゾン キカン', '100-0001', '東京都', '千代田区', '1-1', '03-1111-2222', '0311112222', $2, 'WEB', '1960-01-01') returning id`,
  [`S${6000000 + n}`, `keep${n}@example.jp`]);
  const { rows: [o] } = await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name,
      ship_to_postal_code, ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
    values ($1, $2, 3000, 'DELIVERED', 'PAID', '保存 期間', '100-0001', '東京都', '千代田区', '1-1', '03-1111-2222', now() - interval '6 years') returning id`,
  [`SO${n}`, c.id]);
  await s.sql.query(`insert into order_item (order_id, product_name, quantity, unit_price_yen) values ($1, '石鹸', 3, 1000)`, [o.id]);
  await pm(`mutation($c: ID!) { createProvisionRecord(customerId: $c, recipientName: "千代田区役所", dataCategories: ["contact.name"],
    legalBasis: LAW, exemptionNote: "地方税法に基づく照会") { id } }`, { c: String(c.id) });
  const r = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(c.id) });
  const id = r.data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  expect((await eraseApproved(s, pm, id, 'remainderDueAt')).errors).toBeUndefined();
  return { id: c.id, orderId: o.id };
}

const remaining = async (customerId: number) => ({
  orders: (await s.sql.query('select count(*)::int n from "order" where customer_id = $1', [customerId])).rows[0].n,
  provisionRecords: (await s.sql.query('select count(*)::int n from provision_record where customer_id = $1', [customerId])).rows[0].n,
  purged: (await s.sql.query('select purged_at is not null as p from customer_erasure where customer_id = $1', [customerId])).rows[0].p,
});

describe('the retention sweep', () => {
  test('deletes nothing before it falls due, the provision record after 3 years, the order 10 years after its fiscal year closed, then marks the erasure purged', async () => {
    const p = await erasedWithRemainder(1);
    const live = (await s.sql.query(`select count(*)::int n from "order" o join customer c on c.id = o.customer_id where c.status <> 'ERASED'`)).rows[0].n;
    const em = () => s.orm.em.fork() as EntityManager;

    expect(await sweepRetention(em())).toMatchObject({ orders: 0, provisionRecords: 0, customersPurged: 0 });
    expect(await remaining(p.id)).toEqual({ orders: 1, provisionRecords: 1, purged: false });

    // Past the tax law's 7 years (the order is 6 years old) but not company law's 10 from the close of its fiscal year.
    expect(await sweepRetention(em(), plusYears(3))).toMatchObject({ orders: 0, orderItems: 0, provisionRecords: 1, customersPurged: 0 });
    expect(await remaining(p.id)).toEqual({ orders: 1, provisionRecords: 0, purged: false });

    expect(await sweepRetention(em(), plusYears(6))).toMatchObject({ orders: 1, orderItems: 1, provisionRecords: 0, customersPurged: 1 });
    expect(await remaining(p.id)).toEqual({ orders: 0, provisionRecords: 0, purged: true });

    // Only erased customers' records are ever swept, however old.
    expect((await s.sql.query(`select count(*)::int n from "order" o join customer c on c.id = o.customer_id where c.status <> 'ERASED'`)).rows[0].n).toBe(live);
    const { rows } = await s.sql.query(`select operation, detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and operation = 'retentionSweep' order by id`, [p.id]);
    expect(rows.map((r) => [r.detail.orders, r.detail.provisionRecords, r.detail.purged])).toEqual([[0, 1, false], [1, 0, true]]);
  });

  test('`npm run retention:sweep` runs the sweep against DATABASE_URL', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('npx', ['tsx', 'server/src/cli/retention-sweep.ts'], { env: { ...process.env, DATABASE_URL: s.db.url }, timeout: 60_000 });
    expect(stdout).toMatch(/^retention sweep \(\d{4}-\d{2}-\d{2}\): \d+ orders, \d+ order items, \d+ provision records deleted/);
    // The live-data schedule (APPI art. 22) runs in the same daily command.
    expect(stdout).toMatch(/\nlive-data sweep \(\d{4}-\d{2}-\d{2}\): \d+ recordings \(\d+ audio files\), \d+ transcripts, \d+ withdrawn consents removed; \d+ dormant customers erased/);
  });
});
