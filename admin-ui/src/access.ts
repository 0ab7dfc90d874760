import { mayRunOperation, mayUseScreen, policyResourceOf as policyResourceOfScreen, STATISTICS_PAGE as STATISTICS_SCREEN } from '../../schema/policy';
import type { PolicyInForce } from './providers/policyInForce';

/**
 * What the admin UI offers to whom: schema/policy's mayUseScreen and mayRunOperation, from the same declaration of
 * operations (OPERATION_RULES) the server's shield is generated from, under the policy version in force (as the
 * server decides every request). The UI only hides; the server decides.
 */
export interface Permissions {
  role: string;
  purposes: string[];
  /** The version in force, compiled; null while it is not loaded or when it did not compile: then nothing is offered. */
  policy: PolicyInForce | null;
}

/** The policy resource a screen reads (a view such as Complaint reads Interaction). */
export const policyResourceOf = (resource: string): string => policyResourceOfScreen(resource);

/** The statistics page: for a role that may run the `statistics` query (its purpose is declared in schema/policy). */
export const STATISTICS_PAGE = STATISTICS_SCREEN;

/**
 * `authProvider.canAccess` as a pure function: the staff member's role and the purpose declared
 * now (a resource may serve no rows under a purpose, e.g. STATISTICS, or need one at all), under the version in force.
 */
export function canAccessResource(
  permissions: Permissions | undefined,
  resource: string,
  action: string,
  purpose: string | null = null,
): boolean {
  const rules = permissions?.policy?.rules;
  return !!rules && mayUseScreen(permissions?.role, resource, action, purpose, rules);
}

/** Whether a button that calls `operation` is offered: what the server would decide now, never without the version in force. */
export function mayOffer(permissions: Permissions | undefined, operation: string, purpose: string | null): boolean {
  const rules = permissions?.policy?.rules;
  return !!rules && mayRunOperation(operation, permissions?.role, purpose, rules);
}
