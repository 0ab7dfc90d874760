// The two database roles (#20): the owner runs migrations and owns every table; the application role,
// which the server connects as, reads and writes the data but may only read and append to the trail.
import pg from 'pg';
import { settings } from '../config';

/** Default role names; MAMORI_APP_ROLE names the application role the migrations grant to. */
export const DEFAULT_OWNER_ROLE = 'mamori_owner';
export const DEFAULT_APP_ROLE = 'mamori_app';

export const appRoleName = (): string => settings().MAMORI_APP_ROLE;

/** The same server and database, as another login. */
export function withLogin(url: string, user: string, password: string | null): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = password ? encodeURIComponent(password) : '';
  return u.toString();
}

/**
 * Tables of the trail: the application role may read them, append to `trail_record` (through its parent
 * only) and to the Merkle tree's nodes, tiles and checkpoints (it signs them: trail/checkpointer.ts). Archives
 * (`trail_archive`) are the owner's alone to write: archiving drops partitions (trail/archive.ts).
 */
const TRAIL_READ_ONLY = ['trail_head', 'trail_entry', 'trail_archive'];
const TRAIL_APPEND = ['trail_record', 'trail_tree_node', 'trail_tree_tile', 'trail_checkpoint'];
/**
 * Evidence kept for audits (#21) that the application only adds to: `consent_evidence` (a deleted consent's
 * pseudonymised record, written by a trigger on delete from consent).
 */
const EVIDENCE_APPEND = ['consent_evidence'];
/** Functions the application role calls: lock the head for an append, create a month's partition, erase consent evidence fallen due. */
const TRAIL_FUNCTIONS = ['trail_lock_head(boolean)', 'ensure_trail_partition(date)', 'consent_evidence_purge(date, integer)'];

/**
 * Run as the owner after the migrations: the application role may read and write every table and sequence
 * (now and, through default privileges, every one a later migration creates), but the trail only as above,
 * and no partition of it at all. Idempotent. False when the role does not exist (the server then runs as
 * whoever DATABASE_URL names, and says so).
 */
export async function grantAppRole(client: pg.ClientBase, app: string = appRoleName()): Promise<boolean> {
  const { rows: [role] } = await client.query(`select rolsuper from pg_roles where rolname = $1`, [app]);
  if (!role) return false;
  const { rows: [me] } = await client.query(`select current_user as name`);
  if (me.name === app) return false;
  const to = client.escapeIdentifier(app);
  const sql = [
    `grant usage on schema public to ${to}`,
    `grant select, insert, update, delete on all tables in schema public to ${to}`,
    `grant usage, select, update on all sequences in schema public to ${to}`,
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${to}`,
    `alter default privileges in schema public grant usage, select, update on sequences to ${to}`,
    `revoke all on table ${[...TRAIL_READ_ONLY, ...TRAIL_APPEND].join(', ')} from ${to}`,
    `grant select on table ${TRAIL_READ_ONLY.join(', ')} to ${to}`,
    `grant select, insert on table ${TRAIL_APPEND.join(', ')} to ${to}`,
    `revoke all on table ${EVIDENCE_APPEND.join(', ')} from ${to}`,
    `grant select, insert on table ${EVIDENCE_APPEND.join(', ')} to ${to}`,
    `revoke all on table mikro_orm_migrations from ${to}`,
    `grant select on table mikro_orm_migrations to ${to}`,
    `grant execute on function ${TRAIL_FUNCTIONS.join(', ')} to ${to}`,
    `select trail_revoke_partition_grants(i.inhrelid::regclass) from pg_inherits i where i.inhparent = 'trail_record'::regclass`,
  ];
  for (const statement of sql) await client.query(statement);
  return true;
}

/** Who a URL logs in as, as far as the trail is concerned. */
export interface DatabaseStanding {
  user: string;
  superuser: boolean;
  /** Owns `trail_record` (or is a member of its owner): may alter, disable its triggers, rewrite it. */
  ownsTrail: boolean;
  /** The trail table exists (false on an empty database). */
  trailExists: boolean;
}

export async function databaseStanding(url: string): Promise<DatabaseStanding> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [r] } = await client.query(`select current_user as user, r.rolsuper as superuser,
        to_regclass('trail_record') is not null as trail_exists,
        coalesce(pg_has_role(current_user, (select relowner from pg_class where oid = to_regclass('trail_record')), 'USAGE'), false) as owns_trail
      from pg_roles r where r.rolname = current_user`);
    return { user: r.user, superuser: r.superuser, ownsTrail: r.owns_trail, trailExists: r.trail_exists };
  } finally {
    await client.end();
  }
}

/** True when a login may rewrite the trail: the server must not run as it in production. */
export const mayRewriteTrail = (s: DatabaseStanding): boolean => s.superuser || s.ownsTrail;

/**
 * Creates each role as a login if missing (run as a superuser). A role that exists keeps its password
 * unless `resetPassword` (the embedded cluster, whose passwords live in MAMORI_HOME).
 */
export async function ensureLoginRoles(superUrl: string, roles: { name: string; password: string }[], resetPassword = false): Promise<void> {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    for (const { name, password } of roles) {
      const exists = (await client.query(`select 1 from pg_roles where rolname = $1`, [name])).rowCount;
      const ident = client.escapeIdentifier(name);
      const secret = client.escapeLiteral(password);
      if (exists) {
        if (resetPassword) await client.query(`alter role ${ident} login password ${secret}`);
        continue;
      }
      await client.query(`create role ${ident} login password ${secret}`).catch((error) => {
        // Another process (a parallel test run) created it meanwhile.
        if (!['42710', '23505'].includes(error.code)) throw error;
      });
    }
  } finally {
    await client.end();
  }
}
