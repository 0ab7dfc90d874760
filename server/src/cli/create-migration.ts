// Writes a migration for the difference between the entities and the database at DATABASE_URL.
import { initOrm } from '../db/orm';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required to diff the schema');
const orm = await initOrm(url);
const result = await orm.getMigrator().createMigration('server/src/migrations', false, process.argv.includes('--initial'));
console.log(result.fileName || 'no changes');
await orm.close(true);
