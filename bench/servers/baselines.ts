// The bench's baselines, injected into the real app (AppDeps.policy / accessTrail) rather than switched on
// inside the enforcement path: the same code runs, with a policy that decides everything clear and a trail
// sink that keeps nothing. Never used by the server itself.
import { SEED_POLICY } from '../../schema/policy';
import type { Policy, PolicyDecisions } from '../../server/src/policy/decisions';
import type { AccessTrailSink } from '../../server/src/trail/access-entries';

const CLEAR: PolicyDecisions = {
  key: '\u0000bench: everything clear', access: () => 'CLEAR', mayFollow: () => true,
  maskKind: (f) => f.mask ?? SEED_POLICY.maskOf(f.category), rules: SEED_POLICY,
};

/** Every field clear, every relation followed (row scopes still apply: they are the services'). */
export const everythingClear: Policy = () => CLEAR;

/** Access records dropped: the cost of the trail left out. */
export const keepsNothing: AccessTrailSink = { appendAccess: async () => undefined };
