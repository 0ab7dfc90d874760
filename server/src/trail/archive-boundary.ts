// Where the live trail starts once a prefix of it is archived (#20 item 6): the last archived entry, the
// chain hash of the record ending there, and the Merkle tree's frontier at that size. From trail_archive;
// trusted only as far as the signed checkpoints after it give the same roots (verification checks that).
import type { SqlRunner } from '../db/read-pool';
import { GENESIS_HASH } from './trail-writer';
import type { Hash } from './merkle';

export interface ArchiveBoundary {
  /** Entries 1 … size are archived (0: none). */
  size: number;
  /** The chain hash of the record ending at entry `size` (the genesis hash when none is archived). */
  lastHash: string;
  /** `perfectParts(0, size)`'s hashes, largest first. */
  frontier: Hash[];
}

export const NOTHING_ARCHIVED: ArchiveBoundary = { size: 0, lastHash: GENESIS_HASH, frontier: [] };

export async function archiveBoundary(run: SqlRunner): Promise<ArchiveBoundary> {
  const [row] = await run(`select last_entry, last_hash, frontier from trail_archive order by last_entry desc limit 1`, []);
  return row ? { size: Number(row.last_entry), lastHash: String(row.last_hash), frontier: row.frontier as Hash[] } : NOTHING_ARCHIVED;
}
