import { ROLE_KEYS, ROLES, type RoleKey } from './roles';
import type { PurposeKey } from './purposes';
import { mayPerform, RESOURCES, type ResourceName } from './resources';

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

/** Whether `role` under `purpose` may follow a relation to `target` records; false on anything unexpected (fail closed). */
export function mayFollowRelation(target: ResourceName, role: RoleKey | undefined, purpose: PurposeKey | null): boolean {
  if (!role) return false;
  try {
    return mayPerform(target, 'read', role, purpose);
  } catch {
    return false;
  }
}

/**
 * Whether some role × purpose that may read `from` records may not follow their relation to `to`: such a
 * relation answers null for it, so it must be nullable in the schema and listed in `maskedFields`.
 */
export function relationMayBeWithheld(from: ResourceName, to: ResourceName): boolean {
  return ROLE_PURPOSE_PAIRS.some(([role, purpose]) => mayPerform(from, 'read', role, purpose) && !mayFollowRelation(to, role, purpose));
}
