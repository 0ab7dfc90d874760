// `npm run trail:archive [-- --dry-run] [--archive-dir DIR] [--public-key FILE]` (also `--verify FILE`,
// `--prove FILE --entry N`: an archive alone, no database): exports the trail's monthly
// partitions past the retention the privacy manager sets (legalRetentionSettings.trailRetentionMonths) to a
// compressed archive file that verifies on its own, then drops them (docs/trail.md section 6). Run monthly,
// as the trail's owner (DATABASE_URL of the migrations' login, or the embedded cluster's owner): the
// application role may not drop anything of the trail. Exit 0 when done (or nothing due), 1 when refused.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initOrm } from '../db/orm';
import { runOnDatabase } from '../startup/cli';
import { archiveDir, archiveTrail, TrailArchiveError } from '../trail/archive';
import { verifyArchive } from '../trail/archive-file';
import { proveFromArchive } from '../trail/archive-proof';
import { CheckpointDirectory } from '../trail/checkpoint';
import { trustedKeys } from '../trail/key-transition';
import { checkpointDir, loadRetiredTrailKeys, loadTrailKey, publicKeyFrom } from '../trail/trail-key';

const { values } = parseArgs({ options: {
  'dry-run': { type: 'boolean' }, 'archive-dir': { type: 'string' }, 'public-key': { type: 'string' },
  verify: { type: 'string' }, prove: { type: 'string' }, entry: { type: 'string' },
} });

// `--verify FILE` / `--prove FILE --entry N`: an archive on its own, no database (an auditor with the file
// and the published public key; without --public-key the file's own key, which proves only self-consistency).
if (values.verify || values.prove) {
  const key = values['public-key'] ? publicKeyFrom(readFileSync(values['public-key'], 'utf8')) : undefined;
  try {
    if (values.verify) {
      const v = await verifyArchive(values.verify, key);
      console.log(v.ok ? `archive OK: entries ${v.header!.firstEntry} to ${v.header!.lastEntry} (${v.header!.records} records), tied to the checkpoint of `
        + `${v.header!.checkpoint.size} entries signed ${v.header!.checkpoint.time} by key ${v.header!.checkpoint.keyId}${key ? '' : ' (the file\'s own key: pass --public-key)'}`
        : `archive BROKEN:\n  ${v.problems.join('\n  ')}`);
      process.exit(v.ok ? 0 : 1);
    }
    const proof = await proveFromArchive(values.prove!, Number(values.entry), key);
    console.log(JSON.stringify(proof, null, 2));
    process.exit(0);
  } catch (error) {
    console.error(`trail:archive: ${(error as Error).message}`);
    process.exit(1);
  }
}

await runOnDatabase(async (db) => {
  // The archive is tied to a checkpoint signed by a trail key (the current one, a retired one, or one a
  // rotation linked to them); public keys alone suffice here.
  const anchors = values['public-key'] ? [publicKeyFrom(readFileSync(values['public-key'], 'utf8'))]
    : [loadTrailKey(), ...loadRetiredTrailKeys()].map((k) => k.publicKey);
  const publicKeys = trustedKeys(anchors, new CheckpointDirectory(checkpointDir()).transitions());
  const orm = await initOrm(db.ownerUrl ?? db.url);
  try {
    const dir = values['archive-dir'] ?? archiveDir();
    const r = await archiveTrail(orm.em.fork(), { publicKeys, dir, dryRun: values['dry-run'] });
    const { plan } = r;
    console.log(`trail retention ${plan.retentionMonths} months: partitions that ended before ${plan.cutoff.toISOString()} are due`);
    for (const note of plan.held) console.log(`  held: ${note}`);
    if (!plan.partitions.length) console.log('nothing to archive');
    else if (values['dry-run']) console.log(`would archive ${plan.partitions.map((p) => p.name).join(', ')} (entries ${plan.firstEntry} to ${plan.lastEntry}) into ${dir}`);
    else {
      console.log(r.file ? `archived entries ${plan.firstEntry} to ${plan.lastEntry} (${r.records} records) to ${r.file}, SHA-256 ${r.sha256}` : 'no entries in them');
      console.log(`dropped ${r.dropped.join(', ')}. Copy the file off this host (object storage with object lock); trail:verify --archives checks it.`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof TrailArchiveError)) throw error;
    console.error(`trail:archive refused: ${error.message}`);
    return 1;
  } finally {
    await orm.close(true);
  }
});
