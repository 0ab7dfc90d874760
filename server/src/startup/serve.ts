// What `npm start` does once Node is known to be recent enough (main.ts): database (embedded unless
// DATABASE_URL), migrations, demo data on the first run, API + admin UI. Fails in one sentence (explain.ts).
import 'reflect-metadata';
import { ROLE_KEYS } from '../../../schema/policy';
import { startApp } from '../app';
import { ensureTrailPartitions } from '../trail/trail-partitions';
import { loginSettingsFrom } from '../auth/login-settings';
import { isProduction, loadSecret, loadSettings, settings } from '../config';
import { type ResolvedDatabase, resolveDatabase } from '../db/database-url';
import { migrateDatabase } from '../db/migrate';
import { initOrm } from '../db/orm';
import { DEMO_PASSWORD, demoEmail, isDatabaseSeeded, seedDemoData } from '../seeders';
import { assertPortFree, explainStartupFailure } from './explain';

let host = '127.0.0.1';
let port = 4000;
let debug = false;
let db: ResolvedDatabase | null = null;
let stopping = false;
let stopApp: (() => Promise<void>) | null = null;

/** Each step of the shutdown is bounded: a stuck step must not leave the process (or Postgres) running. */
async function step(name: string, work: () => Promise<void>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(() => { console.error(`${name}: gave up after ${ms} ms`); resolve(); }, ms); });
  await Promise.race([work().catch((e) => console.error(`${name}:`, e instanceof Error ? e.message : e)), timeout]);
  clearTimeout(timer);
  if (debug) console.log(`${name}: done`);
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await step('server', async () => { await stopApp?.(); }, 5_000);
  await step('database', async () => { await db?.stop(); }, 20_000);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  // Every setting first: a bad one stops the server before anything starts, naming it.
  const config = loadSettings();
  loginSettingsFrom();
  ({ PORT: port, HOST: host, MAMORI_DEBUG: debug } = config);
  await assertPortFree(port, host);
  const secret = loadSecret();
  db = await resolveDatabase();
  await migrateDatabase(db.url);
  const seeded = await isDatabaseSeeded(db.url);
  if (!seeded && !isProduction()) {
    console.log('First run: seeding demo data…');
    await seedDemoData(db.url, { customers: config.MAMORI_DEMO_CUSTOMERS });
  }
  const orm = await initOrm(db.url);
  await ensureTrailPartitions(orm.em.fork());
  const app = await startApp({ orm, secret }, port, host);
  stopApp = async () => { await app.stop(); await orm.close(true); };
  console.log(`Mamori is running: ${app.url}/ (admin UI) and ${app.url}/graphql (API)`);
  console.log(`Database: ${db.description}`);
  if (!isProduction()) {
    console.log(`Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const role of ROLE_KEYS) console.log(`  ${role.padEnd(18)} ${demoEmail(role)}`);
  } else if (!seeded) {
    console.log('No staff account exists yet: create the first ADMIN and PRIVACY_MANAGER with '
      + '`npm run staff:bootstrap -- --admin-email … --privacy-manager-email …` (README, Deployment).');
  }
} catch (error) {
  if (stopping) await new Promise(() => {}); // Ctrl-C during the start: shutdown() exits
  const failure = explainStartupFailure(error, { port, host, databaseUrl: db?.url ?? settings().DATABASE_URL?.toString(), embedded: db ? db.embedded : !settings().DATABASE_URL });
  console.error(failure.message);
  if (debug) console.error(error);
  await db?.stop();
  process.exit(failure.exitCode);
}
