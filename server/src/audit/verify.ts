import type { EntityManager } from '@mikro-orm/postgresql';
import { entryHash, GENESIS_HASH, type TrailEntry } from './trail-writer';

export interface VerificationResult {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not verify (or the first missing id). */
  firstBrokenId: number | null;
}

const BATCH = 5_000;

/** Maps a trail_entry row back to the entry its hash covers. */
export function rowToEntry(r: Record<string, any>): TrailEntry {
  return {
    id: Number(r.id), at: new Date(r.at), kind: r.kind, staffId: r.staff_id, apiKeyId: r.api_key_id, role: r.role,
    purpose: r.purpose, operation: r.operation, queryHash: r.query_hash, requestId: r.request_id,
    clientAddress: r.client_address, customerId: r.customer_id, clearFields: r.clear_fields ?? [],
    maskedFields: r.masked_fields ?? [], detail: r.detail ?? {}, prevHash: r.prev_hash, hash: r.hash,
  };
}

/**
 * Walks the chain from id `from` to `to` (inclusive; defaults: the whole trail), recomputing every
 * hash and link. When it reaches the end, the head must match the last entry too.
 */
export async function verifyTrail(em: EntityManager, from = 1, to?: number): Promise<VerificationResult> {
  const conn = em.getConnection();
  const [head] = await conn.execute(`select last_id, last_hash from trail_head where singleton`);
  const last = Math.min(to ?? Number(head.last_id), Number(head.last_id));
  let expectedPrev = GENESIS_HASH;
  if (from > 1) {
    const [prev] = await conn.execute(`select hash from trail_entry where id = ?`, [from - 1]);
    if (!prev) return { ok: false, checked: 0, firstBrokenId: from - 1 };
    expectedPrev = prev.hash;
  }
  let checked = 0;
  let nextId = from;
  while (nextId <= last) {
    const rows = await conn.execute(
      `select * from trail_entry where id >= ? and id <= ? order by id limit ?`, [nextId, last, BATCH]);
    if (!rows.length) return { ok: false, checked, firstBrokenId: nextId };
    for (const row of rows) {
      const e = rowToEntry(row);
      if (e.id !== nextId || e.prevHash !== expectedPrev || entryHash(e.prevHash, e) !== e.hash) {
        return { ok: false, checked, firstBrokenId: e.id !== nextId ? nextId : e.id };
      }
      expectedPrev = e.hash;
      checked += 1;
      nextId += 1;
    }
  }
  if (last === Number(head.last_id) && checked > 0 && expectedPrev !== head.last_hash) {
    return { ok: false, checked, firstBrokenId: last };
  }
  return { ok: true, checked, firstBrokenId: null };
}
