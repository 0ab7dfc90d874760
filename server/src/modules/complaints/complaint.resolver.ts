import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Interaction } from '../interaction/interaction.entity';
import { Staff } from '../staff/staff.entity';
import { ComplaintFilter, UpdateComplaintArgs } from './complaint.inputs';
import { ComplaintService } from './complaint.service';
import { linkComplaintCustomer } from './complaint-link';
import { readField } from '../../policy/projection-sources';

@Resolver()
export class ComplaintResolver {
  @Query(() => [Interaction], { description: 'Interactions of kind COMPLAINT, with their handling' })
  allComplaints(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => ComplaintFilter, { nullable: true }) filter: ComplaintFilter | undefined, @Ctx() ctx: RequestContext) {
    return new ComplaintService(ctx).list(args, filter);
  }

  @Query(() => ListMetadata)
  async _allComplaintsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => ComplaintFilter, { nullable: true }) filter: ComplaintFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new ComplaintService(ctx).count(filter) };
  }

  @Query(() => [Interaction], { description: 'Open complaints about the handling of personal data, oldest first (see complaintAgeDays)' })
  openPrivacyComplaints(@Ctx() ctx: RequestContext) { return new ComplaintService(ctx).openPrivacyComplaints(); }

  @Mutation(() => Interaction, { description: 'Status, owner, due date and answer of a complaint; an answer moves it to ANSWERED' })
  updateComplaint(@Args(() => UpdateComplaintArgs) args: UpdateComplaintArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new ComplaintService(tx).update(args));
  }

  @Mutation(() => Interaction, {
    description: 'Links a complaint made without a customer to the customer the complainant turned out to be: it then follows that customer\'s rules, '
      + 'and the complainant\'s name and contact leave it. `reason`: how the person was identified (2 to 500 characters)',
  })
  linkComplaintCustomer(@Arg('id', () => ID) id: string, @Arg('customerId', () => ID) customerId: string, @Arg('reason', () => String) reason: string,
    @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => linkComplaintCustomer(tx, id, customerId, reason));
  }
}

/** Complaint handling fields of an interaction. */
@Resolver(() => Interaction)
export class ComplaintFieldsResolver {
  @FieldResolver(() => ID, { nullable: true }) complaintOwnerId(@Root() i: Interaction) { return readField('Interaction', 'complaintOwnerId', i); }

  @FieldResolver(() => Staff, { nullable: true })
  complaintOwner(@Root() i: Interaction, @Ctx() ctx: RequestContext) { return i.complaintOwner ? ctx.loaders.staff.load(i.complaintOwner.id) : null; }

  @FieldResolver(() => Int, { nullable: true, description: 'Complaints: days since received (until closed)' })
  complaintAgeDays(@Root() i: Interaction) { return readField('Interaction', 'complaintAgeDays', i); }

  @FieldResolver(() => Boolean, { description: 'An open complaint past its due date (Japan time)' })
  complaintOverdue(@Root() i: Interaction) { return readField('Interaction', 'complaintOverdue', i); }
}
