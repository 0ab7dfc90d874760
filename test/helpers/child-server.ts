// A server process of its own on DATABASE_URL (several writers of the trail at once; replicas behind them).
// Prints `LISTENING <url>` once ready; stops on SIGTERM. With MAMORI_LOG_LEVEL set, its JSON log follows.
import 'reflect-metadata';
import { startApp } from '../../server/src/app';
import { initOrm } from '../../server/src/db/orm';
import { createLog, type LogLevel } from '../../server/src/ops/log';

const level = process.env.MAMORI_LOG_LEVEL as LogLevel | undefined;
const log = level ? createLog(level) : undefined;
const orm = await initOrm(process.env.DATABASE_URL!);
const app = await startApp({ orm, secret: process.env.MAMORI_SECRET! }, 0, '127.0.0.1', { log });
console.log(`LISTENING ${app.url}`);
process.on('SIGTERM', async () => { await app.stop(); await orm.close(true); log?.flush(); process.exit(0); });
