// Before a server or a tool works on the database: migrations as the owner, and whom the server runs as.
import { isProduction } from '../config';
import { StartupError } from '../startup/startup-error';
import type { ResolvedDatabase } from './database-url';
import { migrateDatabase, pendingMigrations } from './migrate';
import { appRoleName, databaseStanding, type DatabaseStanding, mayRewriteTrail } from './roles';

/**
 * Applies pending migrations with the owner's login: the embedded cluster's owner role, or DATABASE_URL
 * when it may (it owns the schema, or the database is still empty). A login that may not migrate (the
 * application role) is fine once the owner has migrated (`npm run db:migrate`); with migrations pending,
 * it stops the start naming the command.
 */
export async function prepareSchema(db: ResolvedDatabase): Promise<void> {
  if (db.ownerUrl) {
    await migrateDatabase(db.ownerUrl);
    return;
  }
  const standing = await databaseStanding(db.url);
  if (mayRewriteTrail(standing) || !standing.trailExists) {
    await migrateDatabase(db.url);
    return;
  }
  const pending = await pendingMigrations(db.url);
  if (pending.length) {
    throw new StartupError('CONFIGURATION', `${pending.length} migration(s) are not applied yet and DATABASE_URL's user "${standing.user}" may not apply them: `
      + 'run npm run db:migrate with DATABASE_URL naming the owner of the database, then start again.');
  }
}

/**
 * The server must not run as a login that can rewrite the trail (a superuser, or its owner): refused in
 * production (CONFIGURATION), a warning to print otherwise; null when the login is the application role.
 */
export async function checkServerLogin(url: string): Promise<string | null> {
  const standing = await databaseStanding(url);
  if (!mayRewriteTrail(standing)) return null;
  const sentence = serverLoginProblem(standing);
  if (isProduction()) throw new StartupError('CONFIGURATION', sentence);
  return `Warning: ${sentence}`;
}

function serverLoginProblem(s: DatabaseStanding): string {
  const what = s.superuser ? 'a superuser' : 'the owner of the access trail';
  return `DATABASE_URL connects as "${s.user}", ${what}, who could rewrite the trail and its chain head: `
    + `run the server as the application role (${appRoleName()}) and migrations as the owner (README, Deployment).`;
}
