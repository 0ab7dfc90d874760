// Which PostgreSQL the app talks to: DATABASE_URL when set, else an embedded cluster under MAMORI_HOME.
import path from 'node:path';
import pg from 'pg';
import { settings } from '../config';
import { startEmbeddedPostgres } from './embedded';
import { provisionEmbeddedRoles } from './embedded-roles';
import { REPO_ROOT, resolveMamoriHome } from './home';

export interface ResolvedDatabase {
  /** Whom the server connects as: DATABASE_URL, or the embedded cluster's application role. */
  url: string;
  /**
   * The owner's login, for migrations and demo data: the embedded cluster's owner role; null with
   * DATABASE_URL (then `url` migrates if it may, db/prepare.ts).
   */
  ownerUrl: string | null;
  /** True when we started an embedded cluster (then stop() shuts it down). */
  embedded: boolean;
  /** Stops what resolveDatabase started; a no-op for DATABASE_URL. */
  stop(): Promise<void>;
  /** Where the data lives, for the start banner. */
  description: string;
}
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
 * data in `dataDir` (relative to the repo root), by default `$MAMORI_HOME/pgdata` (db/home.ts), and the app
 * uses its `mamori` database (created if missing): the one place where the app's URL is made.
 */
export async function resolveDatabase(options: { dataDir?: string } = {}): Promise<ResolvedDatabase> {
  const fromEnv = settings().DATABASE_URL?.toString();
  if (fromEnv) return { url: fromEnv, ownerUrl: null, embedded: false, stop: async () => {}, description: 'DATABASE_URL' };

  const home = resolveMamoriHome(settings().MAMORI_HOME);
  const dataDir = options.dataDir ? path.resolve(REPO_ROOT, options.dataDir) : path.join(home.dir, 'pgdata');
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    // Two roles (#20): the owner migrates, the server runs as the application role.
    const logins = await provisionEmbeddedRoles(withDatabaseName(server.url, APP_DATABASE), home.dir);
    const notes = [home.why, server.runtime.copiedFrom && `binaries copied to ${path.dirname(server.runtime.binDir)}`].filter(Boolean);
    const description = `embedded PostgreSQL ${server.runtime.major} in ${dataDir}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    return { url: logins.appUrl, ownerUrl: logins.ownerUrl, embedded: true, stop: server.stop, description };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
