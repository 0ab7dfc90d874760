// `npm start`: database (embedded unless DATABASE_URL), migrations, demo data on first run, API + admin UI.
import 'reflect-metadata';
import { loadSecret, loadSettings, isProduction, mamoriHome, SettingsError, type Settings } from './config';
import { SettingError } from './auth/client-address';
import { loginSettingsFrom } from './auth/login-settings';
import { resolveDatabase } from './db/database-url';
import { migrateDatabase } from './db/migrate';
import { initOrm } from './db/orm';
import { ensureTrailPartitions } from './trail/trail-partitions';
import { startApp } from './app';
import { ROLE_KEYS } from '../../schema/policy';
import { DEMO_PASSWORD, demoEmail, isDatabaseSeeded, seedDemoData } from './seeders';

/** A bad setting stops the server before anything starts, with one line naming it. */
function settingsOrExit(): Settings {
  try {
    const loaded = loadSettings();
    loginSettingsFrom();
    return loaded;
  } catch (e) {
    if (!(e instanceof SettingsError || e instanceof SettingError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
const config = settingsOrExit();
const db = await resolveDatabase();
let stopping = false;
let stopApp: (() => Promise<void>) | null = null;

/** Each step of the shutdown is bounded: a stuck step must not leave the process (or Postgres) running. */
async function step(name: string, work: () => Promise<void>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(() => { console.error(`${name}: gave up after ${ms} ms`); resolve(); }, ms); });
  await Promise.race([work().catch((e) => console.error(`${name}:`, e instanceof Error ? e.message : e)), timeout]);
  clearTimeout(timer);
  if (config.MAMORI_DEBUG) console.log(`${name}: done`);
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await step('server', async () => { await stopApp?.(); }, 5_000);
  await step('database', () => db.stop(), 20_000);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await migrateDatabase(db.url);
  const seeded = await isDatabaseSeeded(db.url);
  if (!seeded && !isProduction()) {
    console.log('First run: seeding demo data…');
    await seedDemoData(db.url, { customers: config.MAMORI_DEMO_CUSTOMERS });
  }
  const orm = await initOrm(db.url);
  await ensureTrailPartitions(orm.em.fork());
  const app = await startApp({ orm, secret: loadSecret() }, config.PORT, config.HOST);
  stopApp = async () => { await app.stop(); await orm.close(true); };
  console.log(`Mamori is running: ${app.url}/ (admin UI) and ${app.url}/graphql (API)`);
  console.log(db.embedded ? `Database: embedded PostgreSQL in ${mamoriHome()}/pgdata` : 'Database: DATABASE_URL');
  if (!isProduction()) {
    console.log(`Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const role of ROLE_KEYS) console.log(`  ${role.padEnd(18)} ${demoEmail(role)}`);
  }
} catch (e) {
  console.error(e instanceof SettingsError || e instanceof SettingError ? e.message : e);
  await db.stop();
  process.exit(1);
}
