import {
  isPurposeKey,
  isRoleKey,
  mayPerform,
  RESOURCES as POLICY_RESOURCES,
  ROLES,
  type Operation,
  type PurposeKey,
  type ResourceName as PolicyResource,
  type RoleKey,
} from '../../schema/policy';

/**
 * What the admin UI offers to whom, read from schema/policy's RESOURCES (the same rules the
 * server's shield and row filters are built from). The UI only hides; the server decides.
 */
export interface Permissions {
  role: string;
  purposes: string[];
}

/** react-admin actions → policy operations. Anything else (export, clone…) is not offered. */
const OPERATIONS: Record<string, Operation> = {
  list: 'read',
  show: 'read',
  create: 'create',
  edit: 'update',
  delete: 'delete',
};

const PRIVACY_ADMINISTRATION: PurposeKey = 'PRIVACY_ADMINISTRATION';

/**
 * The access and change trails are not in schema/policy RESOURCES yet: they are the privacy
 * manager's and the auditor's (【10】【13】), read-only.
 * TODO(schema/policy): add AccessEvent and ChangeEvent to RESOURCES and drop this.
 */
const TRAILS = new Set(['AccessEvent', 'ChangeEvent']);

function mayReadTrails(role: RoleKey): boolean {
  return (ROLES[role].purposes as readonly PurposeKey[]).includes(PRIVACY_ADMINISTRATION);
}

const isPolicyResource = (resource: string): resource is PolicyResource =>
  Object.prototype.hasOwnProperty.call(POLICY_RESOURCES, resource);

/**
 * `authProvider.canAccess` as a pure function: the staff member's role and the purpose declared
 * now (a resource may serve no rows under a purpose, e.g. STATISTICS, or need one at all).
 */
export function canAccessResource(
  permissions: Permissions | undefined,
  resource: string,
  action: string,
  purpose: string | null = null,
): boolean {
  const role = permissions?.role;
  if (!isRoleKey(role)) return false;
  if (resource === 'policy') return true; // the policy matrix is the published policy
  const operation = OPERATIONS[action];
  if (!operation) return false;
  if (TRAILS.has(resource)) return operation === 'read' && mayReadTrails(role);
  if (!isPolicyResource(resource)) return false;
  return mayPerform(resource, operation, role, isPurposeKey(purpose) ? purpose : null);
}
