import type { SqlRunner } from '../db/read-pool';
import { type CompiledPolicy, isRoleKey, ROLES, type PurposeKey, type RoleKey } from '../../../schema/policy';
import { parseApiKey, verifySessionToken } from './tokens';
import { JST_TODAY } from '../common/jst-sql';

/** Who is asking: a staff member with a session, or an internal tool with an API key. */
export interface Actor {
  kind: 'staff' | 'apiKey';
  /** Staff id of a staff session; null for an API key, which acts as itself (apiKeyId), never as its creator. */
  staffId: number | null;
  apiKeyId: number | null;
  sessionId: string | null;
  name: string;
  role: RoleKey;
  contractorId: number | null;
  /**
   * The purposes this actor may declare: the role's, narrowed to the key's fixed set for API keys. Resolved
   * under the seed; buildContext rebinds them to the request's policy version (withVersionPurposes).
   */
  purposes: readonly PurposeKey[];
  /** An API key's own fixed set of purposes (null for a staff session): a version never widens a key past it. */
  keyPurposes?: readonly string[] | null;
  /** A contractor role whose contractor has no live agreement (none, or agreement_expires_at past in Japan): refused (【8】). */
  contractorAgreementLapsed: boolean;
}

/**
 * Resolves the Authorization header. Returns null when absent; throws 'invalid' when present but not
 * a valid, live session or API key (the caller answers UNAUTHENTICATED).
 */
export async function resolveActor(run: SqlRunner, secret: string, header: string | undefined): Promise<Actor | null> {
  if (!header) return null;
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw new InvalidCredentials();
  if (token.startsWith('mk_')) {
    const parsed = parseApiKey(token);
    if (!parsed) throw new InvalidCredentials();
    const [row] = await run(API_KEY_ACTOR_SQL, [parsed.prefix]);
    if (!row || row.secret_hash !== parsed.secretHash || !isRoleKey(row.role)) throw new InvalidCredentials();
    const rolePurposes = ROLES[row.role as RoleKey].purposes as readonly PurposeKey[];
    return {
      kind: 'apiKey', staffId: null, apiKeyId: row.id, sessionId: null, name: row.name, role: row.role,
      contractorId: row.contractor_id, purposes: rolePurposes.filter((p) => (row.purposes as string[]).includes(p)), keyPurposes: [...row.purposes as string[]],
      contractorAgreementLapsed: ROLES[row.role as RoleKey].contractor && !row.agreement_live,
    };
  }
  const sessionId = verifySessionToken(secret, token);
  if (!sessionId) throw new InvalidCredentials();
  const [row] = await run(SESSION_ACTOR_SQL, [sessionId]);
  if (!row || !isRoleKey(row.role)) throw new InvalidCredentials();
  return staffActor(sessionId, row);
}

/**
 * An API key's actor row: only while it is approved, unrevoked and unexpired, and while its creator is active
 * and still holds the key's role and contractor (a key is never more than its creator).
 */
const API_KEY_ACTOR_SQL = `select k.id, k.name, k.role, k.purposes, k.secret_hash, k.contractor_id, exists (select 1 from contractor c
       where c.id = k.contractor_id and c.agreement_expires_at >= ${JST_TODAY}) as agreement_live
     from api_key k join staff s on s.id = k.created_by_id
     where k.prefix = ? and k.revoked_at is null and k.status = 'ACTIVE' and k.expires_at > now()
       and s.active and s.role = k.role and s.contractor_id is not distinct from k.contractor_id`;

/** A staff session's actor row: only while the session is live, the staff active and the token version current. */
const SESSION_ACTOR_SQL = `select s.id as staff_id, s.name, s.role, s.contractor_id, exists (select 1 from contractor c where c.id = s.contractor_id
       and c.agreement_expires_at >= ${JST_TODAY}) as agreement_live
     from session x join staff s on s.id = x.staff_id
     where x.id = ? and x.stage = 'FULL' and x.revoked_at is null and x.expires_at > now() and s.active and s.token_version = x.token_version`;

function staffActor(sessionId: string, row: Record<string, any>): Actor {
  return {
    kind: 'staff', staffId: row.staff_id, apiKeyId: null, sessionId, name: row.name, role: row.role,
    contractorId: row.contractor_id, purposes: ROLES[row.role as RoleKey].purposes, keyPurposes: null,
    contractorAgreementLapsed: ROLES[row.role as RoleKey].contractor && !row.agreement_live,
  };
}

/** sessionCheck's two conditions, written once (a statement carrying one is prepared by its text, db/read-pool.ts). */
const SESSION_CHECK_SQL = {
  staff: `exists (select 1 from (${SESSION_ACTOR_SQL}) a where a.staff_id = ? and a.name = ? and a.role = ? and a.contractor_id is not distinct from ?::int)`,
  contractor: `exists (select 1 from (${SESSION_ACTOR_SQL}) a where a.staff_id = ? and a.name = ? and a.role = ?`
    + ' and a.contractor_id is not distinct from ?::int and a.agreement_live = ?)',
};

/**
 * For a staff actor resolved earlier: a boolean subquery (and its parameters) that another statement can
 * carry, true only while the session still resolves to exactly this actor (same staff, name, role, contractor
 * and, for a contractor role, a live agreement). It lets a read check, in its own statement and snapshot, that
 * the session still stands for the actor; a single boolean per row costs nothing to send and read, where the
 * actor row itself did. The columns are compared one by one (as SQL values: a name byte for byte), and only
 * those compared are computed: the agreement's exists for a contractor role alone (comparing the row as jsonb
 * built all of it, ~25 µs of each page's statement, docs/scaling-log.md).
 */
export function sessionCheck(actor: Actor): { sql: string; params: unknown[] } | null {
  if (actor.kind !== 'staff' || !actor.sessionId || actor.apiKeyId !== null || !isRoleKey(actor.role)) return null;
  // Everything staffActor derives the actor from; the session id, kind and purposes follow from it.
  const contractor = ROLES[actor.role].contractor;
  return {
    sql: contractor ? SESSION_CHECK_SQL.contractor : SESSION_CHECK_SQL.staff,
    params: [actor.sessionId, actor.staffId, actor.name, actor.role, actor.contractorId, ...(contractor ? [!actor.contractorAgreementLapsed] : [])],
  };
}

/**
 * The actor with the purposes its role may declare under policy `version` (an API key's: within its own set).
 * The same object when nothing changes.
 */
export function withVersionPurposes(actor: Actor, version: Pick<CompiledPolicy, 'purposesOf'>): Actor {
  const ofRole = version.purposesOf(actor.role);
  const purposes = actor.keyPurposes ? ofRole.filter((p) => actor.keyPurposes!.includes(p)) : ofRole;
  const same = purposes.length === actor.purposes.length && purposes.every((p, i) => actor.purposes[i] === p);
  return same ? actor : { ...actor, purposes };
}

export class InvalidCredentials extends Error {
  constructor() { super('invalid credentials'); }
}
