// The database and servers the default suites share: one seeded database, each server started once.
import type { RoleKey } from '../../schema/policy';
import { findFreePort } from '../../server/src/db/embedded';
import { createBenchDatabase, poolOn, type BenchDatabase } from './database';
import { loginAs } from './mamori';
import { startServerProcess, type ServerProcess } from './processes';

export const BENCH_SECRET = 'bench-secret-that-is-long-enough-0123456789';
/** Customers in the shared database: enough for 500-row pages, small enough to seed in seconds. */
export const SHARED_CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2_000);

let db: Promise<BenchDatabase> | null = null;
const servers = new Map<string, Promise<ServerProcess>>();
const tokens = new Map<string, Promise<string>>();
const metricsPorts = new Map<ServerKind, number>();

export function sharedDatabase(log: (m: string) => void): Promise<BenchDatabase> {
  db ??= createBenchDatabase('shared', SHARED_CUSTOMERS, log).then((d) => sensitiveMarks(d, log));
  return db;
}

/**
 * The seed marks free text holding sensitive information as detection at write time would (#19 item 5), so
 * reads decide those fields under the sensitive category. `BENCH_SENSITIVE=off` clears the marks: the same
 * rows read as if detection were off, to compare the customer loads with and without it.
 */
async function sensitiveMarks(d: BenchDatabase, log: (m: string) => void): Promise<BenchDatabase> {
  const sql = poolOn(d.url);
  try {
    if (process.env.BENCH_SENSITIVE === 'off') {
      await sql.query(`update customer set sensitive_fields = '{}' where sensitive_fields <> '{}'`);
      await sql.query(`update interaction set sensitive_fields = '{}' where sensitive_fields <> '{}'`);
    }
    const { rows: [r] } = await sql.query(`select (select count(*) from customer where sensitive_fields <> '{}')::int as customers,
      (select count(*) from customer)::int as of, (select count(*) from interaction where sensitive_fields <> '{}')::int as interactions`);
    log(`sensitive marks (BENCH_SENSITIVE=${process.env.BENCH_SENSITIVE ?? 'on'}): ${r.customers} of ${r.of} customers, ${r.interactions} interactions`);
  } finally {
    await sql.end();
  }
  return d;
}

export type ServerKind = 'floor' | 'peer' | 'mamori' | 'mamori-policy-off' | 'mamori-policy-trail-off' | 'mamori-replica' | 'mamori-ops' | 'mamori-metrics';

/** The server of `kind` on the shared database (started on first use). */
export async function sharedServer(kind: ServerKind, log: (m: string) => void): Promise<ServerProcess> {
  let s = servers.get(kind);
  if (!s) {
    const { url } = await sharedDatabase(log);
    const env: Record<string, string> = { DATABASE_URL: url, MAMORI_SECRET: BENCH_SECRET };
    if (kind === 'mamori-policy-off' || kind === 'mamori-policy-trail-off') env.BENCH_POLICY_OFF = '1';
    if (kind === 'mamori-policy-trail-off') env.BENCH_TRAIL_OFF = '1';
    // As npm start runs it: a JSON line per request (written, to nowhere) and the metrics counted.
    if (kind === 'mamori-ops') Object.assign(env, { BENCH_LOG_FILE: '/dev/null', BENCH_METRICS_PORT: String(await findFreePort()) });
    // The metrics on a port of their own and nothing else (no log): what the compiled path answered, planned or not.
    if (kind === 'mamori-metrics') env.BENCH_METRICS_PORT = String(await findFreePort());
    if (env.BENCH_METRICS_PORT) metricsPorts.set(kind, Number(env.BENCH_METRICS_PORT));
    s = startServerProcess(kind.startsWith('mamori') ? 'mamori' : kind, env, kind === 'peer' ? ['./bench/servers/graphql15.cjs'] : []);
    servers.set(kind, s);
  }
  return s;
}

/** The /metrics address of a shared server started with its metrics served (`mamori-ops`, `mamori-metrics`). */
export function metricsUrlOf(kind: ServerKind): string {
  const port = metricsPorts.get(kind);
  if (!port) throw new Error(`the ${kind} server serves no metrics`);
  return `http://127.0.0.1:${port}/metrics`;
}

/** A token for `role` on a Mamori server (tokens are signed with the shared secret: any replica accepts them). */
export function tokenFor(server: ServerProcess, role: RoleKey): Promise<string> {
  const key = `${server.url} ${role}`;
  let t = tokens.get(key);
  if (!t) { t = loginAs(server.url, role); tokens.set(key, t); }
  return t;
}
