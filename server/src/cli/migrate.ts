// `npm run db:migrate`: applies pending migrations as the owner (DATABASE_URL, or the embedded cluster's
// owner role) and grants the application role (MAMORI_APP_ROLE) what it may do.
import { migrateDatabase } from '../db/migrate';
import { appRoleName } from '../db/roles';
import { runOnDatabase } from '../startup/cli';

await runOnDatabase(async (db) => {
  const { appRoleGranted } = await migrateDatabase(db.ownerUrl ?? db.url);
  console.log('migrations applied');
  if (!appRoleGranted) {
    console.log(`The role ${appRoleName()} does not exist (or is this login): nothing granted. Create it as a login and run db:migrate again, `
      + 'so that the server can run as a role that may not rewrite the trail (README, Deployment).');
  }
  return 0;
});
