// The leaves of the trail's Merkle tree: one per entry id (leaf index = id − 1), each committing to what the
// entry says about its one subject and to its record's chain hash (which covers everything else).
import type { SqlRunner } from '../db/read-pool';
import { hash } from 'node:crypto';
import { type Digest, type Hash, leafHash } from './merkle';

export const LEAF_FORMAT = 'mamori-trail-entry/1';

/** What one entry's leaf commits to: what a disclosure shows the person, and its record's hash. */
export interface LeafEntry {
  id: number;
  /** ISO 8601 with milliseconds, as the chain's canonical text has it. */
  at: string;
  kind: string;
  staffId: number | null;
  apiKeyId: number | null;
  role: string | null;
  purpose: string | null;
  operation: string | null;
  /** This entry's subject (one of its record's customers), or null. */
  customerId: number | null;
  clearFields: string[];
  maskedFields: string[];
  /** The chain hash of the record holding the entry: binds the leaf to the record's other columns. */
  recordHash: string;
}

/** The bytes a leaf hashes (after RFC 9162's 0x00): a JSON array in a fixed order, field lists sorted. */
export function leafText(e: LeafEntry): string {
  return JSON.stringify([LEAF_FORMAT, e.id, e.at, e.kind, e.staffId, e.apiKeyId, e.role, e.purpose, e.operation, e.customerId,
    [...e.clearFields].sort(), [...e.maskedFields].sort(), e.recordHash]);
}

export const entryLeafHash = (e: LeafEntry): Hash => leafHash(leafText(e));

type Row = Record<string, any>;

/** The entries of one trail_record row (one per subject, at least one), as their leaves see them. */
export function leafEntriesOfRow(r: Row): LeafEntry[] {
  const id = Number(r.id);
  const at = new Date(r.at).toISOString();
  const subjects: (number | null)[] = r.customer_ids?.length ? r.customer_ids : [null];
  const clear = [...(r.clear_fields ?? [])].sort();
  const masked = [...(r.masked_fields ?? [])].sort();
  return subjects.map((customerId, i) => ({
    id: id + i, at, kind: r.kind, staffId: r.staff_id ?? null, apiKeyId: r.api_key_id ?? null, role: r.role ?? null,
    purpose: r.purpose ?? null, operation: r.operation ?? null, customerId, clearFields: clear, maskedFields: masked, recordHash: r.hash,
  }));
}

/** The bytes every leaf's input starts with: RFC 9162's 0x00, then the text's opening up to the entry id. */
const LEAF_HEAD = Buffer.from(`\u0000[${JSON.stringify(LEAF_FORMAT)},`);
/** Where a row's leaf inputs are assembled, reused (hashing is synchronous: no call sees another's bytes). */
let scratch: Buffer = Buffer.allocUnsafeSlow(4096);

/** A view of the scratch buffer's first n bytes, for each n used (a subarray per leaf cost as much as its hashing). */
let views: Buffer[] = [];

/**
 * The leaf hashes of one row's entries whose ids are above `after`, in id order, with the first one's id:
 * the bytes `leafText` gives each entry, with the parts all of a row's entries share encoded once and each
 * entry's input assembled in one buffer (a row of a 100-customer page is 100 leaves: building each one's
 * text, then its UTF-8 copy, was most of the checkpointer's own cost per leaf). As digests (merkle.ts).
 */
export function leafDigestsOfRow(r: Row, after = 0): { first: number; digests: Digest[] } {
  const id = Number(r.id);
  const subjects: (number | null)[] = r.customer_ids?.length ? r.customer_ids : [null];
  const first = Math.max(id, after + 1);
  if (first >= id + subjects.length) return { first, digests: [] };
  const shared = Buffer.from(`,${JSON.stringify([new Date(r.at).toISOString(), r.kind, r.staff_id ?? null, r.api_key_id ?? null, r.role ?? null,
    r.purpose ?? null, r.operation ?? null]).slice(1, -1)},`);
  const tail = Buffer.from(`,${JSON.stringify([[...(r.clear_fields ?? [])].sort(), [...(r.masked_fields ?? [])].sort(), r.hash]).slice(1, -1)}]`);
  // Room for the head, the shared parts and two numbers of up to 24 characters (a subject that is not a
  // number is written by writeJson, which makes room for itself).
  if (scratch.length < LEAF_HEAD.length + shared.length + tail.length + 48) grow(2 * (LEAF_HEAD.length + shared.length + tail.length + 48));
  LEAF_HEAD.copy(scratch, 0);
  const digests: Digest[] = [];
  for (let i = first - id; i < subjects.length; i++) {
    let at = writeJson(LEAF_HEAD.length, id + i);
    scratch.set(shared, at);
    at = writeJson(at + shared.length, subjects[i]);
    if (at + tail.length > scratch.length) grow(2 * (at + tail.length));
    scratch.set(tail, at);
    const n = at + tail.length;
    digests.push(hash('sha256', views[n] ??= scratch.subarray(0, n), 'binary'));
  }
  return { first, digests };
}

/** leafDigestsOfRow's leaves as hashes. */
export function leafHashesOfRow(r: Row, after = 0): { first: number; hashes: Hash[] } {
  const { first, digests } = leafDigestsOfRow(r, after);
  return { first, hashes: digests.map((d) => Buffer.from(d, 'latin1')) };
}

/** Writes `JSON.stringify(v)` at `at` in the scratch buffer; returns where it ends. */
function writeJson(at: number, v: unknown): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
    // Decimal digits, as JSON.stringify gives a safe non-negative integer (ids and customer ids always are).
    let end = at + 1;
    for (let m = v; m >= 10; m = Math.floor(m / 10)) end++;
    for (let k = end - 1, m = v; k >= at; k--, m = Math.floor(m / 10)) scratch[k] = 48 + (m % 10);
    return end;
  }
  const text = Buffer.from(JSON.stringify(v));
  if (at + text.length > scratch.length) grow(2 * (at + text.length));
  return at + text.copy(scratch, at);
}

/** Replaces the scratch buffer by one of `size` bytes holding its bytes (the views of the old one go with it). */
function grow(size: number): void {
  const b = Buffer.allocUnsafeSlow(size);
  scratch.copy(b, 0);
  scratch = b;
  views = [];
}

/** The columns a leaf needs, and those the chain's hash needs besides (verification reads both). */
export const LEAF_COLUMNS = 'id, at, kind, staff_id, api_key_id, role, purpose, operation, customer_ids, clear_fields, masked_fields, hash';

/**
 * The records holding entries `from`…`to` (ids, inclusive), in order, the first `limit` of them: the record
 * holding `from` may start before it (a record of several subjects takes several ids).
 */
export async function recordsHolding(run: SqlRunner, from: number, to: number, columns = LEAF_COLUMNS, limit?: number): Promise<Row[]> {
  return run(recordsHoldingSql(columns, limit), [from, to]);
}

/** recordsHolding's statement (`?` placeholders: `from`, then `to`). */
export function recordsHoldingSql(columns = LEAF_COLUMNS, limit?: number): string {
  return `select ${columns} from trail_record
    where id >= coalesce((select max(id) from trail_record where id <= ?), 1) and id <= ? order by id${limit ? ` limit ${Number(limit)}` : ''}`;
}

/** The leaf hashes of leaves [lo, hi) (entry ids lo + 1 … hi); throws when an entry is missing. */
export async function readLeaves(run: SqlRunner, lo: number, hi: number): Promise<Hash[]> {
  if (hi <= lo) return [];
  const out: Hash[] = [];
  for (const row of await recordsHolding(run, lo + 1, hi)) {
    const { first, hashes } = leafHashesOfRow(row, lo);
    if (!hashes.length) continue;
    if (first !== lo + out.length + 1) throw new Error(`trail entry ${lo + out.length + 1} is missing`);
    out.push(...hashes.slice(0, Math.max(0, hi - first + 1)));
  }
  if (out.length !== hi - lo) throw new Error(`trail entry ${lo + out.length + 1} is missing`);
  return out;
}
