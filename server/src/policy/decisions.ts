import {
  type Access, type CompiledPolicy, compilePolicy, type EffectiveCategory, mayFollowRelation, type PersonalField, type PolicyDocument, policyKey,
  type MaskKind, type PurposeKey, type ResourceName, type RoleKey,
} from '../../../schema/policy';
import { SEED_IN_FORCE, type VersionInForce } from './policy-versions';

/**
 * What the policy answers for one request. Its inputs are the policy version in force when the request
 * started, the actor's role and the declared purpose only, so one set of decisions serves every request with
 * the same `key` (schema/policy policyKey, which names the version), and anything cached by what the policy
 * decides (bound plans, projections) is keyed by it: caches never mix versions.
 */
export interface PolicyDecisions {
  readonly key: string;
  /** The access to a data category; null when it cannot be decided (served null, not recorded, listed masked). */
  access(category: EffectiveCategory): Access | null;
  /** Whether relations to `target` records may be followed; false when it cannot be decided. */
  mayFollow(target: ResourceName): boolean;
  /** How a masked field is masked under the version (null: the version names no valid kind; served null). */
  maskKind(field: PersonalField): MaskKind | null;
  /**
   * The version's rules for everything else decided per request (the shield's operations, the purposes a role
   * may declare, row-scope switches, statistics k): the request's version, compiled once per version.
   */
  readonly rules: CompiledPolicy;
}

/**
 * The decisions for a request's actor and purpose under a policy version (default: the seed). The server's is
 * `declaredPolicy`; the bench injects its own baseline.
 */
export type Policy = (actor: { readonly role: RoleKey | string } | null, purpose: PurposeKey | null, version?: VersionInForce) => PolicyDecisions;

/** Nothing can be decided (the actor's role could not be read): every category undecided, no relation followed. */
const UNDECIDABLE: PolicyDecisions = {
  key: '\u0000undecidable', access: () => null, mayFollow: () => false, maskKind: () => null,
  // No document: nothing declarable, every category HIDDEN, statistics refused (compilePolicy fails closed on it).
  rules: compilePolicy({} as PolicyDocument),
};

class DeclaredDecisions implements PolicyDecisions {
  private readonly byCategory = new Map<string, Access>();
  private readonly byTarget = new Map<string, boolean>();

  readonly rules: CompiledPolicy;

  constructor(readonly key: string, version: VersionInForce, private readonly role: RoleKey | undefined, private readonly purpose: PurposeKey | null) {
    this.rules = version.compiled;
  }

  access(category: EffectiveCategory): Access {
    let access = this.byCategory.get(category);
    if (access === undefined) this.byCategory.set(category, (access = this.rules.decideAccess(this.role, this.purpose, category)));
    return access;
  }

  mayFollow(target: ResourceName): boolean {
    let may = this.byTarget.get(target);
    if (may === undefined) this.byTarget.set(target, (may = mayFollowRelation(target, this.role, this.purpose, this.rules)));
    return may;
  }

  maskKind(field: PersonalField): MaskKind | null {
    return field.mask ?? this.rules.maskOf(field.category);
  }
}

/** Decisions per policy key, made once: they depend on nothing else (bounded: keys are version × role × purpose). */
const declared = new Map<string, PolicyDecisions>();

/**
 * The decisions of policy `version` for this actor and purpose: its compiled matrix, relations (a record
 * category the version closes closes the relation) and masking kinds, fail closed.
 */
export const declaredPolicy: Policy = (actor, purpose, version = SEED_IN_FORCE) => {
  let role: unknown;
  try {
    role = actor?.role;
  } catch {
    return UNDECIDABLE;
  }
  // A role that is not a string (or an unknown one) is decided as schema/policy decides it: HIDDEN, nothing followed.
  const key = policyKey(typeof role === 'string' ? { role } : null, purpose, `${version.number}.${version.hash.slice(0, 16)}`);
  let decisions = declared.get(key);
  if (!decisions) {
    if (declared.size >= 1_000) declared.clear();
    declared.set(key, (decisions = new DeclaredDecisions(key, version, typeof role === 'string' ? (role as RoleKey) : undefined, purpose)));
  }
  return decisions;
};
