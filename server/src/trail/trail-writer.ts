import { hash as oneShotHash } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { trailUnavailable } from '../common/errors';

export type TrailKind = 'ACCESS' | 'CHANGE' | 'SECURITY';

/**
 * One entry of the append-only, hash-chained trail (access, change and security events share one chain),
 * or, with `moreCustomerIds`, one record of several entries: the same access to several subjects.
 */
export interface TrailEntryInput {
  kind: TrailKind;
  staffId: number | null;
  apiKeyId: number | null;
  role: string | null;
  purpose: string | null;
  operation: string | null;
  queryHash: string | null;
  requestId: string | null;
  clientAddress: string | null;
  /** The policy version the request was decided under (null: none, as before versions existed). */
  policyVersion?: number | null;
  customerId: number | null;
  /**
   * Further subjects served with the same fields in the same request, after `customerId`: the entries
   * are stored as one record (one row, one hash) taking one entry id per subject.
   */
  moreCustomerIds?: number[];
  clearFields: string[];
  maskedFields: string[];
  detail: Record<string, unknown>;
}

export interface TrailEntry extends TrailEntryInput {
  id: number;
  at: Date;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The canonical text of an entry that its hash covers: fixed key order, ISO time, sorted field lists. */
export function canonicalEntry(e: Omit<TrailEntry, 'hash' | 'prevHash'>): string {
  return canonicalWith(e.id, e.at.toISOString(), canonicalTail(e));
}

/**
 * The canonical text after id and time: it depends on the entry alone, so it is built before the chain head is
 * locked. The policy version is hashed when there is one, as a last element: an entry without one (every entry
 * written before versions existed) has exactly its old text, so it still verifies.
 */
function canonicalTail(e: TrailEntryInput): string {
  const parts: unknown[] = [
    e.kind, e.staffId, e.apiKeyId, e.role, e.purpose, e.operation, e.queryHash, e.requestId,
    e.clientAddress, subjectsCanonical(e), sorted(e.clearFields), sorted(e.maskedFields), sortKeys(e.detail),
  ];
  if (e.policyVersion != null) parts.push(e.policyVersion);
  return JSON.stringify(parts);
}

/** The subjects of a record: its customers in order (none for an entry about no customer). */
function subjectsOf(e: Pick<TrailEntryInput, 'customerId' | 'moreCustomerIds'>): number[] {
  return e.customerId == null ? [] : e.moreCustomerIds?.length ? [e.customerId, ...e.moreCustomerIds] : [e.customerId];
}

/** How many entry ids a record takes: one per subject, and one for a record about no customer. */
export function entryCount(e: Pick<TrailEntryInput, 'customerId' | 'moreCustomerIds'>): number {
  return Math.max(1, subjectsOf(e).length);
}

/**
 * The subjects as the hash covers them: null or the id for a record of at most one subject (exactly the
 * single-entry form, so every entry written before records existed still verifies), an array otherwise.
 */
function subjectsCanonical(e: TrailEntryInput): number | null | number[] {
  return e.moreCustomerIds?.length ? subjectsOf(e) : e.customerId;
}

/** `JSON.stringify([id, at, ...tail])`, from the parts. */
function canonicalWith(id: number, atIso: string, tail: string): string {
  return `[${id},${JSON.stringify(atIso)},${tail.slice(1)}`;
}

const sha256Hex = (text: string): string => oneShotHash('sha256', text, 'hex');

/** SHA-256 of the previous hash, a newline and the entry's canonical text (one-shot: verifiers hash every record). */
export function entryHash(prevHash: string, e: Omit<TrailEntry, 'hash' | 'prevHash'>): string {
  return sha256Hex(`${prevHash}\n${canonicalEntry(e)}`);
}

/** The list in sort order: itself when it already is (an access record's lists are sorted when made), else a sorted copy. */
function sorted(list: string[]): string[] {
  for (let i = 1; i < list.length; i++) if (list[i - 1] > list[i]) return [...list].sort();
  return list;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const keys = Object.keys(v);
    if (!keys.length) return v;
    return Object.fromEntries(keys.sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** An entry with the part of its canonical text that does not depend on its place in the chain. */
export interface PreparedEntry {
  input: TrailEntryInput;
  tail: string;
}

export function prepareEntry(input: TrailEntryInput): PreparedEntry {
  return { input, tail: canonicalTail(input) };
}

/**
 * Chains prepared entries after `head` (ids and hashes): the rows to store and the new head. Pure: the
 * caller holds the head's row lock.
 */
export function chainEntries(head: { last_id: unknown; last_hash: string }, entries: PreparedEntry[], at = new Date()) {
  let prevHash = head.last_hash;
  let lastId = Number(head.last_id);
  const atIso = at.toISOString();
  const rows = entries.map(({ input: r, tail }) => {
    const id = lastId + 1;
    lastId += entryCount(r);
    // The bytes entryHash hashes, from the parts prepared before the head was locked.
    const hash = sha256Hex(`${prevHash}\n${canonicalWith(id, atIso, tail)}`);
    const row = {
      id, at: atIso, kind: r.kind, staff_id: r.staffId, api_key_id: r.apiKeyId, role: r.role,
      purpose: r.purpose, operation: r.operation, query_hash: r.queryHash, request_id: r.requestId,
      client_address: r.clientAddress, customer_ids: subjectsOf(r), clear_fields: r.clearFields, masked_fields: r.maskedFields,
      detail: r.detail, policy_version: r.policyVersion ?? null, prev_hash: prevHash, hash,
    };
    prevHash = hash;
    return row;
  });
  return { rows, lastId, lastHash: prevHash };
}

/**
 * Locks and reads the chain head for an append (until the transaction ends). Through the owner's function:
 * the application role may not lock the row itself (FOR UPDATE needs UPDATE rights it does not have).
 */
export const SELECT_HEAD_FOR_UPDATE = `select last_id, last_hash from trail_lock_head()`;

/**
 * The columns of trail_record as `json_to_recordset` reads chained rows given as one JSON value (json, not jsonb:
 * each value goes from its JSON text to its column, not through a jsonb document first).
 */
const TRAIL_COLUMNS = `id, at, kind, staff_id, api_key_id, role, purpose, operation, query_hash, request_id,
  client_address, customer_ids, clear_fields, masked_fields, detail, policy_version, prev_hash, hash`;
const TRAIL_RECORDSET = `as u(id bigint, at timestamptz, kind text, staff_id int, api_key_id int, role text,
  purpose text, operation text, query_hash text, request_id text, client_address text, customer_ids int[],
  clear_fields text[], masked_fields text[], detail jsonb, policy_version int, prev_hash text, hash text)`;

/** Chained rows inserted from one JSON parameter ($1); the database's trigger (Migration20261211200000) checks and moves the head. */
export const APPEND_SQL = `insert into trail_record (${TRAIL_COLUMNS})
  select ${TRAIL_COLUMNS} from json_to_recordset($1::json) ${TRAIL_RECORDSET}`;

/**
 * Chained rows appended in one statement (one round trip, committed on its own) if the head is still where they
 * were chained from: $1/$2 the head they follow, $3 the rows as JSON. The head is locked first (the one-time
 * filter runs before any row is read), so appends from several processes queue on the head's row lock, in the
 * order the lock gives them. Without that lock, two processes' rows chained from the same head met on the
 * primary key and on the head in opposite orders: deadlocks (40P01, a second's wait each) under two servers
 * (test/replica-reads). When another writer moved the head, nothing is written (rowCount 0): chain again.
 */
export const APPEND_IF_HEAD_SQL = `with head as (select last_id, last_hash from trail_lock_head())
  insert into trail_record (${TRAIL_COLUMNS})
  select ${TRAIL_COLUMNS} from json_to_recordset($3::json) ${TRAIL_RECORDSET}
  where exists (select 1 from head where last_id = $1 and last_hash = $2)`;

/** The same INSERT with knex's `?`, run under the head's lock (appendTrail). */
const INSERT_TRAIL_SQL = APPEND_SQL.replace('$1', '?');

/**
 * Appends entries in one INSERT, chained after the current head. The head row is locked for the
 * transaction, so appends from several processes stay linear; the database's trigger moves the head.
 * Must run inside a transaction.
 */
export async function appendTrail(em: EntityManager, inputs: TrailEntryInput[]): Promise<void> {
  if (!inputs.length) return;
  // The transaction's own knex handle: values travel as bind parameters, not inlined and escaped into the SQL text.
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('appendTrail must run inside a transaction');
  const { rows: [head] } = await trx.raw(SELECT_HEAD_FOR_UPDATE);
  const chained = chainEntries(head, inputs.map(prepareEntry));
  try {
    await trx.raw(INSERT_TRAIL_SQL, [JSON.stringify(chained.rows)]);
  } catch {
    // Disk full, a constraint, a lost connection: what the entry records cannot go on either (a coded refusal).
    throw trailUnavailable();
  }
}
