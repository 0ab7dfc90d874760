// `npm run trail:archive [-- --dry-run] [--archive-dir DIR] [--public-key FILE]`: exports the trail's monthly
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
import { CheckpointDirectory } from '../trail/checkpoint';
import { trustedKeys } from '../trail/key-transition';
import { checkpointDir, loadRetiredTrailKeys, loadTrailKey, publicKeyFrom } from '../trail/trail-key';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, 'archive-dir': { type: 'string' }, 'public-key': { type: 'string' } } });

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
