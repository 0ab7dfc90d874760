import type { RequestListener } from 'node:http';
import pg from 'pg';
import { asPolicyDocument, type CompiledPolicy, compilePolicy, SEED_POLICY } from '../../../schema/policy';
import { policyDocumentHash } from './policy-hash';

/** The policy version in force: its number (what the trail records) and its compiled decisions. */
export interface VersionInForce {
  readonly number: number;
  readonly hash: string;
  readonly compiled: CompiledPolicy;
}

/** The channel the database announces a newly published version on (Migration20261207200000's trigger). */
export const POLICY_CHANNEL = 'mamori_policy_version';

/** The seed (version 1), compiled in: what a process decides with when it keeps no watcher (unit tests, tools). */
export const SEED_IN_FORCE: VersionInForce = Object.freeze({ number: 1, hash: policyDocumentHash(SEED_POLICY.document), compiled: SEED_POLICY });

/** The watcher's connection, as pg_stat_activity names it. */
export const WATCHER_APPLICATION = 'mamori policy version watcher';

/** Heartbeat every 5 s (what a dead connection can miss), a query given 3 s, a reconnection tried after 200 ms. */
export interface WatcherTiming { readonly heartbeatMs: number; readonly queryTimeoutMs: number; readonly reconnectMs: number }
export const WATCHER_TIMING: WatcherTiming = Object.freeze({ heartbeatMs: 5_000, queryTimeoutMs: 3_000, reconnectMs: 200 });

const IN_FORCE_SQL = `select number, document, hash from policy_version where state = 'PUBLISHED'`;

/** Compiled versions by hash, for the whole process: a version published again (a restore) or judged again (audits) is not compiled twice. */
const compiledByHash = new Map<string, CompiledPolicy>();

/**
 * A stored version's decisions (a `policy_version` row: number, hash, document), compiled once per document. The
 * seed's is the compiled-in one. A document that is invalid or does not match its hash throws (nothing is decided
 * under it).
 */
export function compiledVersion(row: { number: number; hash: string; document: unknown }): CompiledPolicy {
  if (row.hash === SEED_IN_FORCE.hash) return SEED_POLICY;
  let compiled = compiledByHash.get(row.hash);
  if (!compiled) {
    const doc = asPolicyDocument(row.document);
    if (policyDocumentHash(doc) !== row.hash) throw new Error(`policy version ${row.number}: its document does not match its hash`);
    compiledByHash.set(row.hash, (compiled = compilePolicy(doc)));
  }
  return compiled;
}

/**
 * Keeps the version in force in memory, so a request reads it without a query: it LISTENs on its own
 * connection and reloads when the database announces a publication; after a lost connection it reconnects and
 * reloads (a publication made meanwhile is found then). A request takes `inForce()` once, when it starts
 * (context.ts), and is decided entirely under that version whatever is published while it runs.
 * Fail closed: while the listener is lost, `inForce()` is null (requests are refused, not decided under a
 * version that may have been replaced); a heartbeat reload bounds what a silently dead connection could miss.
 */
export class PolicyVersionWatcher {
  current: VersionInForce = SEED_IN_FORCE;
  /** True from a lost connection until the listener is back and has reloaded. */
  private stale = false;
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly url: string, private readonly onError: (error: Error) => void, private readonly timing = WATCHER_TIMING) {}

  /** Connects, listens and loads the version in force; a failure here stops the start (fail closed). */
  async start(): Promise<void> {
    await this.connect();
    this.heartbeat = setInterval(() => this.beat(), this.timing.heartbeatMs).unref();
  }

  /** The version a new request is decided under; null while the listener is lost (the caller refuses). */
  inForce(): VersionInForce | null {
    return this.stale ? null : this.current;
  }

  private async connect(): Promise<void> {
    // A query that hangs (a half-open connection) fails after queryTimeoutMs and counts as a lost listener.
    const client = new pg.Client({ connectionString: this.url, application_name: WATCHER_APPLICATION, keepAlive: true, query_timeout: this.timing.queryTimeoutMs });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the policy version listener\'s connection ended')));
    client.on('notification', (n) => {
      if (n.channel === POLICY_CHANNEL) this.reload(client).catch((error: Error) => this.onError(error));
    });
    await client.connect();
    this.client = client;
    await client.query(`listen ${POLICY_CHANNEL}`);
    await this.reload(client);
    this.stale = false;
  }

  /** Reloads on the listener's connection: a missed announcement is found within one beat. */
  private beat(): void {
    const client = this.client;
    if (!client) return;
    this.reload(client).catch((error: Error) => this.lost(client, error));
  }

  /** Reads the version in force and switches to it. */
  async reload(client: pg.ClientBase | null = this.client): Promise<VersionInForce> {
    if (!client) return this.current;
    const { rows: [row] } = await client.query(IN_FORCE_SQL);
    if (!row) throw new Error('no policy version is in force (table policy_version holds no published version)');
    if (row.number === this.current.number && row.hash === this.current.hash) return this.current;
    this.current = Object.freeze({ number: row.number, hash: row.hash, compiled: compiledVersion(row) });
    return this.current;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.stale = true;
    this.onError(error);
    client.end().catch((e: Error) => this.onError(e));
    const again = () => {
      this.retry = null;
      if (this.closed) return;
      this.connect().catch((e: Error) => {
        this.onError(e);
        this.retry = setTimeout(again, 1_000);
      });
    };
    this.retry = setTimeout(again, this.timing.reconnectMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    await client?.end();
  }
}

const watchers = new WeakMap<object, PolicyVersionWatcher>();

/** Starts the watcher of an app's database (startApp); the version in force is loaded before it returns. */
export async function startPolicyVersions(orm: { config: { getClientUrl(): string } }, onError: (error: Error) => void,
  via: { url?: string; timing?: WatcherTiming } = {}): Promise<PolicyVersionWatcher> {
  const watcher = new PolicyVersionWatcher(via.url ?? orm.config.getClientUrl(), onError, via.timing);
  await watcher.start();
  watchers.set(orm, watcher);
  return watcher;
}

export function policyVersionsOf(orm: object): PolicyVersionWatcher | undefined {
  return watchers.get(orm);
}

/**
 * The version in force for a new request of this app (the seed when the app keeps no watcher); null while
 * the app's watcher has lost its listener.
 */
export function versionInForce(orm: object): VersionInForce | null {
  const w = watchers.get(orm);
  return w ? w.inForce() : SEED_IN_FORCE;
}

export async function closePolicyVersions(orm: object): Promise<void> {
  const w = watchers.get(orm);
  watchers.delete(orm);
  await w?.close();
}

/** The header each /graphql answer names the version in force with when the request arrived (its number). */
export const POLICY_VERSION_HEADER = 'X-Policy-Version';

/**
 * Names the version in force on every /graphql answer, read from memory (no query): a client that built its
 * menus under an older number reloads them (admin-ui/src/providers/policyInForce.ts). Numbers only grow (a
 * restore is published under a new one), so a process that has not switched yet never sends a client back.
 * While the listener is lost no version is named (the request is refused anyway).
 */
export function announcePolicyVersion(listener: RequestListener, orm: object): RequestListener {
  return (req, res) => {
    const version = (req.url ?? '').split('?', 1)[0] === '/graphql' ? versionInForce(orm) : null;
    if (version) res.setHeader(POLICY_VERSION_HEADER, String(version.number));
    listener(req, res);
  };
}
