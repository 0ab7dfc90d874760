// `npm run trail:verify [-- --from N --to M] [--checkpoints DIR] [--public-key FILE] [--archives [--archive-dir DIR]]`:
// walks the access trail's hash chain, then checks the database against the signed checkpoints, and with
// --archives the archived part file by file, as one log with the live part (docs/trail.md); exit 1 if anything fails.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config';
import { resolveDatabase } from '../db/database-url';
import { initOrm } from '../db/orm';
import { emRunner } from '../db/read-pool';
import { archiveDir } from '../trail/archive';
import { CheckpointDirectory } from '../trail/checkpoint';
import { trustedKeys } from '../trail/key-transition';
import { checkpointDir, loadRetiredTrailKeys, loadTrailKey, publicKeyFrom } from '../trail/trail-key';
import { verifyTrail } from '../trail/verify';
import { verifyAgainstCheckpoints } from '../trail/verify-checkpoints';

const { values } = parseArgs({ options: {
  from: { type: 'string' }, to: { type: 'string' }, checkpoints: { type: 'string' }, 'public-key': { type: 'string', multiple: true },
  archives: { type: 'boolean' }, 'archive-dir': { type: 'string' },
} });
loadSettings();
// The public key alone suffices (an auditor needs no private key); else the server's own keys. Keys a
// rotation linked to a trusted one (both signed the transition) are trusted too (key-transition.ts).
const anchors = values['public-key']?.length ? values['public-key'].map((f) => publicKeyFrom(readFileSync(f, 'utf8')))
  : [loadTrailKey(), ...loadRetiredTrailKeys()].map((k) => k.publicKey);
const directory = new CheckpointDirectory(values.checkpoints ?? checkpointDir());
const publicKey = trustedKeys(anchors, directory.transitions());
const db = await resolveDatabase();
const orm = await initOrm(db.url);
let exitCode = 1;
try {
  const started = Date.now();
  const result = await verifyTrail(orm.em.fork(), values.from ? Number(values.from) : 1, values.to ? Number(values.to) : undefined);
  const seconds = (Date.now() - started) / 1000;
  console.log(result.ok
    ? `trail OK: ${result.checked} entries verified in ${seconds.toFixed(2)} s (${Math.round(result.checked / Math.max(seconds, 0.001))} entries/s)`
    : `trail BROKEN at entry ${result.firstBrokenId} (${result.checked} entries verified before it)`);
  exitCode = result.ok ? 0 : 1;
  if (!values.from && !values.to) {
    const { checkpoints, unreadable } = directory.list();
    const archiveDirectory = values.archives || values['archive-dir'] ? values['archive-dir'] ?? archiveDir() : undefined;
    const v = await verifyAgainstCheckpoints(emRunner(orm.em.fork()), checkpoints, publicKey, { archiveDir: archiveDirectory });
    const problems = [...unreadable.map((n) => `${n} in ${directory.dir} is no checkpoint`), ...v.problems];
    if (problems.length) {
      console.log(`checkpoints BROKEN (${directory.dir}):\n  ${problems.join('\n  ')}`);
      exitCode = 1;
    } else if (!v.latest) {
      console.log(`no signed checkpoint in ${directory.dir} yet: only the chain was verified`);
    } else {
      console.log(`checkpoints OK: ${v.checkpoints} signed, each consistent with the one before; the entries give the latest `
        + `(${v.latest.size} entries, ${v.latest.time}, key ${v.latest.keyId}; ${publicKey.length} key(s) trusted); entries after it are chained only`);
    }
    if (v.archives) console.log(`archives ${problems.length ? 'checked' : 'OK'}: ${v.archives.files} file(s) in ${archiveDirectory}, entries 1 to ${v.archives.entries}, one log with the live entries`);
    else if (v.archived) {
      console.log(`entries 1 to ${v.archived} are archived (trail:archive)${v.unchecked ? `; ${v.unchecked} checkpoint(s) inside them` : ''}: verify them with --archives`);
    }
  }
} finally {
  await orm.close(true);
  await db.stop();
}
process.exit(exitCode);
