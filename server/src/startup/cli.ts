// The database part of a command-line tool (db:migrate, staff:bootstrap): a failure to reach or start the
// database is one sentence and the exit code of its reason, as for npm start (explain.ts).
import { type ResolvedDatabase, resolveDatabase } from '../db/database-url';
import { loadSettings, settings } from '../config';
import { explainStartupFailure } from './explain';

/** Runs `work` on the database (DATABASE_URL or the embedded one), stops what was started, exits with its code. */
export async function runOnDatabase(work: (db: ResolvedDatabase) => Promise<number>): Promise<never> {
  let db: ResolvedDatabase | null = null;
  let exitCode: number;
  try {
    loadSettings();
    db = await resolveDatabase();
    exitCode = await work(db);
  } catch (error) {
    const failure = explainStartupFailure(error, { port: 0, host: '', databaseUrl: db?.url ?? settings().DATABASE_URL?.toString(), embedded: db ? db.embedded : !settings().DATABASE_URL });
    console.error(failure.message.replace('run npm start again', 'run it again'));
    if (settings().MAMORI_DEBUG) console.error(error);
    exitCode = failure.exitCode;
  } finally {
    await db?.stop();
  }
  process.exit(exitCode);
}
