import { BUILT_IN, likePatterns, sweepStatements } from '../modules/sensitive/sensitive-text';
import { fakerJA } from '@faker-js/faker';
import pg from 'pg';
import { canonicalJson, seedPolicyDocument } from '../../../schema/policy';
import { policyDocumentHash } from '../policy/policy-hash';
import { insertAssignments } from './assignments';
import { BulkWriter } from './bulk';
import { ConsentGenerator, consentColumns } from './consents';
import { ID_TABLES, todayInJapan, type IdTable, type SeedContext } from './context';
import { CONTRACTOR_COUNT, insertContractors } from './contractors';
import { CustomerGenerator, customerColumns } from './customers';
import { InteractionGenerator, interactionColumns } from './interactions';
import { OrderGenerator, orderColumns, orderItemColumns } from './orders';
import { PrivacyRequestGenerator, privacyRequestColumns } from './privacy-requests';
import { insertProducts } from './products';
import { assertNotProduction, insertStaff } from './staff';

export { DEMO_PASSWORD, demoEmail, demoStaffEmails } from './staff';

export interface SeedOptions {
  customers?: number;
  seed?: number;
  onProgress?: (msg: string) => void;
  /** Customers per bulk insert round (default 2,000); memory stays bounded by it. */
  batchSize?: number;
}

export interface SeedSummary {
  seed: number;
  customers: number;
  households: number;
  minors: number;
  orders: number;
  orderItems: number;
  giftOrders: number;
  overdueOrders: number;
  interactions: number;
  recordings: number;
  consents: number;
  privacyRequests: number;
  collectionCases: number;
  mailings: number;
  mailingRecipients: number;
  products: number;
  contractors: number;
  staff: number;
  elapsedMs: number;
}

/** The tables the seeder fills (children first). */
export const DOMAIN_TABLES = [
  'collection_case', 'mailing_recipient', 'mailing', 'privacy_request', 'interaction', 'consent', 'order_item', 'order', 'customer', 'staff', 'contractor', 'product',
] as const;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** True when any staff account exists (a database without the schema counts as not seeded). */
export async function isDatabaseSeeded(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    try {
      const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM staff) AS seeded');
      return rows[0].seeded as boolean;
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return false; // undefined_table: not migrated
      throw error;
    }
  });
}

/**
 * Empties the domain tables. CASCADE also empties the tables that reference them (sessions, audits…):
 * returns their names so the caller can say so. Ids are not restarted: the access trail (append-only)
 * keeps naming customer and staff ids, which must never come to mean someone else. Development only.
 */
export async function truncateDomainTables(url: string): Promise<string[]> {
  assertNotProduction();
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT DISTINCT c.conrelid::regclass::text AS name FROM pg_constraint c
       WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY($1) AND NOT c.conrelid::regclass::text = ANY($1)`,
      [DOMAIN_TABLES.map((t) => (t === 'order' ? '"order"' : t))],
    );
    await client.query(`TRUNCATE ${DOMAIN_TABLES.map((t) => `"${t}"`).join(', ')} CASCADE`);
    // policy_version references staff, so the cascade empties it: version 1 (the seed) is in force again, as
    // on a fresh install (Migration20261207200000), else the next start finds no version in force.
    const seedPolicy = seedPolicyDocument();
    await client.query(`insert into policy_version (number, document, hash, state, published_at, reason)
      select 1, $1::jsonb, $2, 'PUBLISHED', now(), $3 where not exists (select 1 from policy_version)`,
    [canonicalJson(seedPolicy), policyDocumentHash(seedPolicy), `schema/policy ${seedPolicy.label} (seed, after seed --force)`]);
    return rows.map((r) => r.name).sort();
  });
}

/**
 * Fills an empty, migrated database with deterministic demo data (same seed and day → same rows):
 * catalogue, contractors, one staff account per role, then customers with their orders, interactions and
 * consents, generated and bulk-inserted in rounds, all in one transaction.
 */
export async function seedDemoData(url: string, opts: SeedOptions = {}): Promise<SeedSummary> {
  assertNotProduction();
  const started = Date.now();
  const total = opts.customers ?? 200;
  const seed = opts.seed ?? 1;
  const batchSize = opts.batchSize ?? 2_000;
  if (!Number.isInteger(total) || total < 0) throw new Error(`customers must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const progress = opts.onProgress ?? (() => {});
  if (await isDatabaseSeeded(url)) throw new Error('The database is already seeded (staff accounts exist); truncate it first.');

  return withClient(url, async (client) => {
    await client.query('BEGIN');
    try {
      const today = todayInJapan();
      const products = await insertProducts(client);
      const contractors = await insertContractors(client, today);
      const staff = await insertStaff(client, contractors);
      progress(`catalogue (${products.length} products), ${CONTRACTOR_COUNT} contractors, ${staff.count} staff accounts`);

      const ids = await lastIds(client);
      const numbers = await lastNumbers(client);
      fakerJA.seed(seed);
      const ctx: SeedContext = {
        seed, today, ids, numbers, products,
        carriers: [{ id: contractors.carrier, weight: 3 }, { id: contractors.carrier2, weight: 1 }],
        supportStaffIds: staff.supportIds, privacyManagerId: staff.privacyManagerId,
        companyNames: Array.from({ length: 40 }, () => fakerJA.company.name()),
      };
      const customers = new CustomerGenerator(ctx, total);
      const orders = new OrderGenerator(ctx);
      const interactions = new InteractionGenerator(ctx);
      const consents = new ConsentGenerator(ctx);
      const requests = new PrivacyRequestGenerator(ctx);
      const buffers = [
        customerColumns(), orderColumns(), orderItemColumns(), consentColumns(), interactionColumns(), privacyRequestColumns(),
      ] as const;
      const [customerBuf, orderBuf, itemBuf, consentBuf, interactionBuf, requestBuf] = buffers;
      const writer = new BulkWriter(client);
      let done = 0;
      let interactionCount = 0;
      let orderCount = 0;

      while (customers.remaining > 0) {
        for (const c of customers.next(customerBuf)) {
          const placed = orders.forCustomer(c, orderBuf, itemBuf);
          orderCount += placed.length;
          const contacts = interactions.forCustomer(c, placed, interactionBuf);
          interactionCount += contacts.count;
          consents.forCustomer(c, consentBuf);
          requests.forCustomer(c, contacts.requests, requestBuf);
          done++;
        }
        if (customerBuf.length >= batchSize || customers.remaining === 0) {
          await writer.flush(...buffers);
          progress(`customers ${done}/${total}, orders ${orderCount}, interactions ${interactionCount} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      }
      await writer.drain();
      await setSequences(client);
      // Free text that holds sensitive information is marked as it would be when written through the API.
      const patterns = likePatterns(BUILT_IN);
      for (const sql of sweepStatements('$1')) await client.query(sql, [patterns]);
      // The demo store asked for consent when it noted such information (APPI art. 20(2)).
      await client.query(`insert into consent (customer_id, purpose, granted_at, source)
        select c.id, 'SENSITIVE_INFORMATION', c.created_at, c.source from customer c where c.sensitive_fields <> '{}'
          or exists (select 1 from interaction i where i.customer_id = c.id and i.sensitive_fields <> '{}')`);
      const assigned = await insertAssignments(client, contractors, { accounting: staff.idOf('ACCOUNTING'), marketing: staff.idOf('MARKETING') });
      progress(`${assigned.collectionCases} collection cases, ${assigned.mailings} mailings (${assigned.mailingRecipients} recipients)`);
      await client.query('COMMIT');
      progress('analyzing tables');
      await client.query(`ANALYZE ${DOMAIN_TABLES.map((t) => `"${t}"`).join(', ')}`);
      return {
        seed, customers: done, households: customers.households, minors: customers.minors,
        orders: orderCount, orderItems: orders.items, giftOrders: orders.gifts, overdueOrders: orders.overdue,
        interactions: interactionCount, recordings: interactions.recordings, consents: consents.count,
        privacyRequests: requests.count, ...assigned,
        products: products.length, contractors: CONTRACTOR_COUNT, staff: staff.count, elapsedMs: Date.now() - started,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/** The last id used per table: past both the rows and the sequence (ids deleted or rolled back are not reused). */
async function lastIds(client: pg.ClientBase): Promise<SeedContext['ids']> {
  const ids = {} as SeedContext['ids'];
  for (const [key, table] of Object.entries(ID_TABLES) as [IdTable, string][]) {
    const { rows: [{ seq }] } = await client.query(`SELECT pg_get_serial_sequence($1, 'id') AS seq`, [`"${table}"`]);
    const { rows: [{ last }] } = await client.query(
      `SELECT greatest((SELECT coalesce(max(id), 0) FROM "${table}"), (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${seq}))::int AS last`,
    );
    ids[key] = last;
  }
  return ids;
}

/** The highest customer and order numbers in the seeded ranges (below the app's own sequences). */
async function lastNumbers(client: pg.ClientBase): Promise<SeedContext['numbers']> {
  const { rows: [r] } = await client.query(
    `SELECT (SELECT coalesce(max(substring(customer_number, 2)::int), 0) FROM customer WHERE customer_number ~ '^C[0-4][0-9]{6}$') AS customer,
            (SELECT coalesce(max(substring(order_number, 2)::int), 0) FROM "order" WHERE order_number ~ '^O[0-4][0-9]{8}$') AS "order"`,
  );
  return { customer: r.customer, order: r.order };
}

/** Ids were assigned here, so move each serial sequence past them. */
async function setSequences(client: pg.ClientBase): Promise<void> {
  for (const table of Object.values(ID_TABLES)) {
    const t = `"${table}"`;
    await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), max(id)) FROM ${t} HAVING max(id) IS NOT NULL`);
  }
}
