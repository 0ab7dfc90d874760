import {
  isPurposeKey,
  isRoleKey,
  mayPerform,
  RESOURCES as POLICY_RESOURCES,
  type Operation,
  type ResourceName as PolicyResource,
} from '../../schema/policy';

/**
 * What the admin UI offers to whom, read from schema/policy's RESOURCES (the same rules the
 * server's shield and row filters are built from). The UI only hides; the server decides.
 */
export interface Permissions {
  role: string;
  purposes: string[];
}

/**
 * react-admin actions → policy operations. An export is a read (each exported row is read through
 * the API under the declared purpose, masked and recorded like any other). Anything else (clone…)
 * is not offered.
 */
const OPERATIONS: Record<string, Operation> = {
  list: 'read',
  show: 'read',
  export: 'read',
  create: 'create',
  edit: 'update',
  delete: 'delete',
};

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
  if (!isPolicyResource(resource)) return false;
  return mayPerform(resource, operation, role, isPurposeKey(purpose) ? purpose : null);
}
