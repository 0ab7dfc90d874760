// `npm run trail:verify [-- --from N --to M]`: walks the access trail's hash chain; exit 1 if broken.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { resolveDatabase } from '../db/database-url';
import { initOrm } from '../db/orm';
import { verifyTrail } from '../trail/verify';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
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
} finally {
  await orm.close(true);
  await db.stop();
}
process.exit(exitCode);
