// Mamori as the bench runs it: its own process, the real app (startApp) on DATABASE_URL.
// BENCH_POLICY_OFF=1: every field clear (still recorded); with BENCH_TRAIL_OFF=1 too, nothing is recorded.
import 'reflect-metadata';
import { startApp } from '../../server/src/app';
import { initOrm } from '../../server/src/db/orm';
import { announce } from './announce';

const orm = await initOrm(process.env.DATABASE_URL!);
const app = await startApp({ orm, secret: process.env.MAMORI_SECRET!, policyOff: process.env.BENCH_POLICY_OFF === '1',
  trailOff: process.env.BENCH_TRAIL_OFF === '1' });
announce(app.url, async () => { await app.stop(); await orm.close(true); });
