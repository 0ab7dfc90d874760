// Signs checkpoints of the trail, off the request path: a timer of its own, a connection of its own. Each run
// extends the stored Merkle tree over the entries appended since, after checking that they continue the
// chain from the last checkpoint and that the stored tree still gives that checkpoint's root; then signs
// (size, root, chain hash, time) and writes it to the checkpoint directory, then to the database.
import pg from 'pg';
import { intArray } from '../common/sql';
import { positional, type SqlRunner } from '../db/read-pool';
import { archiveBoundary } from './archive-boundary';
import { type Checkpoint, CheckpointDirectory, checkpointSignedBy, signCheckpoint } from './checkpoint';
import { signTransition } from './key-transition';
import { CompactRange, type Digest, type Hash, perfectParts } from './merkle';
import type { TrailKey } from './trail-key';
import { entryHash, GENESIS_HASH } from './trail-writer';
import { CHUNK, CHUNK_LEVEL, storeTiles, TileCollector, TreeReader } from './tree-store';
import { leafDigestsOfRow, recordsHoldingSql } from './tree-leaves';
import { TRAIL_RECORD_TYPES } from './record-types';
import { rowToEntry } from './verify';

export interface CheckpointOptions {
  key: TrailKey;
  /** Keys retired by a rotation: the first checkpoint after one is preceded by their transition to `key`. */
  retired?: TrailKey[];
  /** The append-only directory checkpoints are written to. */
  dir: string;
  /** How often a checkpoint is signed when the trail grew; 0: only when asked (tests). */
  intervalMs: number;
  /** Told of a timed run that failed (serve.ts logs it: a refusal to sign means the trail no longer verifies). */
  onError?: (error: Error) => void;
}

/** The trail does not verify against its last checkpoint: nothing is signed (the operator must look). */
export class TrailCheckpointError extends Error {
  override name = 'TrailCheckpointError';
}

/**
 * Entries read, hashed and stored per round trip: at most this many ids, in at most BATCH_ROWS records (a
 * query and two writes per batch; 2,000 ids was 20 records of a 100-customer page, five statements each).
 */
const BATCH_IDS = 50_000;
const BATCH_ROWS = 1_000;
/** Session advisory lock: one checkpointer at a time, whatever the number of server processes. */
const LOCK = `select pg_try_advisory_lock(hashtext('mamori.trail.checkpoint')) as ok`;
const UNLOCK = `select pg_advisory_unlock(hashtext('mamori.trail.checkpoint'))`;

export class TrailCheckpointer {
  private readonly pool: pg.Pool;
  private readonly directory: CheckpointDirectory;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Checkpoint | null> | null = null;
  /** Whether the last run asked for has ended (the timer then starts another). */
  private settled = true;
  private partitionsCheckedAt = 0;
  /** The last failure, for the logs and the metrics' readers; cleared by a success. */
  lastError: Error | null = null;

  constructor(connectionString: string, readonly options: CheckpointOptions) {
    this.pool = new pg.Pool({ connectionString, max: 1, types: TRAIL_RECORD_TYPES, application_name: 'mamori-trail-checkpointer' });
    this.pool.on('error', () => undefined); // an idle connection lost: the next run opens another
    this.directory = new CheckpointDirectory(options.dir);
  }

  start(): void {
    if (!this.options.intervalMs || this.timer) return;
    // A tick while a run is still going is skipped, not queued: under load (the worker runs at nice 10) runs
    // can take longer than the interval, and queued ticks would each pay a checkpoint's fixed cost for little.
    this.timer = setInterval(() => {
      if (!this.settled) return;
      void this.checkpointNow().catch((e) => this.options.onError?.(e as Error));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Signs a checkpoint of the trail as it is now (one run at a time in this process; null when another
   * process holds the lock or the trail is empty); the latest when nothing was appended since.
   */
  checkpointNow(): Promise<Checkpoint | null> {
    const run = (this.running ?? Promise.resolve(null)).catch(() => null).then(() => this.run());
    this.running = run;
    this.settled = false;
    const done = () => { if (this.running === run) this.settled = true; };
    return run.then((c) => { done(); this.lastError = null; return c; }, (e) => { done(); this.lastError = e as Error; throw e; });
  }

  private async run(): Promise<Checkpoint | null> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      if (!(await client.query(LOCK)).rows[0].ok) return null;
      try {
        await this.ensurePartitions(client);
        return await this.extendAndSign(client);
      } finally {
        await client.query(UNLOCK);
      }
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // After a failure the connection is dropped: its session lock goes with it, whatever went wrong.
      client.release(failed);
    }
  }

  /** A server running past a month's end needs next month's partition: checked at most hourly. */
  private async ensurePartitions(client: pg.PoolClient): Promise<void> {
    if (Date.now() - this.partitionsCheckedAt < 3_600_000) return;
    await client.query(`select ensure_trail_partition((now() at time zone 'UTC')::date), ensure_trail_partition(((now() at time zone 'UTC') + interval '1 month')::date)`);
    this.partitionsCheckedAt = Date.now();
  }

  private async extendAndSign(client: pg.PoolClient): Promise<Checkpoint | null> {
    const run: SqlRunner = async (sql, params) => (await client.query(positional(sql), params as unknown[])).rows;
    const [head] = await run(`select last_id, last_hash from trail_head where singleton`, []);
    const size = Number(head.last_id);
    const [latest] = await run(`select body from trail_checkpoint order by size desc limit 1`, []);
    const previous = latest?.body as Checkpoint | undefined;
    if (previous && previous.size === size && previous.chainHash === head.last_hash) return previous;
    if (previous && previous.size >= size) {
      throw new TrailCheckpointError(`the trail holds ${size} entries, no more than its checkpoint of ${previous.size}: it was cut back or rewritten`);
    }
    if (size === 0) return null;
    if (previous) this.checkSignature(previous);

    // Extend the stored tree from the last whole chunk at or before the previous checkpoint.
    const [{ chunks }] = await run(`select coalesce(max(idx) + 1, 0) as chunks from trail_tree_node where level = ?`, [CHUNK_LEVEL]);
    // Entries archived (trail:archive) are gone: the tree then goes on from the archive's frontier.
    const cut = await archiveBoundary(run);
    const stored = Math.min(Number(chunks) * CHUNK, Math.floor((previous?.size ?? 0) / CHUNK) * CHUNK);
    const start = Math.max(stored, cut.size);
    const frontier = start === cut.size ? cut.frontier
      : await new TreeReader(run, start).rangeHashes(perfectParts(0, start).map(([l, i]) => [i * 2 ** l, (i + 1) * 2 ** l] as const))
        .catch((e) => { throw new TrailCheckpointError(`the stored tree does not cover ${start} entries: ${(e as Error).message}`); });
    const tree = start ? CompactRange.of(start, frontier) : new CompactRange();
    // The stored tree before `start` and the entries from there must still give the last checkpoint's root
    // (else the tree or the entries were changed): checked when the tree reaches its size, from the entries
    // this run reads anyway (start ≤ its size: the chunk it ended in is read once, not once more to check).
    const checkedAt = previous?.size ?? 0;
    const checkRoot = () => {
      if (tree.root().toString('hex') !== previous!.root) throw new TrailCheckpointError(`the trail no longer gives the root of its checkpoint of ${previous!.size} entries`);
    };
    if (previous && tree.size === checkedAt) checkRoot();
    const nodes: { level: number; index: number; hash: Hash }[] = [];
    const completed = (level: number, index: number, digest: Digest) => {
      if (level >= CHUNK_LEVEL) nodes.push({ level, index, hash: Buffer.from(digest, 'latin1') });
    };
    const tiles = new TileCollector(start);

    let expectedPrev = previous?.chainHash ?? GENESIS_HASH;
    let chainHash = '';
    const onRow = (row: Record<string, unknown>) => {
      const e = rowToEntry(row);
      if (e.id + entryCount(row) - 1 > (previous?.size ?? 0)) {
        // Appended since the last checkpoint: it must continue the chain (nothing tampered is signed).
        if (e.prevHash !== expectedPrev || entryHash(e.prevHash, e) !== e.hash) throw new TrailCheckpointError(`trail entry ${e.id} does not verify`);
        expectedPrev = e.hash;
      }
      const leaves = leafDigestsOfRow(row, tree.size);
      if (leaves.digests.length && leaves.first !== tree.size + 1) throw new TrailCheckpointError(`trail entry ${tree.size + 1} is missing`);
      for (const digest of leaves.digests) {
        tree.pushDigest(digest, completed);
        tiles.push(digest, tree.size);
        if (tree.size === checkedAt) checkRoot();
      }
      chainHash = e.hash;
    };
    for (let from = start + 1; from <= size;) {
      const to = Math.min(size, from + BATCH_IDS - 1);
      const sql = from === start + 1 ? recordsHoldingSql('*', BATCH_ROWS) : `select * from trail_record where id >= ? and id <= ? order by id limit ${BATCH_ROWS}`;
      if (!(await eachRow(client, positional(sql), [from, to], onRow))) throw new TrailCheckpointError(`trail entry ${from} is missing`);
      from = tree.size + 1;
      // Nothing is stored before the last checkpoint's root is checked (its entries may span batches).
      if (tree.size < checkedAt) continue;
      await this.storeNodes(run, nodes.splice(0));
      await storeTiles(run, tiles.take(tree.size === size)).catch((e) => { throw new TrailCheckpointError((e as Error).message); });
    }
    if (tree.size !== size || chainHash !== head.last_hash.trim()) throw new TrailCheckpointError('the chain head does not name the last record');
    if (previous && previous.keyId !== this.options.key.keyId) this.endorse(previous.keyId);
    const checkpoint = signCheckpoint(this.options.key, { size, root: tree.root().toString('hex'), chainHash, time: new Date().toISOString() });
    // The directory first: it is the copy that counts; the database's copy serves proofs.
    this.directory.write(checkpoint, this.options.key);
    await run(`insert into trail_checkpoint (size, body) values (?, ?::jsonb) on conflict do nothing`, [size, JSON.stringify(checkpoint)]);
    return checkpoint;
  }

  /**
   * The first checkpoint under a new key: the retired key that signed the ones before and the new key sign
   * the transition (key-transition.ts), so a verifier holding either key trusts both. Without the retired
   * key (MAMORI_TRAIL_RETIRED_KEYS) there is none: verifiers then need both public keys.
   */
  private endorse(previousKeyId: string): void {
    const old = this.options.retired?.find((k) => k.keyId === previousKeyId);
    if (old) this.directory.writeTransition(signTransition(old, this.options.key), this.options.key);
  }

  /** The last checkpoint is ours: signed by the trail key or a retired one (another key's is not ours to judge). */
  private checkSignature(previous: Checkpoint): void {
    const signer = [this.options.key, ...this.options.retired ?? []].find((k) => k.keyId === previous.keyId);
    if (signer && !checkpointSignedBy(previous, signer.publicKey)) {
      throw new TrailCheckpointError(`the database's checkpoint of ${previous.size} entries is not signed by the trail key`);
    }
  }

  /**
   * Inserts new nodes; a node already stored must be the same (else the stored tree was changed). One
   * statement, as storeTiles: its select sees only the nodes stored before it.
   */
  private async storeNodes(run: SqlRunner, nodes: { level: number; index: number; hash: Hash }[]): Promise<void> {
    if (!nodes.length) return;
    const [{ differ }] = await run(`with n as (select l, i, substring(?::bytea from (32 * o - 31)::int for 32) as h
        from unnest(?::smallint[], ?::bigint[]) with ordinality as u(l, i, o)),
      added as (insert into trail_tree_node (level, idx, hash) select l, i, h from n on conflict do nothing)
      select count(*)::int as differ from n join trail_tree_node t on t.level = n.l and t.idx = n.i where t.hash <> n.h`,
    [Buffer.concat(nodes.map((n) => n.hash)), intArray(nodes.map((n) => n.level)), intArray(nodes.map((n) => n.index))]);
    if (differ) throw new TrailCheckpointError(`${differ} stored node(s) of the trail's tree differ from the entries`);
  }
}

/**
 * Runs a select on the checkpointer's connection and hands each row to `onRow` as it arrives, keeping none;
 * resolves to the number of rows. A batch of 1,000 rows held until the last one arrived outlived the young
 * generation's collections: copied, promoted, then marked by V8's helper threads (a cost per leaf). The first
 * error `onRow` throws rejects, once the statement ends; the rows after it are skipped.
 */
function eachRow(client: pg.PoolClient, sql: string, params: unknown[], onRow: (row: Record<string, unknown>) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed: unknown = null;
    const query = client.query(new pg.Query(sql, params));
    query.on('row', (row: Record<string, unknown>) => {
      if (failed) return;
      try {
        onRow(row);
        rows++;
      } catch (error) {
        failed = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed ? reject(failed) : resolve(rows)));
  });
}

const entryCount = (row: Record<string, any>) => Math.max(1, row.customer_ids?.length ?? 0);
