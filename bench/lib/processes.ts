// Each server under test runs in its own Node process, so the load generator never shares its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startNodeFlags } from './start-command';
import { generateTrailKeyPem } from '../../server/src/trail/trail-key';
import type { HeapProbeAnswer, HeapProbeAsk } from '../servers/heap-probe';
import type { ProfileProbeAnswer, ProfileProbeAsk } from '../servers/profile-probe';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Extra Node flags for a bench server, after those of `npm start` (e.g. `--expose-gc` for the heap probe). */
export interface ServerProcessOptions { nodeFlags?: string[] }

const running = new Set<ServerProcess>();
const STARTUP_TIMEOUT_MS = 60_000;

const BENCH_TRAIL_KEY = generateTrailKeyPem();

/**
 * Starts `bench/servers/<script>.ts` with `env` and waits for its `LISTENING <url>` line. Mamori runs with
 * the Node flags of `npm start`; the floor and the peer with Node's defaults.
 */
export async function startServerProcess(script: string, env: Record<string, string>, preload: string[] = [], options: ServerProcessOptions = {})
  : Promise<ServerProcess> {
  // BENCH_NODE_FLAGS: flags for every server of the run, floor and peer too (an experiment on the runtime compares like with like).
  const everyServer = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const flags = [...(script === 'mamori' ? startNodeFlags() : []), ...everyServer, ...(options.nodeFlags ?? [])];
  const child = spawn(process.execPath, [...flags, ...preload.flatMap((p) => ['--require', p]), '--import', 'tsx', `bench/servers/${script}.ts`], {
    // Production needs a trail key (it seals change values and signs checkpoints): one per bench run. It also
    // asks the privacy manager for a second factor at login, which the bench's password logins do not give: the
    // bench measures reads, and MFA is proved by its tests.
    env: { ...process.env, NODE_ENV: 'production', ...(script === 'mamori' ? { MAMORI_TRAIL_KEY: BENCH_TRAIL_KEY, MAMORI_MFA_ROLES: 'none' } : {}), ...env },
    // An IPC channel: the child stops itself when this process goes away.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time`)), STARTUP_TIMEOUT_MS);
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${script} exited with ${code}`)); });
  });
  const proc: ServerProcess = {
    url, child,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

export async function stopAllServerProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop().catch(() => undefined)));
}

let probes = 0;

/**
 * The server's heap after a forced full collection (and a heap snapshot written to `snapshot`, when given).
 * The server must run with `--expose-gc` and BENCH_HEAP_PROBE=1 (bench/servers/heap-probe.ts).
 */
export function heapAfterGc(server: ServerProcess, snapshot?: string): Promise<HeapProbeAnswer> {
  return askServer<HeapProbeAnswer>(server, 'heapProbe', 'heap probe', { snapshot } satisfies Omit<HeapProbeAsk, 'heapProbe'>);
}

/** One question to the server over its IPC channel, answered by the message carrying the same id under `key`. */
function askServer<A extends { error?: string }>(server: ServerProcess, key: string, what: string, ask: object): Promise<A> {
  const id = ++probes;
  const { child } = server;
  return new Promise<A>((resolve, reject) => {
    const onMessage = (m: A & Record<string, unknown>) => {
      if (m?.[key] !== id) return;
      child.off('message', onMessage);
      if (m.error) reject(new Error(`${what}: ${m.error}`)); else resolve(m);
    };
    child.on('message', onMessage);
    child.send({ [key]: id, ...ask });
  });
}

/**
 * Starts (`start`) or stops (`stop`: its answer holds the profile and the window's collections) a CPU profile of
 * the server's main thread, or with `heap` a sampling profile of its allocations. The
 * server must run with BENCH_PROFILE_PROBE=1 (bench/servers/profile-probe.ts).
 */
export function profileProbe(server: ServerProcess, action: ProfileProbeAsk['action'], heap = false): Promise<ProfileProbeAnswer> {
  return askServer<ProfileProbeAnswer>(server, 'profileProbe', 'profile probe', { action, heap } satisfies Omit<ProfileProbeAsk, 'profileProbe'>);
}
