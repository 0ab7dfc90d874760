import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Customer } from '../customer/customer.entity';
import { Order } from '../order/order.entity';
import { Staff } from '../staff/staff.entity';
import { Interaction } from './interaction.entity';
import { InteractionService } from './interaction.service';
import { readField } from '../../policy/projection-sources';
import { InteractionFilter, InteractionFields, UpdateInteractionArgs } from './interaction.inputs';

@Resolver(() => Interaction)
export class InteractionResolver {
  @Query(() => [Interaction])
  allInteractions(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => InteractionFilter, { nullable: true }) filter: InteractionFilter | undefined, @Ctx() ctx: RequestContext) {
    return new InteractionService(ctx).list(args, filter);
  }

  @Query(() => ListMetadata)
  async _allInteractionsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => InteractionFilter, { nullable: true }) filter: InteractionFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new InteractionService(ctx).count(filter) };
  }

  @Query(() => Interaction)
  Interaction(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new InteractionService(ctx).get(id); }

  @Mutation(() => Interaction)
  createInteraction(@Args(() => InteractionFields) args: InteractionFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new InteractionService(tx).create(args));
  }

  @Mutation(() => Interaction)
  updateInteraction(@Args(() => UpdateInteractionArgs) args: UpdateInteractionArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new InteractionService(tx).update(args.id, args));
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Null for a complaint from someone with no customer row' })
  customerId(@Root() i: Interaction) { return readField('Interaction', 'customerId', i); }
  @FieldResolver(() => Customer, { nullable: true })
  customer(@Root() i: Interaction, @Ctx() ctx: RequestContext) { return i.customer ? ctx.loaders.customer.load(i.customer.id) : null; }
  @FieldResolver(() => ID, { nullable: true }) orderId(@Root() i: Interaction) { return readField('Interaction', 'orderId', i); }
  @FieldResolver(() => Order, { nullable: true })
  async order(@Root() i: Interaction, @Ctx() ctx: RequestContext) {
    if (!i.order || !i.customer) return null;
    return (await ctx.loaders.ordersByCustomer.load(i.customer.id)).find((o) => o.id === i.order!.id) ?? null;
  }
  @FieldResolver(() => ID, { nullable: true }) staffId(@Root() i: Interaction) { return readField('Interaction', 'staffId', i); }
  @FieldResolver(() => Staff, { nullable: true })
  staff(@Root() i: Interaction, @Ctx() ctx: RequestContext) { return i.staff ? ctx.loaders.staff.load(i.staff.id) : null; }

  @FieldResolver(() => [String], { description: 'Fields of this object masked or hidden for this request' })
  maskedFields(): string[] { throw new Error('maskedFields is resolved by the policy layer'); }
}
