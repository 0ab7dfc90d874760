import {
  type Access, decideAccess, type EffectiveCategory, mayFollowRelation, policyKey, type PurposeKey, type ResourceName, type RoleKey,
} from '../../../schema/policy';

/**
 * What the policy answers for one request. Its inputs are the actor's role and the declared purpose only, so
 * one set of decisions serves every request with the same `key` (schema/policy policyKey), and anything
 * cached by what the policy decides (bound plans, projections) is keyed by it.
 */
export interface PolicyDecisions {
  readonly key: string;
  /** The access to a data category; null when it cannot be decided (served null, not recorded, listed masked). */
  access(category: EffectiveCategory): Access | null;
  /** Whether relations to `target` records may be followed; false when it cannot be decided. */
  mayFollow(target: ResourceName): boolean;
}

/** The decisions for a request's actor and purpose. The server's is `declaredPolicy`; the bench injects its own baseline. */
export type Policy = (actor: { readonly role: RoleKey | string } | null, purpose: PurposeKey | null) => PolicyDecisions;

/** Nothing can be decided (the actor's role could not be read): every category undecided, no relation followed. */
const UNDECIDABLE: PolicyDecisions = { key: '\u0000undecidable', access: () => null, mayFollow: () => false };

class DeclaredDecisions implements PolicyDecisions {
  private readonly byCategory = new Map<string, Access>();
  private readonly byTarget = new Map<string, boolean>();

  constructor(readonly key: string, private readonly role: RoleKey | undefined, private readonly purpose: PurposeKey | null) {}

  access(category: EffectiveCategory): Access {
    let access = this.byCategory.get(category);
    if (access === undefined) this.byCategory.set(category, (access = decideAccess(this.role, this.purpose, category)));
    return access;
  }

  mayFollow(target: ResourceName): boolean {
    let may = this.byTarget.get(target);
    if (may === undefined) this.byTarget.set(target, (may = mayFollowRelation(target, this.role, this.purpose)));
    return may;
  }
}

/** Decisions per policy key, made once: they depend on nothing else (bounded: keys are role × purpose, a few dozen). */
const declared = new Map<string, PolicyDecisions>();

/** schema/policy's decisions for this actor and purpose (decideAccess, mayFollowRelation), fail closed. */
export const declaredPolicy: Policy = (actor, purpose) => {
  let role: unknown;
  try {
    role = actor?.role;
  } catch {
    return UNDECIDABLE;
  }
  // A role that is not a string (or an unknown one) is decided as schema/policy decides it: HIDDEN, nothing followed.
  const key = policyKey(typeof role === 'string' ? { role } : null, purpose);
  let decisions = declared.get(key);
  if (!decisions) {
    if (declared.size >= 1_000) declared.clear();
    declared.set(key, (decisions = new DeclaredDecisions(key, typeof role === 'string' ? (role as RoleKey) : undefined, purpose)));
  }
  return decisions;
};
