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

const IN_FORCE_SQL = `select number, document, hash from policy_version where state = 'PUBLISHED'`;

/**
 * Keeps the version in force in memory, so a request reads it without a query: it LISTENs on its own
 * connection and reloads when the database announces a publication; after a lost connection it reconnects and
 * reloads (a publication made meanwhile is found then). A request takes `current` once, when it starts
 * (context.ts), and is decided entirely under that version whatever is published while it runs.
 */
export class PolicyVersionWatcher {
  current: VersionInForce = SEED_IN_FORCE;
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Compiled versions by hash: a version published again (a restore) is not compiled twice. */
  private readonly compiled = new Map<string, CompiledPolicy>();

  constructor(private readonly url: string, private readonly onError: (error: Error) => void) {}

  /** Connects, listens and loads the version in force; a failure here stops the start (fail closed). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the policy version listener\'s connection ended')));
    client.on('notification', (n) => {
      if (n.channel === POLICY_CHANNEL) this.reload(client).catch((error: Error) => this.onError(error));
    });
    await client.connect();
    this.client = client;
    await client.query(`listen ${POLICY_CHANNEL}`);
    await this.reload(client);
  }

  /** Reads the version in force and switches to it. */
  async reload(client: pg.ClientBase | null = this.client): Promise<VersionInForce> {
    if (!client) return this.current;
    const { rows: [row] } = await client.query(IN_FORCE_SQL);
    if (!row) throw new Error('no policy version is in force (table policy_version holds no published version)');
    if (row.number === this.current.number && row.hash === this.current.hash) return this.current;
    // Compiled once per version (by hash); the seed's document is the compiled-in one.
    let compiled = row.hash === SEED_IN_FORCE.hash ? SEED_POLICY : this.compiled.get(row.hash);
    if (!compiled) {
      const doc = asPolicyDocument(row.document);
      if (policyDocumentHash(doc) !== row.hash) throw new Error(`policy version ${row.number}: its document does not match its hash`);
      this.compiled.set(row.hash, (compiled = compilePolicy(doc)));
    }
    this.current = Object.freeze({ number: row.number, hash: row.hash, compiled });
    return this.current;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
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
    this.retry = setTimeout(again, 200);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end();
  }
}

const watchers = new WeakMap<object, PolicyVersionWatcher>();

/** Starts the watcher of an app's database (startApp); the version in force is loaded before it returns. */
export async function startPolicyVersions(orm: { config: { getClientUrl(): string } }, onError: (error: Error) => void): Promise<PolicyVersionWatcher> {
  const watcher = new PolicyVersionWatcher(orm.config.getClientUrl(), onError);
  await watcher.start();
  watchers.set(orm, watcher);
  return watcher;
}

export function policyVersionsOf(orm: object): PolicyVersionWatcher | undefined {
  return watchers.get(orm);
}

/** The version in force for a new request of this app (the seed when the app keeps no watcher). */
export function versionInForce(orm: object): VersionInForce {
  return watchers.get(orm)?.current ?? SEED_IN_FORCE;
}

export async function closePolicyVersions(orm: object): Promise<void> {
  const w = watchers.get(orm);
  watchers.delete(orm);
  await w?.close();
}
