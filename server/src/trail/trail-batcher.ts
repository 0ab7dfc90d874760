import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { isDatabaseUnavailable } from '../common/db-errors';
import { trailUnavailable } from '../common/errors';
import { statementTimeoutMs } from '../config';
import { announcePool } from '../db/pool-watch';
import { type Log, safeError, silentLog } from '../ops/log';
import { accessEntries, type AccessRecord } from './access-entries';
import { APPEND_IF_HEAD_SQL, chainEntries, prepareEntry, SELECT_HEAD_FOR_UPDATE, type PreparedEntry, type TrailEntryInput } from './trail-writer';

/** At most this many requests' entries go into one statement. */
const MAX_REQUESTS_PER_BATCH = 200;

interface Pending {
  entries: PreparedEntry[];
  /** Entry ids they take: records of several subjects take one each (access-entries.ts). */
  ids: number;
  /** The request's promise, settled once its entries are committed (or could not be). */
  resolve(): void;
  reject(error: unknown): void;
}

type Head = { last_id: unknown; last_hash: string };

const ignoreError = () => undefined;

/** `Promise.withResolvers` (Node 22), for Node 20. */
function promiseWithResolvers(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/**
 * One append of the writer, as the metrics see it: requests and entries (one per subject) committed or not, and how
 * long it took. `failedRequests`: those refused (a failed batch of several is written again request by request, so
 * none of its requests is refused yet). `failure`: why it was not committed (trailFailureReason), null when it was.
 */
export interface TrailBatchReport {
  requests: number; entries: number; seconds: number; committed: boolean; failedRequests: number; failure: string | null;
}

const batchWatchers: ((report: TrailBatchReport) => void)[] = [];
/** Everything that watches the writer's appends (ops/metrics.ts). */
export function watchTrailBatches(watch: (report: TrailBatchReport) => void): void {
  batchWatchers.push(watch);
}
function report(r: TrailBatchReport): void {
  for (const watch of batchWatchers) watch(r);
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Why an append failed, as a label of few values: the SQLSTATE PostgreSQL answered (40P01 deadlock, 53100 disk
 * full, 25006 read-only…), `connection` when no answer came (refused, reset, ended), `other` for anything else.
 */
export function trailFailureReason(error: unknown): string {
  if (error instanceof pg.DatabaseError && error.code && SQLSTATE.test(error.code)) return error.code;
  return isDatabaseUnavailable(error) ? 'connection' : 'other';
}

/**
 * Group commit for the access trail. Appending moves the chain head, a single row, so concurrent
 * requests each opening their own transaction queue on its lock (measured: under 50 clients the trail,
 * not the work, set the pace). Here one writer per process appends, in one statement, the entries of
 * every request that finished while the previous batch was being written; each request's entries stay
 * contiguous and in order. A request's promise settles only once its entries are committed, so no
 * response leaves before its entry. When a batch of several requests fails, each is written again on
 * its own, so one request's failure is never another's.
 *
 * The writer remembers the head its last batch left. A batch is chained from it and appended by one
 * statement (one round trip, committed on its own) that locks the head and moves it only if it is still
 * there. When it is not (another process wrote, or the head is not known yet), nothing
 * is written and the batch is chained again under the head's row lock (begin, lock, append, commit).
 * Measured: two or three batches in flight, each waiting on the head row for the one before, served
 * fewer requests than one at a time.
 * The writer's connection is its own, never queued behind the requests' pool, and it runs on the main
 * thread: a batch costs a few hashes and one statement (a worker thread's message hops cost more).
 */
export class TrailBatcher {
  private readonly queue: Pending[] = [];
  private writing = false;
  private readonly pool: pg.Pool;
  /** The head the last batch left (null: unknown, read it under the lock). */
  private head: Head | null = null;
  private closed = false;
  private readonly withdrawPool: () => void;
  /** One line per failed append: its reason, the error's class and stack, never its message (ops/log.ts). */
  log: Log = silentLog;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 1, statement_timeout: statementTimeoutMs() });
    // A connection lost while idle is dropped by the pool; the next batch opens a new one.
    this.pool.on('error', () => undefined);
    const pool = this.pool;
    this.withdrawPool = announcePool('trail', () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  }

  /** Appends the entries of what one request read (access-entries.ts); resolves once they are committed. */
  appendAccess(record: AccessRecord): Promise<void> {
    return this.append(accessEntries(record));
  }

  append(entries: TrailEntryInput[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    if (this.closed) return Promise.reject(trailUnavailable());
    const prepared = entries.map(prepareEntry);
    const ids = entries.reduce((n, e) => n + 1 + (e.moreCustomerIds?.length ?? 0), 0);
    // The promise's own functions, no closure of ours: a named one per request cost a `name` property (tsx keeps names).
    const { promise, resolve, reject } = promiseWithResolvers();
    this.queue.push({ entries: prepared, ids, resolve, reject });
    if (!this.writing) void this.drain();
    return promise;
  }

  /** Ends the writer's connection once the queue is written (the app's shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    this.withdrawPool();
    // Rejects only if the pool was already ended: nothing is left to write or to close, but it is a bug to see.
    await this.pool.end().catch((error: unknown) => this.log.warn({ err: safeError(error) }, 'trail writer: closing its connection failed'));
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_REQUESTS_PER_BATCH);
        try {
          await this.write(batch);
          for (const p of batch) p.resolve();
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          // One request's failure is never another's: each is written again on its own.
          else for (const p of batch) await this.write([p]).then(p.resolve, p.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Appends the entries of `batch` and reports it; on failure reports and logs why, and throws the coded refusal. */
  private async write(batch: Pending[]): Promise<void> {
    const entries = batch.length === 1 ? batch[0].entries : batch.flatMap((p) => p.entries);
    const ids = batch.reduce((n, p) => n + p.ids, 0);
    const started = performance.now();
    const done = (failure: string | null) => report({
      requests: batch.length, entries: ids, seconds: (performance.now() - started) / 1000, committed: !failure,
      failedRequests: failure && batch.length === 1 ? 1 : 0, failure,
    });
    try {
      await this.commitEntries(entries);
    } catch (error) {
      const failure = trailFailureReason(error);
      done(failure);
      this.log.error({ trailAppend: 'failed', reason: failure, requests: batch.length, entries: ids, err: safeError(error) }, 'trail append failed');
      throw trailUnavailable();
    }
    done(null);
  }

  /** One statement after the head this writer knows, or begin, lock the head, append, commit (see the class comment). */
  private async commitEntries(entries: PreparedEntry[]): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      // A checked-out client has no pool listener: an error between statements (the server shutting down)
      // would be thrown at the process. It also fails this batch's statement, which the catch below handles.
      client.on('error', ignoreError);
      if (this.head && await this.appendAfter(client, this.head, entries)) return;
      // Unknown or moved head: chain under its row lock, so the append cannot miss.
      this.head = null;
      await client.query('begin');
      const { rows: [head] } = await client.query(SELECT_HEAD_FOR_UPDATE);
      if (!(await this.appendAfter(client, head, entries))) throw new Error('trail head moved under its lock');
      await client.query('commit');
    } catch (error) {
      // Disk full, a constraint, a lost connection: the connection is dropped with its transaction, and
      // the next batch chains under the lock. What the entries record cannot go on either (write(): a coded refusal).
      this.head = null;
      client?.removeListener('error', ignoreError);
      client?.release(true);
      client = undefined;
      throw error;
    } finally {
      client?.removeListener('error', ignoreError);
      client?.release();
    }
  }

  /** Appends `entries` chained after `head` if it is still the head (one statement); remembers the new head. */
  private async appendAfter(client: pg.PoolClient, head: Head, entries: PreparedEntry[]): Promise<boolean> {
    const chained = chainEntries(head, entries);
    const { rowCount } = await client.query({
      // Named: the connection parses and plans it once.
      name: 'trail_append_if_head', text: APPEND_IF_HEAD_SQL,
      values: [head.last_id, head.last_hash, JSON.stringify(chained.rows)],
    });
    if (rowCount !== chained.rows.length) return false;
    this.head = { last_id: chained.lastId, last_hash: chained.lastHash };
    return true;
  }
}

const writers = new WeakMap<MikroORM, TrailBatcher>();

/** The access-trail writer of one database (one per process and ORM); `log`, when given, is where it logs from now on. */
export function trailWriterFor(orm: MikroORM, log?: Log): TrailBatcher {
  let w = writers.get(orm);
  if (!w) {
    w = new TrailBatcher(orm.config.getClientUrl());
    writers.set(orm, w);
  }
  if (log) w.log = log;
  return w;
}

/** Ends the trail writer of `orm`, if it has one, once what it holds is written (before the ORM itself is closed). */
export async function closeTrailWriter(orm: MikroORM): Promise<void> {
  const w = writers.get(orm);
  writers.delete(orm);
  await w?.close();
}
