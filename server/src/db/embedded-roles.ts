// The embedded cluster's two roles (#20): created by its superuser, passwords kept in MAMORI_HOME (owner
// only), the app database owned by the owner role. A database made before the roles existed is handed over.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { makeHome } from './embedded-runtime';
import { appRoleName, DEFAULT_OWNER_ROLE, ensureLoginRoles, withLogin } from './roles';

export interface EmbeddedLogins {
  /** The app database as the owner (migrations, seeding). */
  ownerUrl: string;
  /** The app database as the application role (the server). */
  appUrl: string;
}

type Passwords = { owner: string; app: string };

/** The roles' passwords, made once per MAMORI_HOME; `fresh` when just made (the roles' passwords are then set). */
function passwordsIn(home: string): { passwords: Passwords; fresh: boolean } {
  const file = path.join(home, 'db-roles.json');
  if (existsSync(file)) return { passwords: JSON.parse(readFileSync(file, 'utf8')) as Passwords, fresh: false };
  makeHome(home);
  const passwords = { owner: randomBytes(24).toString('base64url'), app: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(passwords), { mode: 0o600 });
  return { passwords, fresh: true };
}

/**
 * Makes both roles, creates the app database owned by the owner (or hands an existing one over), and
 * returns the two logins. `superDbUrl`: the app database as the cluster's superuser.
 */
export async function provisionEmbeddedRoles(superDbUrl: string, home: string): Promise<EmbeddedLogins> {
  const { passwords, fresh } = passwordsIn(home);
  const owner = DEFAULT_OWNER_ROLE;
  const app = appRoleName();
  const maintenance = new URL(superDbUrl);
  const dbName = decodeURIComponent(maintenance.pathname.slice(1));
  maintenance.pathname = '/postgres';
  await ensureLoginRoles(maintenance.toString(), [{ name: owner, password: passwords.owner }, { name: app, password: passwords.app }], fresh);
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [dbName]);
    if (!rowCount) await admin.query(`create database ${admin.escapeIdentifier(dbName)} owner ${admin.escapeIdentifier(owner)}`);
  } finally {
    await admin.end();
  }
  await handOver(superDbUrl, owner);
  return { ownerUrl: withLogin(superDbUrl, owner, passwords.owner), appUrl: withLogin(superDbUrl, app, passwords.app) };
}

/**
 * Gives the owner role the database and every table, view, sequence and function in it that the superuser
 * made before the roles existed (extension members stay the superuser's). A no-op once done.
 */
async function handOver(superDbUrl: string, owner: string): Promise<void> {
  const client = new pg.Client({ connectionString: superDbUrl });
  await client.connect();
  try {
    const to = client.escapeIdentifier(owner);
    await client.query(`alter database ${client.escapeIdentifier(decodeURIComponent(new URL(superDbUrl).pathname.slice(1)))} owner to ${to}`);
    const { rows } = await client.query(`
      select format('alter %s %s owner to ${to.replace(/%/g, '%%')}', case c.relkind when 'S' then 'sequence' when 'v' then 'view'
          when 'm' then 'materialized view' else 'table' end, c.oid::regclass) as sql
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S') and c.relowner <> $1::regrole
          and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
            and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i'))))
      union all
      select format('alter function %s owner to ${to.replace(/%/g, '%%')}', p.oid::regprocedure)
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proowner <> $1::regrole
          and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`, [owner]);
    for (const { sql } of rows) await client.query(sql);
  } finally {
    await client.end();
  }
}
