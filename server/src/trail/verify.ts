import type { EntityManager } from '@mikro-orm/postgresql';
import { emRunner } from '../db/read-pool';
import { archiveBoundary } from './archive-boundary';
import { entryCount, entryHash, type TrailEntry } from './trail-writer';

export interface VerificationResult {
  ok: boolean;
  checked: number;
  /** The first entry whose record's hash or link does not verify (or the first missing id). */
  firstBrokenId: number | null;
}

const BATCH = 5_000;

/** Maps a trail_record row back to the entry (or record of entries) its hash covers. */
export function rowToEntry(r: Record<string, any>): TrailEntry {
  const [customerId = null, ...moreCustomerIds] = (r.customer_ids ?? []) as number[];
  return {
    id: Number(r.id), at: new Date(r.at), kind: r.kind, staffId: r.staff_id, apiKeyId: r.api_key_id, role: r.role,
    purpose: r.purpose, operation: r.operation, queryHash: r.query_hash, requestId: r.request_id,
    clientAddress: r.client_address, ...(r.policy_version != null ? { policyVersion: Number(r.policy_version) } : {}), customerId, ...(moreCustomerIds.length ? { moreCustomerIds } : {}), clearFields: r.clear_fields ?? [],
    maskedFields: r.masked_fields ?? [], detail: r.detail ?? {}, prevHash: r.prev_hash, hash: r.hash,
  };
}

/**
 * Walks the chain from entry id `from` to `to` (inclusive; defaults: the whole trail), recomputing every
 * record's hash and link; `checked` counts entries. A range starts and ends on the records holding
 * `from` and `to`. When it reaches the end, the head must match the last record too.
 */
export async function verifyTrail(em: EntityManager, from = 1, to?: number): Promise<VerificationResult> {
  const conn = em.getConnection();
  const [head] = await conn.execute(`select last_id, last_hash from trail_head where singleton`);
  const last = Math.min(to ?? Number(head.last_id), Number(head.last_id));
  // Archived entries (trail:archive) are verified from their files (trail:verify --archives); the live
  // chain starts after them, linked to the last archived record's hash.
  const cut = await archiveBoundary(emRunner(em));
  from = Math.max(from, cut.size + 1);
  // The record holding entry `from`, and the hash it links to.
  const [start] = from > cut.size + 1 ? await conn.execute(
    `select r.id, (select p.hash from trail_record p where p.id < r.id order by p.id desc limit 1) as prev_hash
     from trail_record r where r.id <= ? order by r.id desc limit 1`, [from]) : [];
  let nextId = start ? Number(start.id) : cut.size + 1;
  let expectedPrev = start ? start.prev_hash ?? cut.lastHash : cut.lastHash;
  if (start && nextId > cut.size + 1 && !start.prev_hash) return { ok: false, checked: 0, firstBrokenId: nextId - 1 };
  let checked = 0;
  while (nextId <= last) {
    const rows = await conn.execute(
      `select * from trail_record where id >= ? and id <= ? order by id limit ?`, [nextId, last, BATCH]);
    if (!rows.length) return { ok: false, checked, firstBrokenId: nextId };
    for (const row of rows) {
      const e = rowToEntry(row);
      if (e.id !== nextId || e.prevHash !== expectedPrev || entryHash(e.prevHash, e) !== e.hash) {
        return { ok: false, checked, firstBrokenId: e.id !== nextId ? nextId : e.id };
      }
      expectedPrev = e.hash;
      checked += entryCount(e);
      nextId += entryCount(e);
    }
  }
  if (last === Number(head.last_id) && checked > 0 && expectedPrev !== head.last_hash) {
    return { ok: false, checked, firstBrokenId: last };
  }
  return { ok: true, checked, firstBrokenId: null };
}
