// A signed checkpoint of the trail: how many entries, the Merkle root over them (RFC 9162), the chain hash of
// the last record, and when — signed with the trail key (Ed25519). Written to an append-only directory.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type KeyObject, sign, verify } from 'node:crypto';
import type { KeyTransition } from './key-transition';
import { keyIdOf, publicKeyPem, type TrailKey } from './trail-key';

export const CHECKPOINT_FORMAT = 'mamori-trail-checkpoint/1';
/** Names the log in every checkpoint: a checkpoint of another log does not verify as one of this. */
export const TRAIL_ORIGIN = 'mamori-trail';
/** Key transitions (key-transition.ts) share the directory: `key-transition-<from>-<to>.json`. */
const TRANSITION_PREFIX = 'key-transition-';

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  origin: string;
  /** Entries covered: the tree's leaves, entry ids 1 … size. */
  size: number;
  /** The RFC 9162 root over them, hex. */
  root: string;
  /** The chain hash of the record ending at entry `size` (trail_head.last_hash when signed). */
  chainHash: string;
  /** When it was signed, ISO 8601. */
  time: string;
  keyId: string;
  /** Ed25519 over `checkpointMessage`, base64. */
  signature: string;
}

/** The signed text: one line per field, in this order, ending with a newline. */
export function checkpointMessage(c: Omit<Checkpoint, 'signature' | 'keyId'>): string {
  return `${c.format}\n${c.origin}\n${c.size}\n${c.root}\n${c.chainHash}\n${c.time}\n`;
}

export function signCheckpoint(key: TrailKey, c: { size: number; root: string; chainHash: string; time: string }): Checkpoint {
  const body = { format: CHECKPOINT_FORMAT, origin: TRAIL_ORIGIN, ...c } as const;
  const signature = sign(null, Buffer.from(checkpointMessage(body)), key.privateKey).toString('base64');
  return { ...body, keyId: key.keyId, signature };
}

/** Whether `c` is a well-formed checkpoint of this log signed by `publicKey`. */
export function checkpointSignedBy(c: Checkpoint, publicKey: KeyObject): boolean {
  if (c.format !== CHECKPOINT_FORMAT || c.origin !== TRAIL_ORIGIN || c.keyId !== keyIdOf(publicKey)) return false;
  if (!Number.isSafeInteger(c.size) || c.size < 1 || !/^[0-9a-f]{64}$/.test(c.root) || !/^[0-9a-f]{64}$/.test(c.chainHash)) return false;
  try {
    return verify(null, Buffer.from(checkpointMessage(c)), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false; // a signature that is not one at all
  }
}

/**
 * The append-only directory of checkpoints: one file per checkpoint, created exclusively (never
 * overwritten), read-only, flushed to disk with its directory before the call returns. Mirror it to object
 * storage with object lock, or timestamp each file (RFC 3161), to keep it out of one host's reach (docs/trail.md).
 */
export class CheckpointDirectory {
  constructor(readonly dir: string) {}

  write(c: Checkpoint, key?: TrailKey): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    if (key) this.create(`public-key-${key.keyId}.pem`, publicKeyPem(key.publicKey), true);
    const name = `${String(c.size).padStart(16, '0')}-${c.time.replace(/[^0-9]/g, '')}.json`;
    this.create(name, `${JSON.stringify(c)}\n`, false);
    return join(this.dir, name);
  }

  /** Every checkpoint file, in the order of their sizes (then times); a file that does not parse is named. */
  list(): { checkpoints: Checkpoint[]; unreadable: string[] } {
    if (!existsSync(this.dir)) return { checkpoints: [], unreadable: [] };
    const checkpoints: Checkpoint[] = [];
    const unreadable: string[] = [];
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith('.json') && !n.startsWith(TRANSITION_PREFIX)).sort()) {
      try {
        checkpoints.push(JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as Checkpoint);
      } catch {
        unreadable.push(name);
      }
    }
    return { checkpoints, unreadable };
  }

  /** Writes a key transition (key-transition.ts) beside the checkpoints, with the new key's public key; once per pair. */
  writeTransition(t: KeyTransition, to: TrailKey): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    this.create(`public-key-${to.keyId}.pem`, publicKeyPem(to.publicKey), true);
    this.create(`${TRANSITION_PREFIX}${t.from.keyId}-${t.to.keyId}.json`, `${JSON.stringify(t)}\n`, true);
  }

  /** Every key transition in the directory (one that does not parse is skipped: it trusts nothing). */
  transitions(): KeyTransition[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((n) => n.startsWith(TRANSITION_PREFIX) && n.endsWith('.json')).sort().flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as KeyTransition];
      } catch {
        return [];
      }
    });
  }

  /** Creates `name` with `text`, mode 0444; an existing file is never replaced (`sameIsFine`: keep it). */
  private create(name: string, text: string, sameIsFine: boolean): void {
    const path = join(this.dir, name);
    if (sameIsFine && existsSync(path)) return;
    const fd = openSync(path, 'wx', 0o444);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
