// `npm run retention:sweep`: deletes what erased customers left under a legal retention duty once the duty
// has run out (orders after the tax-law years, provision records after 3 years), empties expired
// disclosure files, and applies the live-data schedule (recordings, transcripts, withdrawn consents,
// dormant customers: modules/live-retention). Run it daily (cron); it is idempotent.
import 'reflect-metadata';
import { resolveDatabase } from '../db/database-url';
import { initOrm } from '../db/orm';
import { sweepLiveData } from '../modules/live-retention/live-sweep';
import { sweepRetention } from '../modules/privacy-request/retention.service';

const db = await resolveDatabase();
const orm = await initOrm(db.url);
let exitCode = 1;
try {
  const r = await sweepRetention(orm.em.fork());
  console.log(`retention sweep (${r.today}): ${r.orders} orders, ${r.orderItems} order items, ${r.provisionRecords} provision records deleted; `
    + `${r.customersPurged} erasures complete; ${r.disclosureFilesExpired} expired disclosure files emptied`);
  const live = await orm.em.fork().transactional((em) => sweepLiveData(em));
  console.log(`live-data sweep (${live.today}): ${live.recordings} recordings (${live.recordingFiles} audio files), ${live.transcripts} transcripts, `
    + `${live.consents} withdrawn consents removed; ${live.dormantCustomers} dormant customers erased, ${live.dormantLeft} left for the next run`
    + (live.confirmed ? '' : ' (the privacy manager has not saved the retention schedule yet: nothing erased)'));
  exitCode = 0;
} catch (e) {
  console.error(e);
} finally {
  await orm.close(true);
  await db.stop();
}
process.exit(exitCode);
