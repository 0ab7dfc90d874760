// `npm run retention:sweep`: deletes what erased customers left under a legal retention duty once the duty
// has run out (orders after the tax-law years, provision records after 3 years) and empties expired
// disclosure files. Run it daily (cron); it is idempotent.
import 'reflect-metadata';
import { resolveDatabase } from '../db/database-url';
import { initOrm } from '../db/orm';
import { sweepRetention } from '../modules/privacy-request/retention.service';

const db = await resolveDatabase();
const orm = await initOrm(db.url);
let exitCode = 1;
try {
  const r = await sweepRetention(orm.em.fork());
  console.log(`retention sweep (${r.today}): ${r.orders} orders, ${r.orderItems} order items, ${r.provisionRecords} provision records deleted; `
    + `${r.customersPurged} erasures complete; ${r.disclosureFilesExpired} expired disclosure files emptied`);
  exitCode = 0;
} catch (e) {
  console.error(e);
} finally {
  await orm.close(true);
  await db.stop();
}
process.exit(exitCode);
