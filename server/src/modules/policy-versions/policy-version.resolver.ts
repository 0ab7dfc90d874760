import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction, type RequestContext } from '../../context';
import { PolicyVersionService } from './policy-version.service';
import { PolicyDiff, PolicyVersion, PolicyVersionState } from './policy-version.types';

/** Policy versions (#23): seen under POWERS.viewPolicyVersions, drafted under POWERS.editPolicyDrafts (the shield's rules). */
@Resolver(() => PolicyVersion)
export class PolicyVersionResolver {
  @Query(() => [PolicyVersion], { description: 'Every policy version and draft, drafts first, then by number (newest first)' })
  policyVersions(@Arg('state', () => PolicyVersionState, { nullable: true }) state: PolicyVersionState | null, @Ctx() ctx: RequestContext) {
    return new PolicyVersionService(ctx).list(state);
  }

  @Query(() => PolicyVersion)
  policyVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return new PolicyVersionService(ctx).get(id);
  }

  @Query(() => PolicyDiff, { description: 'A draft against the version in force: changed cells and settings, and the answers that change' })
  policyDraftDiff(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return new PolicyVersionService(ctx).diff(id);
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
}
