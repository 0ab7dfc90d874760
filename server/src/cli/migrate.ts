// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import { migrateDatabase } from '../db/migrate';
import { runOnDatabase } from '../startup/cli';

await runOnDatabase(async (db) => {
  await migrateDatabase(db.url);
  console.log('migrations applied');
  return 0;
});
