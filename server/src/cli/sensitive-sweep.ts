// `npm run sensitive:sweep`: marks stored free text that holds sensitive personal information (要配慮個人情報)
// with the current term list. Run once after upgrading, and after changing terms outside the app; idempotent.
import 'reflect-metadata';
import { resolveDatabase } from '../db/database-url';
import { initOrm } from '../db/orm';
import { sweepSensitiveText } from '../modules/sensitive/sensitive-text';

const db = await resolveDatabase();
const orm = await initOrm(db.url);
let exitCode = 1;
try {
  const r = await sweepSensitiveText(orm.em.fork());
  console.log(`sensitive sweep: ${r.customers} customers and ${r.interactions} interactions changed`);
  exitCode = 0;
} catch (e) {
  console.error(e);
} finally {
  await orm.close(true);
  await db.stop();
}
process.exit(exitCode);
