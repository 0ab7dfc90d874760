import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { inTransaction, type RequestContext } from '../../context';
import { AcceptRuleService, AuditAcceptRule } from './accept-rules';
import { AuditFinding } from './audit.entity';
import { AuditFindingComment, FindingStatus, triageFinding, triageOf } from './finding-triage';
import { TriageArgs, AcceptRuleArgs } from './audit.inputs';

/** Working an audit's findings (#21): status, owner, due day, comments, and rules accepting known legitimate patterns. */
@Resolver(() => AuditFinding)
export class AuditTriageResolver {
  @FieldResolver(() => FindingStatus)
  async status(@Root() f: AuditFinding, @Ctx() ctx: RequestContext) { return (await triageOf(ctx, f)).status; }

  @FieldResolver(() => ID, { nullable: true })
  async ownerId(@Root() f: AuditFinding, @Ctx() ctx: RequestContext) { return (await triageOf(ctx, f)).ownerId; }

  @FieldResolver(() => String, { nullable: true, description: 'Due day of the follow-up (Japan time), YYYY-MM-DD' })
  async dueOn(@Root() f: AuditFinding, @Ctx() ctx: RequestContext) { return (await triageOf(ctx, f)).dueOn; }

  @FieldResolver(() => ID, { nullable: true, description: 'The accept rule that accepted it, if a rule did' })
  async acceptRuleId(@Root() f: AuditFinding, @Ctx() ctx: RequestContext) { return (await triageOf(ctx, f)).acceptRuleId; }

  @FieldResolver(() => Date, { nullable: true })
  async triagedAt(@Root() f: AuditFinding, @Ctx() ctx: RequestContext) { return (await triageOf(ctx, f)).updatedAt; }

  @FieldResolver(() => [AuditFindingComment], { description: 'Oldest first' })
  async comments(@Root() f: AuditFinding, @Ctx() ctx: RequestContext) { return (await triageOf(ctx, f)).comments; }

  @Mutation(() => AuditFinding, { description: 'Works a finding: status, owner, due day, a comment (closing needs one); recorded in the trail' })
  triageAuditFinding(@Args(() => TriageArgs) args: TriageArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => triageFinding(tx, args.id, args));
  }

  @Query(() => [AuditAcceptRule], { description: 'Rules accepting known legitimate patterns of findings, newest first' })
  auditAcceptRules(@Arg('activeOnly', () => Boolean, { nullable: true }) activeOnly: boolean | undefined, @Ctx() ctx: RequestContext) {
    return new AcceptRuleService(ctx).list(activeOnly ?? false);
  }

  @Mutation(() => AuditAcceptRule, { description: 'A rule accepting findings of a known legitimate pattern until it expires; recorded in the trail' })
  createAuditAcceptRule(@Args(() => AcceptRuleArgs) args: AcceptRuleArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new AcceptRuleService(tx).create(args));
  }

  @Mutation(() => AuditAcceptRule, { description: 'Revokes a rule; findings it accepted in open audits are open again' })
  revokeAuditAcceptRule(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new AcceptRuleService(tx).revoke(id, reason));
  }
}
