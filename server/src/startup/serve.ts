// What `npm start` does once Node is known to be recent enough (main.ts): database (embedded unless
// DATABASE_URL), migrations, demo data on the first run, API + admin UI. Fails in one sentence (explain.ts).
import 'reflect-metadata';
import { ROLE_KEYS } from '../../../schema/policy';
import { startApp } from '../app';
import { ensureTrailPartitions } from '../trail/trail-partitions';
import { checkpointDir, loadRetiredTrailKeys, loadTrailKey } from '../trail/trail-key';
import { type CheckpointOptions, TrailCheckpointError } from '../trail/checkpointer';
import { loginSettingsFrom } from '../auth/login-settings';
import { isProduction, loadSecret, loadSettings, settings } from '../config';
import { type ResolvedDatabase, resolveDatabase } from '../db/database-url';
import { checkServerLogin, prepareSchema } from '../db/prepare';
import { initOrm } from '../db/orm';
import { DEMO_PASSWORD, demoEmail, isDatabaseSeeded, seedDemoData } from '../seeders';
import { createLog, safeError } from '../ops/log';
import { assertPortFree, explainStartupFailure } from './explain';
import { StartupError } from './startup-error';

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
  const metrics = config.MAMORI_METRICS_PORT ? { port: config.MAMORI_METRICS_PORT, host: config.MAMORI_METRICS_HOST } : null;
  if (metrics) await assertMetricsPortFree(metrics.port, metrics.host);
  const secret = loadSecret();
  // The trail's signing key, outside the database (generated into MAMORI_HOME outside production).
  const checkpoints: CheckpointOptions = {
    key: loadTrailKey(), retired: loadRetiredTrailKeys(), dir: checkpointDir(), intervalMs: config.MAMORI_TRAIL_CHECKPOINT_SECONDS * 1000,
  };
  db = await resolveDatabase();
  await prepareSchema(db);
  // A superuser or the trail's owner could rewrite the trail: refused in production, a warning otherwise.
  const loginWarning = await checkServerLogin(db.url);
  const dataUrl = db.ownerUrl ?? db.url;
  const seeded = await isDatabaseSeeded(dataUrl);
  if (!seeded && !isProduction()) {
    console.log('First run: seeding demo data…');
    await seedDemoData(dataUrl, { customers: config.MAMORI_DEMO_CUSTOMERS });
  }
  const orm = await initOrm(db.url);
  await ensureTrailPartitions(orm.em.fork());
  // Structured logs (JSON lines) on standard output, after the banner's plain lines.
  const log = createLog(config.MAMORI_LOG_LEVEL);
  // A checkpoint refused means the trail no longer verifies against the last one: the operator must look.
  checkpoints.onError = (e) => log.error(e instanceof TrailCheckpointError ? { trailCheckpoint: 'refused', reason: e.message } : { trailCheckpoint: 'failed', error: safeError(e) },
    'trail checkpoint not signed');
  const app = await startApp({ orm, secret, checkpoints }, port, host, { log, metrics });
  stopApp = async () => { await app.stop(); await orm.close(true); log.flush(); };
  console.log(`Mamori is running: ${app.url}/ (admin UI) and ${app.url}/graphql (API)`);
  console.log(`Database: ${db.description}`);
  if (loginWarning) console.log(loginWarning);
  // Each replica's setting and what its first check found: a bad one is named here, and reads stay on the primary.
  for (const line of app.replicas?.describe() ?? []) console.log(line);
  console.log(`Trail checkpoints: ${checkpoints.dir} (key ${checkpoints.key.keyId}, every ${config.MAMORI_TRAIL_CHECKPOINT_SECONDS} s)`);
  console.log(`Health: ${app.url}/healthz, ${app.url}/readyz · metrics: ${app.metricsUrl ?? 'off (MAMORI_METRICS_PORT=0)'}`);
  log.info({ url: app.url, metrics: app.metricsUrl, embeddedDatabase: db.embedded, production: isProduction() }, 'started');
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

/** The metrics port is checked with the main one, before the database work: taken, it stops the start (exit 11). */
async function assertMetricsPortFree(metricsPort: number, metricsHost: string): Promise<void> {
  try {
    await assertPortFree(metricsPort, metricsHost);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError('PORT_IN_USE', `Port ${metricsPort} on ${metricsHost} (MAMORI_METRICS_PORT, the metrics) is already in use by another program: `
        + `choose another, e.g. MAMORI_METRICS_PORT=${metricsPort === 65535 ? 9464 : metricsPort + 1} npm start, or MAMORI_METRICS_PORT=0 to serve no metrics.`, { cause: error });
    }
    throw new StartupError('CONFIGURATION', code === 'EACCES'
      ? `MAMORI_METRICS_PORT=${metricsPort} needs privileges this user lacks: choose a port above 1023 (default 9464), or 0 to serve no metrics.`
      : `MAMORI_METRICS_HOST=${metricsHost} is not an address of this machine: use 127.0.0.1 (the default).`, { cause: error });
  }
}
