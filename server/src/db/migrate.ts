import pg from 'pg';
import { initOrm } from './orm';
import { grantAppRole } from './roles';

/**
 * Applies every pending migration to the database at `url` (as the owner, or a superuser), then grants the
 * application role what it may do (db/roles.ts). Resolves to whether that role exists and was granted.
 */
export async function migrateDatabase(url: string): Promise<{ appRoleGranted: boolean }> {
  const orm = await initOrm(url, { pool: { min: 0, max: 1 } });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One transaction: the broad grants and the trail's narrower ones are never seen apart.
    await client.query('begin');
    const appRoleGranted = await grantAppRole(client);
    await client.query('commit');
    return { appRoleGranted };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** The migrations not yet applied to the database at `url` (any login that may read the migrations table). */
export async function pendingMigrations(url: string): Promise<string[]> {
  const orm = await initOrm(url, { pool: { min: 0, max: 1 } });
  try {
    return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
