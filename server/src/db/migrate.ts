import { initOrm } from './orm';

/** Applies every pending migration to the database at `url`. */
export async function migrateDatabase(url: string): Promise<void> {
  const orm = await initOrm(url, { pool: { min: 0, max: 1 } });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
}
