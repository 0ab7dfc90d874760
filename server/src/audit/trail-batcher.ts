import type { MikroORM } from '@mikro-orm/postgresql';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { trailUnavailable } from '../common/errors';
import { TrailThread } from './trail-thread';
import { COPY_TRAIL_SQL, copyText } from './trail-copy';
import { chainEntries, prepareEntry, SELECT_HEAD_FOR_UPDATE, type PreparedEntry, type TrailEntryInput } from './trail-writer';

/** At most this many requests' entries go into one transaction (bounds one COPY). */
const MAX_REQUESTS_PER_BATCH = 200;

interface Pending {
  entries: PreparedEntry[];
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
 *
 * The writer has a connection of its own (never queued behind the requests' pool) and spends three
 * round trips per batch: `begin` + lock the head, a COPY of the rows, update the head + `commit`. The part of
 * each entry's canonical text that does not depend on the chain is built when the request enqueues it.
 */
export class TrailBatcher {
  private readonly queue: Pending[] = [];
  private writing = false;
  private client: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(private readonly connectionString: string) {}

  append(entries: TrailEntryInput[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    if (this.closed) return Promise.reject(trailUnavailable());
    const prepared = entries.map(prepareEntry);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entries: prepared, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  /** Ends the writer's connection once the queue is written (the app's shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    const c = this.client;
    this.client = null;
    if (c) await c.then((x) => x.end(), () => undefined).catch(() => undefined);
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

  private async write(entries: PreparedEntry[]): Promise<void> {
    try {
      const client = await this.connection();
      const [, { rows: [head] }] = (await client.query(`begin; ${SELECT_HEAD_FOR_UPDATE}`)) as unknown as pg.QueryResult[];
      const chained = chainEntries(head, entries);
      await pipeline(Readable.from([copyText(chained.rows)]), client.query(copyFrom(COPY_TRAIL_SQL)));
      // Both values are ours (an integer and a hex digest): inlined, so the head update and the commit share a round trip.
      if (!Number.isSafeInteger(chained.lastId) || !/^[0-9a-f]{64}$/.test(chained.lastHash)) throw new Error('bad chain head');
      await client.query(`update trail_head set last_id = ${chained.lastId}, last_hash = '${chained.lastHash}' where singleton; commit`);
    } catch {
      // Disk full, a constraint, a lost connection: the transaction is abandoned with its connection, and
      // the next batch opens a new one. What the entries record cannot go on either (a coded refusal).
      this.dropConnection();
      throw trailUnavailable();
    }
  }

  private connection(): Promise<pg.Client> {
    this.client ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on('error', () => this.dropConnection());
      await client.connect();
      await client.query(`set statement_timeout = ${Number(process.env.MAMORI_STATEMENT_TIMEOUT_MS ?? 15_000)}`);
      return client;
    })();
    const pending = this.client;
    return pending.catch((e) => {
      if (this.client === pending) this.client = null;
      throw e;
    });
  }

  private dropConnection(): void {
    const c = this.client;
    this.client = null;
    c?.then((x) => x.end(), () => undefined).catch(() => undefined);
  }
}

const writers = new WeakMap<MikroORM, TrailThread>();

/** The access-trail writer of one database: a thread of its own per process and ORM (trail-thread.ts). */
export function trailWriterFor(orm: MikroORM): TrailThread {
  let w = writers.get(orm);
  if (!w) {
    w = new TrailThread(orm.config.getClientUrl());
    writers.set(orm, w);
  }
  return w;
}

/** Ends the trail writer of `orm`, if it has one, once what it holds is written (before the ORM itself is closed). */
export async function closeTrailWriter(orm: MikroORM): Promise<void> {
  const w = writers.get(orm);
  writers.delete(orm);
  await w?.close();
}
