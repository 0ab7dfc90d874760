// Where one request's statements go (issue #24). Every request starts on the primary: its credentials are
// resolved there (a revoked session is refused at once, whatever a replica has replayed). Read-only work —
// a GraphQL query or a compiled list read — then asks the replica set for a replica (`readOnly`); a
// mutation never does. Statements inside a transaction always stay on the primary, and so does anything
// in a request that did not ask. The rule for one statement is `replicaFor`; which replica, `ReplicaSet.choose`.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { type Replica, type ReplicaSet, answerableElsewhere, parseLsn, replicaSetOf } from './replica-set';
import type { SqlRunner } from './read-pool';

/** Sent with a write's answer, and taken back from the next request: the position its reads must see. */
export const READ_AFTER_HEADER = 'x-mamori-read-after';
export const READ_AFTER_COOKIE = 'mamori_read_after';

/** A position no replica reaches: a read-after that cannot be read sends the request to the primary. */
const UNREADABLE = 1n << 64n;

/** A statement that reads only (a write sent to a replica would fail there and be answered by the primary). */
const READ_ONLY_STATEMENT = /^\s*(\(\s*)*(select|explain|values)\b/i;
const CTE = /^\s*with\b/i;
const WRITES = /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|merge\s+into)\b/i;

export class ReadRoute {
  /** The replica this request's reads go to; null: the primary. */
  private target: Replica | null = null;
  /** A transaction began on the primary: the answer carries the position after it (read-your-writes). */
  wrote = false;

  constructor(private readonly set: ReplicaSet, readonly minLsn: bigint | null) {}

  /** The request is read-only work: its reads go to a replica that has replayed what the session wrote, if one may take them. */
  readOnly(): Replica | null {
    this.target = this.set.choose(this.minLsn);
    return this.target;
  }

  /** The replica one statement outside a transaction goes to, or null for the primary. */
  replicaFor(sql: string, method: string): Replica | null {
    const target = this.target;
    if (!target || method === 'run' || !target.usable()) return null;
    if (READ_ONLY_STATEMENT.test(sql) || (CTE.test(sql) && !WRITES.test(sql))) return target;
    return null;
  }

  /** The replica a read-only transaction begun now goes to (with every statement in it), or null for the primary. */
  replicaForTransaction(readOnly: boolean | undefined): Replica | null {
    const target = this.target;
    return readOnly && target && target.usable() ? target : null;
  }

  /**
   * A statement failed on `replica`. True when the primary may answer it instead (the replica is down,
   * restarting, cancelled it for recovery, or refused a write); the rest of the request then stays there.
   */
  failed(replica: Replica, error: unknown): boolean {
    this.set.failed(replica, error);
    if (!answerableElsewhere(error)) return false;
    this.target = null;
    return true;
  }

  /** The compiled read path's runner for `replica`, answered by `primary` when the replica cannot. */
  runner(replica: Replica, primary: SqlRunner): SqlRunner {
    return async (sql, params, samePlan) => {
      if (this.target === replica && replica.usable()) {
        try {
          return await replica.reads.run(sql, params, samePlan);
        } catch (error) {
          if (!this.failed(replica, error)) throw error;
        }
      }
      return primary(sql, params, samePlan);
    };
  }
}

const routes = new AsyncLocalStorage<ReadRoute>();
const ofRequest = new WeakMap<IncomingMessage, ReadRoute>();

/** The route of the request whose work is running (none outside a request, or without replicas). */
export const currentRoute = (): ReadRoute | undefined => routes.getStore();

/** Runs `fn` (and everything it starts) as work of the request with this route. */
export const withRoute = <T>(route: ReadRoute, fn: () => T): T => routes.run(route, fn);

/** Transactions begun on a replica (read-only), and nested ones in them: their statements go there too. */
const onReplica = new WeakMap<Knex.Transaction, Replica>();
export const replicaOfTransaction = (trx: Knex.Transaction): Replica | undefined => onReplica.get(trx);
export const noteReplicaTransaction = (trx: Knex.Transaction, replica: Replica): void => { onReplica.set(trx, replica); };

/**
 * Read-only work that is no request's (the statistics cube): on a replica when one may take it (with no
 * read-after position: nobody's own writes are in question), else on the primary; a replica that fails it
 * hands the whole work to the primary. Never under the route of a request that happens to start it.
 */
export async function readOnlyWork<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  const set = replicaSetOf(orm);
  const route = set ? new ReadRoute(set, null) : null;
  const replica = route?.readOnly();
  if (!route || !replica) return routes.exit(work);
  try {
    return await withRoute(route, work);
  } catch (error) {
    if (!route.failed(replica, error)) throw error;
    return routes.exit(work);
  }
}

/** The request's route, made once: its read-after position from the header and the cookie, the later of the two. */
export function routeOf(set: ReplicaSet, req: IncomingMessage): ReadRoute {
  let route = ofRequest.get(req);
  if (!route) {
    route = new ReadRoute(set, readAfterOf(req));
    ofRequest.set(req, route);
  }
  return route;
}

/** The position the request must read after: null when none was given, UNREADABLE when one given cannot be read. */
export function readAfterOf(req: IncomingMessage): bigint | null {
  const given: string[] = [];
  const header = req.headers[READ_AFTER_HEADER];
  if (header) given.push(...(Array.isArray(header) ? header : [header]));
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === READ_AFTER_COOKIE) given.push(value.join('='));
  }
  let latest: bigint | null = null;
  for (const text of given) {
    const lsn = parseLsn(text.trim());
    if (lsn === null) return UNREADABLE;
    if (latest === null || lsn > latest) latest = lsn;
  }
  return latest;
}

/**
 * The Set-Cookie of a read-after position. It is needed only until every replica that may take reads has
 * replayed it, which any replica within the lag bound has done once the bound and a check have passed.
 */
export function readAfterCookie(lsn: string, maxLagMs: number, checkMs: number, secure: boolean): string {
  const seconds = Math.ceil((maxLagMs + 2 * checkMs) / 1000) + 1;
  return `${READ_AFTER_COOKIE}=${lsn}; Path=/; Max-Age=${seconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
