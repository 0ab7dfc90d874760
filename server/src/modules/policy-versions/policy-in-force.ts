import { type CompiledPolicy, policyDocumentFor } from '../../../../schema/policy';
import type { RequestContext } from '../../context';
import { policyDocumentHash } from '../../policy/policy-hash';
import type { PolicyInForce } from './policy-version.types';

/** The hash of each compiled version's document, worked out once per version. */
const hashes = new WeakMap<CompiledPolicy, string>();

/**
 * The version this request is decided under, for the admin UI, which compiles it with the same schema/policy code
 * (admin-ui/src/providers/policyInForce.ts) to offer only what the server allows. The store's own staff get the
 * whole document (the matrix page shows it); a contractor role, or a role the version does not name as staff,
 * only what decides its own role. No person is in it.
 */
export function policyInForce(ctx: RequestContext): PolicyInForce {
  const compiled = ctx.policy.rules;
  const doc = compiled.document;
  let hash = hashes.get(compiled);
  if (hash === undefined) hashes.set(compiled, (hash = policyDocumentHash(doc)));
  const role = ctx.actor!.role;
  const spec = doc.roles && Object.prototype.hasOwnProperty.call(doc.roles, role) ? doc.roles[role as keyof typeof doc.roles] : undefined;
  const whole = spec?.contractor === false;
  return {
    number: ctx.policyVersion, hash, label: typeof doc.label === 'string' ? doc.label : '', whole,
    document: (whole ? doc : policyDocumentFor(doc, role)) as unknown as Record<string, unknown>,
  };
}
