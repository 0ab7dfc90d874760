// The person can check their access records (#20): a disclosure carries, for each one, its inclusion proof
// (RFC 9162 audit path) against a checkpoint signed just before the file was read, the public key, and a
// small verifier that checks it all offline (trail/person-verifier/verify-trail.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestContext } from '../../context';
import { emRunner } from '../../db/read-pool';
import { archiveDir } from '../../trail/archive';
import { type ArchivedProofs, proveFromArchiveWhere } from '../../trail/archive-proof';
import type { Checkpoint } from '../../trail/checkpoint';
import { checkpointerFor } from '../../trail/checkpointer-thread';
import { inclusionRanges } from '../../trail/merkle';
import { publicKeyPem } from '../../trail/trail-key';
import type { LeafEntry } from '../../trail/tree-leaves';
import { TreeReader } from '../../trail/tree-store';
import type { ZipEntry } from './zip-writer';

export interface TrailProofs {
  checkpoint: Checkpoint | null;
  publicKey: string | null;
  entries: { leaf: LeafEntry; path: string[] }[];
  /** Entries appended after the checkpoint (or all, without one): listed, not proved. */
  unproven: number[];
  /** Why there is no checkpoint, when there is none. */
  why?: string;
  /** The person's entries archived past the retention (trail:archive), proved from the archive files. */
  archived?: ArchivedProofs[];
  /** Archive files this server could not read or verify (their entries are not in the file), and why. */
  archivesUnread?: string[];
}

/** The person's archived access entries as 08 lists them, and their proofs; null when nothing is archived. */
export interface ArchivedForPerson {
  proofs: ArchivedProofs[];
  unread: string[];
  rows: Record<string, unknown>[];
}

/** An ISO instant as the person reads it (08's other rows): Japan time. */
const jstText = (iso: string) => `${new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

/**
 * The person's access entries in the trail's archives, each proved from its archive file (read in
 * MAMORI_TRAIL_ARCHIVE_DIR, verified with the trail's keys first): the audit path to the archive's root,
 * tied by the archive's consistency proof to a signed checkpoint. A file missing or not verifying is named,
 * not skipped silently: the person is told their archived records are not all in the file.
 */
export async function proveArchivedEntries(ctx: RequestContext, customerId: number): Promise<ArchivedForPerson | null> {
  const archives = await ctx.em.getConnection().execute(`select file from trail_archive order by first_entry`) as { file: string }[];
  if (!archives.length) return null;
  const keys = ctx.deps.checkpoints ? [ctx.deps.checkpoints.key, ...ctx.deps.checkpoints.retired ?? []].map((k) => k.publicKey) : undefined;
  const out: ArchivedForPerson = { proofs: [], unread: [], rows: [] };
  for (const { file } of archives) {
    const path = join(archiveDir(), file);
    if (!existsSync(path)) { out.unread.push(`${file}: not found in the archive directory`); continue; }
    try {
      const proved = await proveFromArchiveWhere(path, (l) => l.kind === 'ACCESS' && l.customerId === customerId, keys);
      if (proved) out.proofs.push(proved);
    } catch (error) {
      out.unread.push(`${file}: ${(error as Error).message}`);
    }
  }
  out.rows = out.proofs.flatMap((p) => p.entries.map(({ leaf }) => ({
    entry_id: leaf.id, at: jstText(leaf.at), role: leaf.role, staff_id: leaf.staffId, purpose: leaf.purpose, operation: leaf.operation,
    clear_fields: leaf.clearFields, masked_fields: leaf.maskedFields,
  })));
  return out;
}

const VERIFIER = new URL('../../trail/person-verifier/verify-trail.mjs', import.meta.url);

/**
 * Signs a checkpoint now (the server's checkpointer; another process may hold it, then the latest one
 * serves), then proves each entry it covers. A checkpoint that cannot be signed (the trail does not verify)
 * does not stop the disclosure: the file says so, and the entries are listed unproved.
 */
export async function signCheckpointForDisclosure(ctx: RequestContext): Promise<{ checkpoint: Checkpoint | null; why?: string }> {
  const checkpointer = checkpointerFor(ctx.deps.orm);
  if (!checkpointer) return { checkpoint: null, why: 'this server signs no checkpoints' };
  try {
    await checkpointer.checkpointNow();
  } catch (error) {
    return { checkpoint: null, why: `no checkpoint could be signed: ${(error as Error).message}` };
  }
  const [row] = await ctx.em.getConnection().execute(`select body from trail_checkpoint order by size desc limit 1`);
  return { checkpoint: (row?.body as Checkpoint | undefined) ?? null };
}

/** The audit paths of `leaves` against `checkpoint`, read in one pass over the stored tree. */
export async function proveEntries(ctx: RequestContext, signed: { checkpoint: Checkpoint | null; why?: string }, leaves: LeafEntry[],
  archived: ArchivedForPerson | null = null): Promise<TrailProofs> {
  const { checkpoint } = signed;
  const publicKey = ctx.deps.checkpoints ? publicKeyPem(ctx.deps.checkpoints.key.publicKey) : null;
  const fromArchives = archived ? { archived: archived.proofs, archivesUnread: archived.unread } : {};
  if (!checkpoint) return { checkpoint: null, publicKey, entries: [], unproven: leaves.map((l) => l.id), why: signed.why, ...fromArchives };
  const covered = leaves.filter((l) => l.id <= checkpoint.size);
  const paths = covered.map((l) => inclusionRanges(l.id - 1, checkpoint.size));
  const hashes = await new TreeReader(emRunner(ctx.em), checkpoint.size).rangeHashes(paths.flat());
  let at = 0;
  const entries = covered.map((leaf, i) => {
    const path = hashes.slice(at, at + paths[i].length).map((h) => h.toString('hex'));
    at += paths[i].length;
    return { leaf, path };
  });
  return { checkpoint, publicKey, entries, unproven: leaves.filter((l) => l.id > checkpoint.size).map((l) => l.id), ...fromArchives };
}

/** The ZIP's files: the proofs with the checkpoint and public key, and the verifier. */
export function proofFiles(p: TrailProofs): ZipEntry[] {
  const doc = { format: 'mamori-trail-proofs/1', ...p };
  return [
    { name: 'trail-proofs.json', data: Buffer.from(`${JSON.stringify(doc, null, 1)}\n`, 'utf8') },
    { name: 'verify-trail.mjs', data: readFileSync(VERIFIER) },
  ];
}
