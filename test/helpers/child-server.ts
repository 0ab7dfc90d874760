// A second server process on the same database (used to test several writers of the trail at once).
// Prints `LISTENING <url>` once ready; stops on SIGTERM.
import 'reflect-metadata';
import { startApp } from '../../server/src/app';
import { initOrm } from '../../server/src/db/orm';

const orm = await initOrm(process.env.DATABASE_URL!);
const app = await startApp({ orm, secret: process.env.MAMORI_SECRET! });
console.log(`LISTENING ${app.url}`);
process.on('SIGTERM', async () => { await app.stop(); await orm.close(true); process.exit(0); });
