// `npm run seed -- [--customers N] [--seed S] [--force]`: demo data into DATABASE_URL (or the embedded database).
import { parseArgs } from 'node:util';
import { resolveDatabase } from '../db/database-url';
import { migrateDatabase } from '../db/migrate';
import { assertNotProduction, DEMO_PASSWORD, isDatabaseSeeded, seedDemoData, truncateDomainTables } from '../seeders';

const USAGE = `usage: npm run seed -- [--customers N] [--seed S] [--force]
  --customers N  customers to generate (default 200; each gets ~3 orders, ~5 interactions)
  --seed S       PRNG seed: the same seed gives the same data (default 1)
  --force        empty the domain tables first when the database is already seeded`;

function integerOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    customers: { type: 'string' },
    seed: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const customers = integerOption('customers', values.customers, 200);
const seed = integerOption('seed', values.seed, 1);

try {
  assertNotProduction();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const db = await resolveDatabase();
try {
  // Demo data is the owner's to write (the embedded cluster's owner role, or DATABASE_URL).
  const url = db.ownerUrl ?? db.url;
  await migrateDatabase(url);
  if (await isDatabaseSeeded(url)) {
    if (!values.force) {
      console.log('The database is already seeded (staff accounts exist): nothing to do. Use --force to empty it and seed again.');
      process.exit(0);
    }
    const alsoEmptied = await truncateDomainTables(url);
    console.log(`--force: emptied the domain tables${alsoEmptied.length ? ` and, by cascade, ${alsoEmptied.join(', ')}` : ''}`);
  }
  const summary = await seedDemoData(url, { customers, seed, onProgress: (msg) => console.log(`  ${msg}`) });
  console.log(`Seeded in ${(summary.elapsedMs / 1000).toFixed(1)} s (seed ${summary.seed}):`);
  console.table({
    customers: summary.customers, households: summary.households, minors: summary.minors, orders: summary.orders,
    'order items': summary.orderItems, 'gift orders': summary.giftOrders, 'overdue orders': summary.overdueOrders,
    interactions: summary.interactions, recordings: summary.recordings, consents: summary.consents,
    'privacy requests': summary.privacyRequests, 'collection cases': summary.collectionCases,
    mailings: summary.mailings, 'mailing recipients': summary.mailingRecipients,
    products: summary.products, contractors: summary.contractors, staff: summary.staff,
  });
  console.log(`Demo logins: <role>@demo.mamori.jp (e.g. privacy-manager@demo.mamori.jp), password "${DEMO_PASSWORD}".`);
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
} finally {
  await db.stop();
}
