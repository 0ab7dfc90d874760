import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { trailUnavailable } from '../common/errors';
import type { AccessRecord } from './access-entries';

interface Waiting {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * The main thread's side of the access-trail writer (trail-worker.ts). `append` resolves once the
 * entries are committed and rejects with TRAIL_UNAVAILABLE when they could not be — also when the
 * thread itself failed (it is started again for the next request). Measured under 50 clients: a
 * batch's round trips, run on the busy main event loop, spent half their time waiting for it.
 */
export class TrailThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: { seq: number; access: AccessRecord }[] = [];

  constructor(private readonly connectionString: string) {}

  append(access: AccessRecord): Promise<void> {
    const worker = this.started();
    const seq = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      // The records of one turn of the event loop go as one message (each message wakes the other thread).
      if (!this.outbox.length) setImmediate(() => { worker.postMessage({ records: this.outbox }); this.outbox = []; });
      this.outbox.push({ seq, access });
    });
  }

  /** Lets the thread write what it holds, then ends it (bounded: terminated after 5 s). */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = once(worker, 'exit');
    worker.postMessage({ close: true });
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited.catch(() => undefined);
    clearTimeout(timer);
    this.failAll();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    // The entry registers tsx in the thread, which then runs TypeScript like the rest of the server.
    const worker = new Worker(new URL('./trail-worker-entry.mjs', import.meta.url), { workerData: { connectionString: this.connectionString } });
    worker.on('message', (m: { acks: [number, boolean][] }) => {
      for (const [seq, ok] of m.acks) {
        const w = this.waiting.get(seq);
        this.waiting.delete(seq);
        if (ok) w?.resolve(); else w?.reject(trailUnavailable());
      }
    });
    const lost = () => {
      if (this.worker === worker) this.worker = null;
      this.failAll();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    // An idle writer does not keep the process alive (the HTTP server does, while it serves).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(): void {
    for (const w of this.waiting.values()) w.reject(trailUnavailable());
    this.waiting.clear();
  }
}
