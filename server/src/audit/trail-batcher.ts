import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { appendTrail, type TrailEntryInput } from './trail-writer';

/** At most this many requests' entries go into one transaction (bounds the INSERT's payload). */
const MAX_REQUESTS_PER_BATCH = 200;

interface Pending {
  entries: TrailEntryInput[];
  settle(error?: unknown): void;
}

/**
 * Group commit for the access trail. Appending takes the chain head's row lock, so concurrent
 * requests each opening their own transaction queue on that lock (measured: under 50 clients the
 * trail, not the work, set the pace). Here one writer per process appends, in one transaction, the
 * entries of every request that finished while the previous batch was being written; each request's
 * entries stay contiguous and in order. A request's promise settles only once its entries are
 * committed, so no response leaves before its entry. When a batch of several requests fails, each is
 * written again on its own, so one request's failure is never another's.
 */
export class TrailBatcher {
  private readonly queue: Pending[] = [];
  private writing = false;

  constructor(private readonly newEm: () => EntityManager) {}

  append(entries: TrailEntryInput[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entries, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_REQUESTS_PER_BATCH);
        try {
          await this.write(batch.flatMap((p) => p.entries));
          for (const p of batch) p.settle();
        } catch (error) {
          if (batch.length === 1) { batch[0].settle(error ?? new Error('trail write failed')); continue; }
          for (const p of batch) await this.write(p.entries).then(() => p.settle(), (e) => p.settle(e ?? new Error('trail write failed')));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private write(entries: TrailEntryInput[]): Promise<void> {
    return this.newEm().transactional((em) => appendTrail(em as EntityManager, entries));
  }
}

const batchers = new WeakMap<MikroORM, TrailBatcher>();

/** The access-trail writer of one database connection pool (one per process and ORM). */
export function trailBatcherFor(orm: MikroORM): TrailBatcher {
  let b = batchers.get(orm);
  if (!b) {
    b = new TrailBatcher(() => orm.em.fork() as EntityManager);
    batchers.set(orm, b);
  }
  return b;
}
