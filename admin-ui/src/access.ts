import { mayUseScreen, policyResourceOf as policyResourceOfScreen, STATISTICS_PAGE as STATISTICS_SCREEN } from '../../schema/policy';

/**
 * What the admin UI offers to whom: schema/policy's mayUseScreen, from the same declaration of operations
 * (OPERATION_RULES) the server's shield is generated from. The UI only hides; the server decides.
 */
export interface Permissions {
  role: string;
  purposes: string[];
}

/** The policy resource a screen reads (a view such as Complaint reads Interaction). */
export const policyResourceOf = (resource: string): string => policyResourceOfScreen(resource);

/** The statistics page: for a role that may run the `statistics` query (its purpose is declared in schema/policy). */
export const STATISTICS_PAGE = STATISTICS_SCREEN;

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
  return mayUseScreen(permissions?.role, resource, action, purpose);
}
