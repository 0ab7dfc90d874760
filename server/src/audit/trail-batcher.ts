import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { trailUnavailable } from '../common/errors';
import { TrailThread } from './trail-thread';
import { APPEND_IF_HEAD_SQL, chainEntries, prepareEntry, SELECT_HEAD_FOR_UPDATE, type PreparedEntry, type TrailEntryInput } from './trail-writer';

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
 * The writer has a connection of its own (never queued behind the requests' pool) and remembers the head
 * it wrote last: a batch is chained from it and appended in one statement that moves the head only if
 * it is still there (one round trip, committed on its own). If another process moved the head, the
 * batch is chained again under the head's row lock (begin, lock, append, commit).
 */
export class TrailBatcher {
  private readonly queue: Pending[] = [];
  private writing = false;
  private client: Promise<pg.Client> | null = null;
  /** The head after this writer's last append (null: unknown, read it under the lock). */
  private head: { last_id: number; last_hash: string } | null = null;
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
      if (this.head && await this.appendAfter(client, this.head, entries)) return;
      // Unknown or moved head: chain under its row lock, so the append cannot miss.
      this.head = null;
      await client.query('begin');
      const { rows: [head] } = await client.query(SELECT_HEAD_FOR_UPDATE);
      if (!(await this.appendAfter(client, head, entries))) throw new Error('trail head moved under its lock');
      await client.query('commit');
    } catch {
      // Disk full, a constraint, a lost connection: the transaction is abandoned with its connection, and
      // the next batch opens a new one. What the entries record cannot go on either (a coded refusal).
      this.head = null;
      this.dropConnection();
      throw trailUnavailable();
    }
  }

  /** Appends `entries` chained after `head` if it is still the head; remembers the new head. */
  private async appendAfter(client: pg.Client, head: { last_id: unknown; last_hash: string }, entries: PreparedEntry[]): Promise<boolean> {
    const chained = chainEntries(head, entries);
    const { rowCount } = await client.query(APPEND_IF_HEAD_SQL, [head.last_id, head.last_hash, chained.lastId, chained.lastHash, JSON.stringify(chained.rows)]);
    if (rowCount !== chained.rows.length) return false;
    this.head = { last_id: chained.lastId, last_hash: chained.lastHash };
    return true;
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
    this.head = null;
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
