// A PostgreSQL primary and its streaming replicas, run from Debian's PostgreSQL 15 binaries (initdb,
// pg_ctl, pg_basebackup -R) on free ports under a temporary folder, stopped and removed at the end. As root
// every binary runs as the `postgres` user (PostgreSQL refuses root), which owns the folder.
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { withDatabaseName } from '../../server/src/db/database-url';
import { findFreePort } from '../../server/src/db/embedded';
import { lookupPostgresUser, type OsUser, runsAsRoot } from '../../server/src/db/embedded-runtime';
import { migrateDatabase } from '../../server/src/db/migrate';
import { DEFAULT_APP_ROLE, DEFAULT_OWNER_ROLE, ensureLoginRoles, withLogin } from '../../server/src/db/roles';
import { seedDemoData } from '../../server/src/seeders';
import { TEST_ROLE_PASSWORD } from './test-roles';

/** Debian's PostgreSQL 15 (package postgresql-15; .ci/run installs it). */
export const PG_BIN = process.env.MAMORI_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'postgres';
const PASSWORD = 'mamori-replica-test';
/** The application database every node serves (the replicas receive it by streaming). */
export const APP_DB = 'mamori';

export interface PgNode {
  name: string;
  port: number;
  dataDir: string;
  /** The app database on this node, as the superuser. */
  url: string;
  /** Runs one statement on a connection of its own (nothing stays connected across a kill). */
  query<T extends pg.QueryResultRow = any>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** SIGKILL to the postmaster and every backend: a crash, not a shutdown. */
  kill(): Promise<void>;
  /** pg_ctl start on the same folder and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** pg_ctl stop -m fast. Idempotent. */
  stop(): Promise<void>;
  running(): boolean;
}

export interface ReplicaCluster {
  dir: string;
  primary: PgNode;
  replicas: PgNode[];
  /** Resolves once every running replica has replayed the primary's current WAL position. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes the folder. Idempotent. */
  destroy(): Promise<void>;
}

interface Runner { user: OsUser | null; env: NodeJS.ProcessEnv }

function run(runner: Runner, binary: string, args: string[], cwd: string): Promise<string> {
  const options: SpawnOptions = {
    cwd, env: runner.env, stdio: ['ignore', 'pipe', 'pipe'],
    ...(runner.user ? { uid: runner.user.uid, gid: runner.user.gid } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(PG_BIN, binary), args, options);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => { output += c.toString(); });
    child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${binary} ${args.join(' ')} exited ${code}: ${output.trim().slice(-2000)}`))));
  });
}

/** The processes whose parent is `pid` (the postmaster's backends), from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT' && (error as { code?: string }).code !== 'ESRCH') throw error;
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ESRCH') return false;
    throw error;
  }
}

function makeNode(runner: Runner, dir: string, name: string, port: number): PgNode {
  const dataDir = path.join(dir, name);
  const logFile = path.join(dir, `${name}.log`);
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const postmasterPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null);
  const running = () => { const pid = postmasterPid(); return pid !== null && alive(pid); };
  const connection = (database: string) => `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  return {
    name, port, dataDir, running,
    url: connection(APP_DB),
    async query(sql, params = [], database = APP_DB) {
      const client = new pg.Client({ connectionString: connection(database), connectionTimeoutMillis: 5_000 });
      client.on('error', () => undefined); // a node killed while connected: the query below fails instead
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async kill() {
      const pid = postmasterPid();
      if (pid === null || !alive(pid)) return;
      const victims = [pid, ...childrenOf(pid)];
      for (const p of victims) process.kill(p, 'SIGKILL');
      for (let waited = 0; victims.some(alive); waited += 20) {
        if (waited > 10_000) throw new Error(`${name}: processes ${victims.filter(alive).join(', ')} outlived SIGKILL`);
        await sleep(20);
      }
    },
    async start() {
      if (running()) return;
      await run(runner, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '120', 'start'], dir);
    },
    async stop() {
      if (!running()) return;
      await run(runner, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], dir);
    },
  };
}

/** Settings of every node: loopback only, no Unix socket, quick to run and to replicate. */
function nodeSettings(port: number): string {
  return [
    '', '# test/helpers/replica-cluster.ts',
    `port = ${port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = ''`,
    // A throwaway cluster: durability against a power cut is not under test (a SIGKILL loses nothing with fsync off).
    'fsync = off', 'wal_level = replica', 'max_wal_senders = 10', 'hot_standby = on',
    // Replica queries are not cancelled by the primary's vacuum (the app would fall back to the primary anyway).
    'hot_standby_feedback = on', 'max_connections = 200', `wal_keep_size = '256MB'`,
    '',
  ].join('\n');
}

/**
 * initdb a primary, create the app database on it and `prepare` it (migrate, seed), then pg_basebackup -R
 * one replica per `replicas` (each with a physical replication slot, so a replica that was down catches up)
 * and start them; resolves once every replica is in recovery and has replayed the primary's position.
 */
export async function startReplicaCluster(opts: { replicas?: number; prepare?: (primaryUrl: string) => Promise<void> } = {}): Promise<ReplicaCluster> {
  if (!existsSync(path.join(PG_BIN, 'pg_basebackup'))) {
    throw new Error(`${PG_BIN}/pg_basebackup is missing: apt-get install postgresql-15 postgresql-client-15 (or set MAMORI_TEST_PG_BIN)`);
  }
  const user = runsAsRoot() ? lookupPostgresUser() : null;
  if (runsAsRoot() && !user) throw new Error('as root the clusters run as the user "postgres", which does not exist (apt-get install postgresql-15 creates it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'mamori-replica-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const runner: Runner = { user, env: { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: '', PGPASSWORD: PASSWORD } };
  const nodes: PgNode[] = [];
  const stopAll = () => {
    for (const node of nodes) if (node.running()) spawnSync(path.join(PG_BIN, 'pg_ctl'), ['-D', node.dataDir, '-m', 'immediate', 'stop'], { uid: user?.uid, gid: user?.gid, cwd: dir });
  };
  // A test process that dies without its afterAll still leaves no postmaster behind.
  process.on('exit', stopAll);
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    for (const node of [...nodes].reverse()) await node.stop().catch(() => node.kill());
    process.removeListener('exit', stopAll);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pwfile = path.join(dir, 'pw');
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) chownSync(pwfile, user.uid, user.gid);
    const primary = makeNode(runner, dir, 'primary', await findFreePort());
    nodes.push(primary);
    await run(runner, 'initdb', ['-D', primary.dataDir, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], dir);
    appendFileSync(path.join(primary.dataDir, 'postgresql.conf'), nodeSettings(primary.port));
    await primary.start();
    await primary.query(`create database ${APP_DB}`, [], 'postgres');
    await opts.prepare?.(primary.url);

    for (let i = 1; i <= (opts.replicas ?? 1); i++) {
      const replica = makeNode(runner, dir, `replica${i}`, await findFreePort());
      nodes.push(replica);
      await run(runner, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', SUPERUSER, '-D', replica.dataDir,
        '-R', '-X', 'stream', '-c', 'fast', '-C', '-S', `replica${i}`], dir);
      // The copied postgresql.conf names the primary's port: a later line wins.
      appendFileSync(path.join(replica.dataDir, 'postgresql.conf'), nodeSettings(replica.port));
      await replica.start();
    }
    const cluster: ReplicaCluster = {
      dir, primary, replicas: nodes.slice(1), destroy,
      async caughtUp(timeoutMs = 30_000) {
        const [{ lsn }] = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
        for (const replica of cluster.replicas.filter((r) => r.running())) {
          for (let waited = 0; ; waited += 50) {
            const [row] = await replica.query<{ behind: boolean; recovery: boolean }>(
              'select pg_is_in_recovery() as recovery, coalesce(pg_last_wal_replay_lsn() < $1::pg_lsn, true) as behind', [lsn])
              .catch(() => [{ behind: true, recovery: true }]); // still starting: not yet accepting connections
            if (!row.recovery) throw new Error(`${replica.name} is not in recovery: it is no replica`);
            if (!row.behind) break;
            if (waited > timeoutMs) throw new Error(`${replica.name} did not replay ${lsn} within ${timeoutMs} ms`);
            await sleep(50);
          }
        }
      },
    };
    await cluster.caughtUp();
    return cluster;
  } catch (error) {
    await destroy();
    throw error;
  }
}

/** The cluster's `postgres` maintenance database URL of a node (for CREATE DATABASE and the like). */
export const maintenanceUrl = (node: PgNode): string => withDatabaseName(node.url, 'postgres');

/**
 * A `prepare` that makes the app database as a deployment has it (#20): the owner and application roles
 * (which the replicas receive with everything else), the database owned by the owner, migrated as the
 * owner, demo data seeded.
 */
export function asDeployed(opts: { customers: number; seed: number }): (primaryUrl: string) => Promise<void> {
  return async (url) => {
    await ensureLoginRoles(withDatabaseName(url, 'postgres'), [DEFAULT_OWNER_ROLE, DEFAULT_APP_ROLE].map((name) => ({ name, password: TEST_ROLE_PASSWORD })));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`alter database ${APP_DB} owner to ${DEFAULT_OWNER_ROLE}`).finally(() => admin.end());
    const { appRoleGranted } = await migrateDatabase(withLogin(url, DEFAULT_OWNER_ROLE, TEST_ROLE_PASSWORD));
    if (!appRoleGranted) throw new Error(`${DEFAULT_APP_ROLE} was not granted`);
    await seedDemoData(url, opts);
  };
}

/** A node's app database as the application role: what the servers connect as. */
export const asAppRole = (node: PgNode): string => withLogin(node.url, DEFAULT_APP_ROLE, TEST_ROLE_PASSWORD);
