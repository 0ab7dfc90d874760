import { ROLE_KEYS, ROLES, type RoleKey } from './roles';
import { PURPOSE_KEYS, type PurposeKey } from './purposes';
import { SEED_POLICY } from './matrix';
import { mayPerform, RESOURCES, type ResourceName, type ResourceRule, type VersionRules } from './resources';

/**
 * Relations between resources (`Customer.orders`, `Order.carrier`…). A relation leads to records of
 * another resource, so it is followed only when the request may read that resource: otherwise it answers
 * null and is listed in the record's `maskedFields` — never an error that would null the whole answer.
 * Which fields are relations is read from the GraphQL schema (a field whose type is a resource).
 */

/** Every role with every purpose it may declare, and with none: all the requests the policy answers. */
export const ROLE_PURPOSE_PAIRS: readonly (readonly [RoleKey, PurposeKey | null])[] = ROLE_KEYS.flatMap((role) =>
  [...(ROLES[role].purposes as readonly PurposeKey[]), null].map((purpose) => [role, purpose] as const));

export function isResourceName(name: string): name is ResourceName {
  return Object.prototype.hasOwnProperty.call(RESOURCES, name);
}

/**
 * Whether `role` under `purpose` may follow a relation to `target` records under policy `version` (the server
 * passes the request's); false on anything unexpected (fail closed).
 */
export function mayFollowRelation(target: ResourceName, role: RoleKey | undefined, purpose: PurposeKey | null, version: VersionRules = SEED_POLICY): boolean {
  if (!role) return false;
  try {
    return mayPerform(target, 'read', role, purpose, version);
  } catch {
    return false;
  }
}

/** A version under which every role may declare everything and no record category is closed: what relationMayBeWithheld assumes at most. */
const OPEN: VersionRules = { decideAccess: () => 'CLEAR', roleMayDeclare: () => true };

/**
 * Whether, under some policy version, a role × purpose that may read `from` records may not follow their
 * relation to `to`: such a relation answers null for it, so it must be nullable in the schema and listed in
 * `maskedFields`. A version may give any role any purpose and close any record category, so every role ×
 * purpose counts (not only the seed's), and a target with a record category may always be closed.
 */
export function relationMayBeWithheld(from: ResourceName, to: ResourceName): boolean {
  if ((RESOURCES[to] as ResourceRule).recordCategory) return true;
  return ROLE_KEYS.some((role) => [...PURPOSE_KEYS, null].some((purpose) =>
    mayPerform(from, 'read', role, purpose, OPEN) && !mayPerform(to, 'read', role, purpose, OPEN)));
}
