// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import { resolveDatabase } from '../db/database-url';
import { migrateDatabase } from '../db/migrate';

const db = await resolveDatabase();
try {
  await migrateDatabase(db.url);
  console.log('migrations applied');
} finally {
  await db.stop();
}
