// The checkpointer on a worker thread of its own: it reads back and hashes every entry appended (two SHA-256
// per entry, ~80k entries/s under the bench's heaviest load), which on the server's thread delayed the
// requests behind it (p99 1.3–1.9× with checkpoints every second). The requests' thread only asks and waits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Checkpoint } from './checkpoint';
import { type CheckpointOptions, TrailCheckpointError } from './checkpointer';

/** What the worker is told at start: the options without the callback (functions do not cross threads). */
export interface CheckpointerWorkerData { url: string; options: Omit<CheckpointOptions, 'onError'> }
export type CheckpointerRequest = { kind: 'checkpoint'; id: number } | { kind: 'close' };
export type CheckpointerAnswer =
  | { kind: 'done'; id: number; checkpoint: Checkpoint | null }
  | { kind: 'failed'; id: number | null; error: { name: string; message: string } };

/**
 * The worker registers the TypeScript loader the server runs with before it imports its module: Node 20 does
 * not apply `--import tsx` to a worker's own entry file (ERR_UNKNOWN_FILE_EXTENSION), nor does vitest's.
 */
const TSX_API = tsxEsmApi();
const WORKER = new URL('./checkpointer-worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); })`;

/** tsx's ESM register API, as its package's exports name it (its CommonJS build cannot register from a worker). */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * The requests' side of the checkpointer. The worker starts with the server when checkpoints are timed, else
 * (tests: intervalMs 0) at the first checkpoint asked for; one that stopped on its own starts again when asked.
 */
export class CheckpointerThread {
  private worker: { thread: Worker; exited: Promise<void> } | null = null;
  private readonly waiting = new Map<number, { resolve(c: Checkpoint | null): void; reject(e: Error): void }>();
  private next = 1;
  private closed = false;
  /** The last failure, for the logs and the metrics' readers; cleared by a success. */
  lastError: Error | null = null;

  constructor(private readonly url: string, readonly options: CheckpointOptions) {
    if (options.intervalMs) this.spawn();
  }

  /** Signs a checkpoint of the trail as it is now (see TrailCheckpointer.checkpointNow), on the worker. */
  checkpointNow(): Promise<Checkpoint | null> {
    if (this.closed) return Promise.reject(new Error('the trail checkpointer is closed'));
    const { thread } = this.worker ?? this.spawn();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ kind: 'checkpoint', id } satisfies CheckpointerRequest);
    });
  }

  /** Stops the timer, lets a run in progress finish, closes the worker's connection. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    if (!w) return;
    w.thread.postMessage({ kind: 'close' } satisfies CheckpointerRequest);
    await w.exited;
  }

  private spawn(): { thread: Worker; exited: Promise<void> } {
    const { onError, ...rest } = this.options;
    const workerData: CheckpointerWorkerData = { url: this.url, options: rest };
    const thread = new Worker(BOOT, { eval: true, workerData });
    thread.unref();
    thread.on('message', (m: CheckpointerAnswer) => {
      if (m.kind === 'done') {
        this.lastError = null;
        this.settle(m.id)?.resolve(m.checkpoint);
        return;
      }
      const error = m.error.name === 'TrailCheckpointError' ? new TrailCheckpointError(m.error.message) : Object.assign(new Error(m.error.message), { name: m.error.name });
      this.lastError = error;
      // A timed run's failure has no one waiting: the server's log hears of it.
      if (m.id === null) onError?.(error);
      else this.settle(m.id)?.reject(error);
    });
    // A worker that dies on its own (it never should) is the server log's to report; requests do not depend on it.
    thread.on('error', (e) => { this.lastError = e; onError?.(e); });
    const exited = new Promise<void>((resolve) => thread.once('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error('the trail checkpointer stopped'));
      this.waiting.clear();
      if (this.worker?.thread === thread) this.worker = null;
      // Timed checkpoints go on: a worker that stopped while the server runs starts again one interval later.
      if (!this.closed && this.options.intervalMs) setTimeout(() => { if (!this.closed && !this.worker) this.spawn(); }, this.options.intervalMs).unref();
      resolve();
    }));
    this.worker = { thread, exited };
    return this.worker;
  }

  private settle(id: number) {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    return w;
  }
}

const checkpointers = new WeakMap<object, CheckpointerThread>();

/**
 * Starts the checkpointer of a server (one per ORM), on a worker thread (checkpointer-thread.ts);
 * `checkpointerFor` finds it (a disclosure asks it for a fresh checkpoint).
 */
export function startCheckpointer(orm: { config: { getClientUrl(): string } }, options: CheckpointOptions): CheckpointerThread {
  const c = new CheckpointerThread(orm.config.getClientUrl(), options);
  checkpointers.set(orm, c);
  return c;
}

export function checkpointerFor(orm: object): CheckpointerThread | undefined {
  return checkpointers.get(orm);
}

export async function closeCheckpointer(orm: object): Promise<void> {
  const c = checkpointers.get(orm);
  checkpointers.delete(orm);
  await c?.close();
}
