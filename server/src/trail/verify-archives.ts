// `trail:verify --archives DIR`: the archived part of the log, file by file (each verifies on its own, and
// each continues the one before: same chain hash, same Merkle frontier), checked against trail_archive and
// against every signed checkpoint that falls inside it (recomputed roots); it must end where the live
// trail starts.
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlRunner } from '../db/read-pool';
import { fileSha256, verifyArchive } from './archive-file';
import type { Checkpoint } from './checkpoint';
import { CompactRange, type Hash } from './merkle';
import { GENESIS_HASH } from './trail-writer';

const hexes = (hashes: readonly Hash[]) => hashes.map((h) => h.toString('hex')).join(',');

export interface ArchivesChecked {
  files: number;
  entries: number;
  /** Every archive was read through (false: one is missing or unreadable; the checks after it were not made). */
  complete: boolean;
}

/**
 * Verifies the archives trail_archive lists, in order, from `dir`; adds what fails to `problems` and the
 * sizes of the checkpoints whose roots it recomputed to `reached`.
 */
export async function verifyArchives(run: SqlRunner, dir: string, checkpoints: Map<number, Checkpoint>, keys: KeyObject[],
  problems: string[], reached: Set<number>): Promise<ArchivesChecked> {
  const rows = await run(`select first_entry, last_entry, file, sha256, last_hash, frontier from trail_archive order by last_entry`, []);
  let tree = new CompactRange();
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const path = join(dir, String(row.file));
    if (!existsSync(path)) {
      problems.push(`the archive of entries ${row.first_entry} to ${row.last_entry} (${row.file}) is not in ${dir}`);
      return { files: 0, entries: 0, complete: false };
    }
    if ((await fileSha256(path)) !== String(row.sha256).trim()) problems.push(`${row.file} is not the file archived (its SHA-256 differs from trail_archive's)`);
    const v = await verifyArchive(path, keys, {
      record: (t, hash) => {
        const c = checkpoints.get(t.size);
        if (!c) return;
        reached.add(c.size);
        if (t.root().toString('hex') !== c.root || hash !== c.chainHash) {
          problems.push(`the archived entries no longer give the root of the checkpoint of ${c.size} entries signed ${c.time}: ${row.file} was rewritten`);
        }
      },
    });
    problems.push(...v.problems);
    const h = v.header;
    if (!h || !v.end) return { files: 0, entries: 0, complete: false };
    if (h.firstEntry !== tree.size + 1 || h.prevHash !== prev || h.frontier.join(',') !== hexes(tree.parts())) {
      problems.push(`${row.file} does not continue the archive before it (entry ${tree.size}, its chain hash and tree)`);
    }
    if (v.end.size !== Number(row.last_entry) || v.end.lastHash !== String(row.last_hash).trim() || hexes(v.end.frontier) !== hexes(row.frontier as Hash[])) {
      problems.push(`${row.file} does not end where trail_archive says the live trail goes on (entry ${row.last_entry})`);
    }
    tree = CompactRange.of(v.end.size, v.end.frontier);
    prev = v.end.lastHash;
  }
  return { files: rows.length, entries: tree.size, complete: true };
}
