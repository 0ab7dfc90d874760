// Benchmark databases on the machine's Postgres: created per run, seeded with the demo seeder, dropped afterwards.
import pg from 'pg';
import { withDatabaseName } from '../../server/src/db/database-url';
import { migrateDatabase } from '../../server/src/db/migrate';
import { seedDemoData, type SeedSummary } from '../../server/src/seeders';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Every database the bench creates starts with this, so a crashed run's leftovers are recognisable. */
export const BENCH_DB_PREFIX = 'mamori_bench_';

export interface BenchDatabase {
  url: string;
  name: string;
  seeded: SeedSummary | null;
  drop(): Promise<void>;
}

const open = new Set<BenchDatabase>();

export async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh migrated database (name: prefix + [a-z0-9_] suffix), seeded with `customers` demo customers. */
export async function createBenchDatabase(suffix: string, customers: number, log: (m: string) => void = () => {}): Promise<BenchDatabase> {
  if (!/^[a-z0-9_]+$/.test(suffix)) throw new Error(`bad database suffix ${suffix}`);
  const name = `${BENCH_DB_PREFIX}${suffix}_${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabaseName(ADMIN_URL, name);
  const db: BenchDatabase = {
    url, name, seeded: null,
    async drop() {
      open.delete(db);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
  open.add(db);
  await migrateDatabase(url);
  if (customers > 0) {
    let last = 0;
    db.seeded = await seedDemoData(url, {
      customers, seed: 7,
      onProgress: (m) => { if (Date.now() - last > 15_000) { last = Date.now(); log(`  seeding ${name}: ${m}`); } },
    });
  }
  return db;
}

/** Drops every database this process created (also on Ctrl-C). */
export async function dropAllBenchDatabases(): Promise<void> {
  for (const db of [...open]) await db.drop().catch(() => undefined);
}

/** A pg pool on a bench database, for checks. */
export function poolOn(url: string, max = 2): pg.Pool {
  return new pg.Pool({ connectionString: url, max });
}
