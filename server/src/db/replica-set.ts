// Streaming replicas that take read-only work (MAMORI_REPLICA_URL): each one's state and replay position,
// checked every MAMORI_REPLICA_CHECK_MS, and the one choice of which of them may answer a request (`choose`).
import { type MikroORM, PostgreSqlConnection } from '@mikro-orm/postgresql';
import pg from 'pg';
import { settings, statementTimeoutMs } from '../config';
import type { Log } from '../ops/log';
import { safeError } from '../ops/log';
import { createReadPool, type ReadPool } from './read-pool';

/** What the last check found: only `streaming` replicas take reads. */
export type ReplicaHealth = 'unchecked' | 'streaming' | 'lagging' | 'unreachable' | 'not-a-replica' | 'other-cluster' | 'other-database';

const CONNECT_TIMEOUT_MS = 2_000;
const CHECK_TIMEOUT_MS = 2_000;

/** A WAL position as PostgreSQL writes it (`16/B374D848`), as a number; null when the text is not one. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** A URL as it may be shown: host, port and database, never the user or password. */
export function describeUrl(url: URL): string {
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export interface ReplicaLimits { maxLagMs: number; checkMs: number }

export const replicaLimits = (): ReplicaLimits => ({ maxLagMs: settings().MAMORI_REPLICA_MAX_LAG_MS, checkMs: settings().MAMORI_REPLICA_CHECK_MS });

const REPLICA_SQL = `select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replayed,
  (select system_identifier::text from pg_control_system()) as system, current_database() as database`;
const PRIMARY_SQL = `select pg_current_wal_lsn()::text as lsn,
  (select system_identifier::text from pg_control_system()) as system, current_database() as database`;

/** One replica: its connections (the ORM's statements, the compiled read path's) and what its last check found. */
export class Replica {
  health: ReplicaHealth = 'unchecked';
  /** The WAL position it had replayed at its last check. */
  replayed: bigint | null = null;
  /** How far behind the primary it was at its last check (see ReplicaSet.lagOf). */
  lagMs: number | null = null;
  checkedAt = 0;
  /** Why it is left out, in a line (no credentials). */
  reason: string | null = null;
  readonly connection: PostgreSqlConnection;
  readonly reads: ReadPool;
  private readonly probe: pg.Pool;

  constructor(readonly name: string, url: URL, orm: MikroORM, private readonly limits: ReplicaLimits) {
    // A replica that hangs must not hold a request: connecting and each statement are bounded on the client.
    const client = { application_name: 'mamori-replica-read', connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: statementTimeoutMs() + 5_000 };
    this.connection = new PostgreSqlConnection(orm.config, { clientUrl: url.href, driverOptions: { connection: client, acquireConnectionTimeout: CONNECT_TIMEOUT_MS * 2 } }, 'read');
    const options = this.connection.getConnectionOptions() as pg.PoolConfig;
    this.reads = createReadPool(orm, { ...options, ...client }, 'replica');
    this.probe = new pg.Pool({ ...options, max: 1, application_name: 'mamori-replica-check', connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CHECK_TIMEOUT_MS });
    this.probe.on('error', () => undefined); // an idle probe connection lost with its replica: the next check says so
  }

  /** Takes reads now: streaming, and behind by no more than the bound even if it fell behind since its check. */
  usable(now = Date.now()): boolean {
    return this.health === 'streaming' && this.lagMs !== null && this.lagMs + (now - this.checkedAt) <= this.limits.maxLagMs;
  }

  async state(): Promise<{ recovery: boolean; replayed: string | null; system: string; database: string }> {
    return (await this.probe.query(REPLICA_SQL)).rows[0];
  }

  async close(): Promise<void> {
    await Promise.all([this.connection.close(true), this.reads.close(), this.probe.end()]);
  }
}

/**
 * The replicas of one primary. A replica takes a request's reads only while its last check found it a
 * streaming replica of the same cluster and database, no further behind than MAMORI_REPLICA_MAX_LAG_MS, and
 * (read-your-writes) having replayed the position the request's session must see. Anything else — a
 * replica down, lagging, unchecked, promoted or misconfigured — is left out and the primary answers.
 */
export class ReplicaSet {
  readonly replicas: Replica[];
  /** The primary's WAL position at each check: how far behind a replica is, in time. */
  private samples: { at: number; lsn: bigint }[] = [];
  private primaryIdentity: { system: string; database: string } | null = null;
  private readonly primary: pg.Pool;
  private turn = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(orm: MikroORM, urls: readonly URL[], private readonly limits: ReplicaLimits, private readonly log: Log) {
    this.replicas = urls.map((url) => new Replica(describeUrl(url), url, orm, limits));
    const options = orm.em.getConnection().getConnectionOptions() as pg.PoolConfig;
    this.primary = new pg.Pool({ ...options, max: 2, application_name: 'mamori-replica-check', connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CHECK_TIMEOUT_MS });
    this.primary.on('error', () => undefined); // an idle connection lost: the next check or LSN read opens another
  }

  /** Checks every replica once (so the first requests already know them), then keeps checking. */
  static async start(orm: MikroORM, urls: readonly URL[], log: Log, limits = replicaLimits()): Promise<ReplicaSet> {
    const set = new ReplicaSet(orm, urls, limits, log);
    await set.check();
    set.schedule();
    setsByOrm.set(orm, set);
    set.forget = () => { if (setsByOrm.get(orm) === set) setsByOrm.delete(orm); };
    return set;
  }

  private forget: () => void = () => undefined;

  /** Where a request's reads go: a usable replica that has replayed `minLsn` (round robin), or null for the primary. */
  choose(minLsn: bigint | null): Replica | null {
    const now = Date.now();
    const fit = this.replicas.filter((r) => r.usable(now) && (minLsn === null || (r.replayed !== null && r.replayed >= minLsn)));
    if (!fit.length) return null;
    this.turn = (this.turn + 1) % 1_000_000;
    return fit[this.turn % fit.length];
  }

  /** A statement failed on `replica`: when the replica itself is the cause, it is left out until a check finds it well. */
  failed(replica: Replica, error: unknown): void {
    if (!isReplicaFault(error) || replica.health !== 'streaming') return;
    this.setHealth(replica, 'unreachable', `a statement failed (${safeError(error).code ?? safeError(error).type})`);
  }

  /** The primary's WAL position now: every transaction committed before this call is at or before it. */
  async primaryLsn(): Promise<string> {
    return (await this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn;
  }

  /** One line per replica, for the start banner: its setting, where it is and what the first check found. */
  describe(): string[] {
    return this.replicas.map((r) => `MAMORI_REPLICA_URL ${r.name}: ${r.health === 'streaming'
      ? `streaming replica, ${(((r.lagMs ?? 0) + Date.now() - r.checkedAt) / 1000).toFixed(1)} s behind, takes read-only work`
      : `${r.health}${r.reason ? ` (${r.reason})` : ''}; its reads go to the primary until it is a streaming replica of it`}`);
  }

  async check(): Promise<void> {
    try {
      const { rows: [p] } = await this.primary.query(PRIMARY_SQL);
      this.primaryIdentity = { system: p.system, database: p.database };
      const lsn = parseLsn(p.lsn);
      if (lsn !== null) this.samples.push({ at: Date.now(), lsn });
      // Kept long enough to date any replica still within the bound.
      const keepFrom = Date.now() - this.limits.maxLagMs - 4 * this.limits.checkMs;
      while (this.samples.length > 2 && this.samples[1].at < keepFrom) this.samples.shift();
    } catch (error) {
      // Without the primary's position no replica can be dated: each one's lag grows until it is left out.
      this.log.warn({ err: safeError(error) }, 'replica check: the primary did not answer');
    }
    await Promise.all(this.replicas.map((r) => this.checkOne(r)));
  }

  private async checkOne(replica: Replica): Promise<void> {
    let state: Awaited<ReturnType<Replica['state']>>;
    try {
      state = await replica.state();
    } catch (error) {
      replica.checkedAt = Date.now();
      return this.setHealth(replica, 'unreachable', safeError(error).code ?? safeError(error).type);
    }
    const checkedAt = Date.now();
    const identity = this.primaryIdentity;
    replica.checkedAt = checkedAt;
    if (!state.recovery) return this.setHealth(replica, 'not-a-replica', 'pg_is_in_recovery() is false: it is a primary');
    if (identity && state.system !== identity.system) return this.setHealth(replica, 'other-cluster', `system identifier ${state.system}, the primary's is ${identity.system}`);
    if (identity && state.database !== identity.database) return this.setHealth(replica, 'other-database', `database ${state.database}, the primary's is ${identity.database}`);
    replica.replayed = parseLsn(state.replayed);
    replica.lagMs = this.lagOf(replica.replayed, checkedAt);
    if (!identity || replica.lagMs === null) return this.setHealth(replica, 'lagging', 'the primary\'s position is not known');
    if (replica.lagMs > this.limits.maxLagMs) return this.setHealth(replica, 'lagging', `${Math.round(replica.lagMs)} ms behind`);
    this.setHealth(replica, 'streaming', null);
  }

  /**
   * At most how far behind the replica is, in time: since the newest sample of the primary's position it
   * has replayed (it has everything committed before then). Right on an idle primary too, whose position
   * does not move. Null when the replica is behind every sample kept (further behind than the bound).
   */
  private lagOf(replayed: bigint | null, now: number): number | null {
    if (replayed === null) return null;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      if (this.samples[i].lsn <= replayed) return now - this.samples[i].at;
    }
    return null;
  }

  private setHealth(replica: Replica, health: ReplicaHealth, reason: string | null): void {
    const before = replica.health;
    replica.health = health;
    replica.reason = reason;
    if (before === health) return;
    const line = { replica: replica.name, health, was: before, ...(reason ? { reason } : {}) };
    if (health === 'streaming') this.log.info(line, 'replica takes reads');
    else this.log.warn(line, 'replica left out: its reads go to the primary');
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.check().finally(() => this.schedule());
    }, this.limits.checkMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.forget();
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.replicas.map((r) => r.close()), this.primary.end()]);
  }
}

const setsByOrm = new WeakMap<MikroORM, ReplicaSet>();

/** The replicas of the database `orm` serves, for work that is not a request's (the statistics cube); undefined without any. */
export const replicaSetOf = (orm: MikroORM): ReplicaSet | undefined => setsByOrm.get(orm);

/**
 * Whether a statement that failed on a replica may be answered by the primary: anything but an error the
 * primary would give as well (bad input, a constraint, a syntax error, the statement timeout). A write sent
 * to a replica (25006) and a query cancelled by recovery (40001) are answered there too.
 */
export function answerableElsewhere(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true; // no SQLSTATE: the connection failed
  return !(code === '57014' || /^(22|23|42|P0|2B|0A|44)/.test(code));
}

/** The replica itself is at fault (down, restarting, unreachable), not the statement: leave it out. */
function isReplicaFault(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return /^(08|57P|53|58)/.test(code);
}
