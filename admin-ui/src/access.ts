import {
  hasLoginPower,
  hasPower,
  isPurposeKey,
  isRoleKey,
  mayPerform,
  RESOURCES as POLICY_RESOURCES,
  roleMayDeclare,
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

/**
 * Screens over a policy resource under another name. Complaints (【14】) are interactions of kind
 * COMPLAINT, served by allComplaints / updateComplaint, which the server guards as reading / updating
 * Interaction (server graphql/schema.ts OPERATIONS).
 */
const VIEWS: Record<string, PolicyResource> = { Complaint: 'Interaction' };

/** The policy resource a screen reads (a view such as Complaint reads Interaction). */
export const policyResourceOf = (resource: string): string => VIEWS[resource] ?? resource;

/** The statistics page: for a role that may declare purpose 10 (統計データ作成), the only purpose it answers under. */
export const STATISTICS_PAGE = 'statistics';

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
  if (resource === STATISTICS_PAGE) return roleMayDeclare(role, 'STATISTICS');
  const operation = OPERATIONS[action];
  if (!operation) return false;
  // API keys' trusted documents: read by LOGIN_POWERS.readTrustedDocuments; approving is an action on the page.
  if (resource === 'TrustedDocument') return operation === 'read' && hasLoginPower(role, 'readTrustedDocuments');
  // Two-person grants: read by POWERS.viewGrants; approving and rejecting are actions on the page (approveGrants).
  if (resource === 'GrantRequest') return operation === 'read' && action !== 'export' && hasPower(role, 'viewGrants');
  const policyResource = VIEWS[resource] ?? resource;
  if (!isPolicyResource(policyResource)) return false;
  return mayPerform(policyResource, operation, role, isPurposeKey(purpose) ? purpose : null);
}
