import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction, type RequestContext } from '../../context';
import { policyVersionsOf } from '../../policy/policy-versions';
import { PolicyPublicationService } from './policy-publication.service';
import { PolicyImpactService } from './policy-impact.service';
import { PolicyImpact } from './policy-impact.types';
import { PolicyVersionService } from './policy-version.service';
import { policyInForce } from './policy-in-force';
import { PolicyDiff, PolicyInForce, PolicyVersion, PolicyVersionState } from './policy-version.types';

/**
 * Policy versions (#23): seen under POWERS.viewPolicyVersions, drafted under POWERS.editPolicyDrafts (the shield's rules);
 * the version in force (policyInForce) by anyone signed in.
 */
@Resolver(() => PolicyVersion)
export class PolicyVersionResolver {
  @Query(() => [PolicyVersion], { description: 'Every policy version and draft, drafts first, then by number (newest first)' })
  policyVersions(@Arg('state', () => PolicyVersionState, { nullable: true }) state: PolicyVersionState | null, @Ctx() ctx: RequestContext) {
    return new PolicyVersionService(ctx).list(state);
  }

  @Query(() => PolicyInForce, {
    description: 'The version in force for this request, for any signed-in caller: the whole document for the store\'s staff, only what decides its own role for a contractor',
  })
  policyInForce(@Ctx() ctx: RequestContext): PolicyInForce {
    return policyInForce(ctx);
  }

  @Query(() => PolicyVersion)
  policyVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return new PolicyVersionService(ctx).get(id);
  }

  @Query(() => PolicyDiff, { description: 'A draft against the version in force: changed cells and settings, and the answers that change' })
  policyDraftDiff(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return new PolicyVersionService(ctx).diff(id);
  }

  @Query(() => PolicyImpact, {
    description: 'A draft replayed over the last `days` (1–365, default 30) of access entries against the version in force: reads it would serve masked/hidden instead of clear and the reverse',
  })
  policyDraftImpact(@Arg('id', () => ID) id: string, @Arg('days', () => Int, { nullable: true }) days: number | null, @Ctx() ctx: RequestContext) {
    return new PolicyImpactService(ctx).impact(id, days);
  }

  @Mutation(() => PolicyVersion, { description: 'A new draft copied from the version whose id is `fromVersion` (published, retired or a draft)' })
  createPolicyDraft(@Arg('fromVersion', () => ID) fromVersion: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PolicyVersionService(tx).createDraft(fromVersion));
  }

  @Mutation(() => PolicyVersion, {
    description: 'Replaces a draft\'s document. An invalid one is refused whole: BAD_USER_INPUT, extensions.field the cell (e.g. matrix.SHIPPING.contact.email), extensions.problems every problem',
  })
  updatePolicyDraft(@Arg('id', () => ID) id: string, @Arg('document', () => GraphQLJSONObject) document: Record<string, unknown>, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PolicyVersionService(tx).updateDraft(id, document));
  }

  @Mutation(() => PolicyVersion, {
    description: 'Asks for a draft\'s publication (first person). The draft is validated (BAD_USER_INPUT naming the cell) and frozen until approved, rejected or withdrawn. CONFLICT when already published or already asked for',
  })
  requestPolicyPublication(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PolicyPublicationService(tx).request(id, reason));
  }

  @Mutation(() => PolicyVersion, {
    description: 'Publishes a requested draft (second person: never the requester nor the last editor, FORBIDDEN). Validated again (BAD_USER_INPUT naming the cell); the version in force retires in the same transaction and every server process switches for its next requests. CONFLICT when not requested, already published, or another version came into force since the request',
  })
  async approvePolicyPublication(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    const version = await inTransaction(ctx, (tx) => new PolicyPublicationService(tx).approve(id, reason));
    // Committed: this process switches now rather than on the announcement (which reaches every other process).
    await policyVersionsOf(ctx.deps.orm)?.reload();
    return version;
  }

  @Mutation(() => PolicyVersion, { description: 'Refuses a requested publication (second person); the draft is editable again' })
  rejectPolicyPublication(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PolicyPublicationService(tx).reject(id, reason));
  }

  @Mutation(() => PolicyVersion, { description: 'Takes back one\'s own publication request; the draft is editable again' })
  withdrawPolicyPublication(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PolicyPublicationService(tx).withdraw(id, reason));
  }

  @Mutation(() => PolicyVersion, {
    description: 'A new draft copied from a published or retired version, its publication requested at once with the reason: it takes effect only when a second person approves it. CONFLICT for a draft or the version in force',
  })
  restorePolicyVersion(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new PolicyPublicationService(tx).restore(id, reason));
  }
}
