import { unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { mamoriHome, settings } from '../../config';

/**
 * Call audio (【4】※3, category interaction.recording) lives outside the database, one file per recording
 * key (`rec/123.wav`) under MAMORI_RECORDING_DIR (default `.mamori/recordings`), where the telephone system
 * puts it. The key in `interaction.recording_key` is only a name: erasing a recording (a deletion request,
 * the live-data retention sweep) deletes the file itself, not only the key.
 */
export function recordingDir(): string {
  return resolve(settings().MAMORI_RECORDING_DIR ?? join(mamoriHome(), 'recordings'));
}

/** The file of a recording key, or null for a key that would point outside the directory (never followed). */
export function recordingPath(key: string): string | null {
  const dir = recordingDir();
  const path = resolve(dir, key);
  const rel = relative(dir, path);
  return !key || !rel || rel.startsWith('..') || isAbsolute(rel) ? null : path;
}

/**
 * Deletes the audio files of these keys; a file already gone counts as deleted (the telephone system may
 * never have stored it). Any other failure (permissions) throws, so the caller's transaction rolls back
 * and the key is not dropped while its audio survives. Returns how many files were removed.
 */
export async function removeRecordingFiles(keys: readonly (string | null | undefined)[]): Promise<number> {
  let removed = 0;
  for (const key of keys) {
    const path = key ? recordingPath(key) : null;
    if (!path) continue;
    await unlink(path).then(() => { removed += 1; }, (e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
  }
  return removed;
}
