import type { EntityManager } from '@mikro-orm/postgresql';
import { appendTrail, type TrailEntryInput } from '../../trail/trail-writer';
import { intArray } from '../../common/sql';
import { removeDisclosureFiles } from './disclosure.service';
import { todayInJapan } from '../../common/japan-dates';
import { legalSettings } from './legal-settings';
import { ordersDue } from './retention-holds';
import { jstDateText } from '../../common/jst-sql';

export interface SweepResult {
  today: string;
  orders: number;
  orderItems: number;
  provisionRecords: number;
  customersPurged: number;
  disclosureFilesExpired: number;
}

type Counts = Map<number, { orders: number; orderItems: number; provisionRecords: number; purged: boolean }>;

/**
 * Deletes what a deletion request kept under a legal duty once every duty has run out (`today`, a date
 * in Japan, is on or after the record's due date under legal-retention.ts): orders with their items, and provision records,
 * of erased customers only. An erasure with nothing left is marked purged. Disclosure files never
 * downloaded are emptied when they expire. One transaction; each customer touched gets a CHANGE entry.
 */
export async function sweepRetention(em: EntityManager, today: string = todayInJapan()): Promise<SweepResult> {
  return em.transactional(async (tx) => {
    const run = (sql: string, params: unknown[] = []) => tx.execute(sql, params) as Promise<Record<string, any>[]>;
    const held = await run(`select o.id, ${jstDateText('o.placed_at')} as placed
      from "order" o join customer_erasure e on e.customer_id = o.customer_id where e.purged_at is null`);
    const dueOrders = intArray(ordersDue(held as { id: number; placed: string }[], await legalSettings(tx as EntityManager), today)
      .filter((o) => o.due).map((o) => o.id));
    const items = await run(`delete from order_item i using "order" o where o.id = i.order_id and i.order_id = any(?::int[])
      returning o.customer_id`, [dueOrders]);
    const orders = await run(`delete from "order" where id = any(?::int[]) returning customer_id`, [dueOrders]);
    const records = await run(`delete from provision_record p using customer_erasure e
      where e.customer_id = p.customer_id and e.purged_at is null and p.keep_until < ?::date returning p.customer_id`, [today]);
    const purged = await run(`update customer_erasure e set purged_at = now() where e.purged_at is null
      and not exists (select 1 from "order" o where o.customer_id = e.customer_id)
      and not exists (select 1 from provision_record p where p.customer_id = e.customer_id) returning e.customer_id`);
    const files = await run(`update disclosure_download d set file_path = null from disclosure_download old
      where d.id = old.id and old.file_path is not null and old.expires_at <= now() returning old.file_path`);
    await removeDisclosureFiles(files.map((f) => f.file_path));

    const counts: Counts = new Map();
    const of = (id: number) => counts.get(id) ?? counts.set(id, { orders: 0, orderItems: 0, provisionRecords: 0, purged: false }).get(id)!;
    for (const r of items) of(r.customer_id).orderItems += 1;
    for (const r of orders) of(r.customer_id).orders += 1;
    for (const r of records) of(r.customer_id).provisionRecords += 1;
    for (const r of purged) of(r.customer_id).purged = true;
    const entries: TrailEntryInput[] = [...counts].map(([customerId, c]) => ({
      kind: 'CHANGE', staffId: null, apiKeyId: null, role: null, purpose: null, operation: 'retentionSweep', queryHash: null,
      requestId: null, clientAddress: null, customerId, clearFields: [], maskedFields: [],
      detail: {
        entity: 'Customer', entityId: customerId, action: 'DELETE', fields: [], oldValues: null, newValues: null,
        reason: `保存期間の満了による削除 / retention period over (${today})`, ...c,
      },
    }));
    await appendTrail(tx as EntityManager, entries);
    return {
      today, orders: orders.length, orderItems: items.length, provisionRecords: records.length,
      customersPurged: purged.length, disclosureFilesExpired: files.length,
    };
  });
}
