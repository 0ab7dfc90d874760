// Which PostgreSQL the app talks to: DATABASE_URL when set, else an embedded cluster under .mamori/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { settings } from '../config';
import { startEmbeddedPostgres } from './embedded';

export interface ResolvedDatabase {
  url: string;
  /** True when we started an embedded cluster (then stop() shuts it down). */
  embedded: boolean;
  /** Stops what resolveDatabase started; a no-op for DATABASE_URL. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const APP_DATABASE = 'mamori';

/** Same server and credentials, another database (keeps the query string, e.g. sslmode). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Creates the URL's database if missing, through the `postgres` maintenance database of the same server. */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`No database name in ${url}`);
  const client = new pg.Client({ connectionString: withDatabaseName(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((error) => {
      if (error.code !== '42P04') throw error; // duplicate_database: someone created it meanwhile
    });
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL wins (the embedded cluster is then never started). Otherwise an embedded cluster keeps its
 * data in `dataDir` (relative to the repo root), by default `$MAMORI_HOME/pgdata`, else `.mamori/pgdata`,
 * and the app uses its `mamori` database (created if missing).
 */
export async function resolveDatabase(options: { dataDir?: string } = {}): Promise<ResolvedDatabase> {
  const fromEnv = settings().DATABASE_URL?.toString();
  if (fromEnv) return { url: fromEnv, embedded: false, stop: async () => {} };

  // MAMORI_HOME is resolved against the cwd, like config.ts's mamoriHome(); dataDir against the repo root.
  const fromHome = settings().MAMORI_HOME;
  const home = fromHome ? path.resolve(fromHome) : path.join(REPO_ROOT, '.mamori');
  const dataDir = options.dataDir ? path.resolve(REPO_ROOT, options.dataDir) : path.join(home, 'pgdata');
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    const url = withDatabaseName(server.url, APP_DATABASE);
    await ensureDatabaseExists(url);
    return { url, embedded: true, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
