import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { readField } from '../../policy/projection-sources';
import { inTransaction, type RequestContext } from '../../context';
import { Consent } from '../consent/consent.entity';
import { Interaction } from '../interaction/interaction.entity';
import { Order } from '../order/order.entity';
import { Customer } from './customer.entity';
import { CustomerFields, CustomerFilter, UpdateCustomerArgs } from './customer.inputs';
import { CustomerService } from './customer.service';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => [Customer])
  allCustomers(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | undefined, @Ctx() ctx: RequestContext) {
    return new CustomerService(ctx).list(args, filter);
  }

  @Query(() => ListMetadata)
  async _allCustomersMeta(@Args(() => ListArgs) _args: ListArgs, @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | undefined, @Ctx() ctx: RequestContext) {
    return new CustomerService(ctx).count(filter);
  }

  @Query(() => Customer)
  Customer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return new CustomerService(ctx).get(id);
  }

  @Mutation(() => Customer)
  createCustomer(@Args(() => CustomerFields) args: CustomerFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new CustomerService(tx).create(args));
  }

  @Mutation(() => Customer)
  updateCustomer(@Args(() => UpdateCustomerArgs) args: UpdateCustomerArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new CustomerService(tx).update(args.id, args));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Only ever the last 4 digits, masked: **** **** **** 1234' })
  cardNumber(@Root() c: Customer) { return readField('Customer', 'cardNumber', c); }

  @FieldResolver(() => Boolean)
  useStopped(@Root() c: Customer) { return readField('Customer', 'useStopped', c); }

  @FieldResolver(() => ID, { nullable: true })
  referrerId(@Root() c: Customer) { return readField('Customer', 'referrerId', c); }

  @FieldResolver(() => Customer, { nullable: true })
  referrer(@Root() c: Customer, @Ctx() ctx: RequestContext) { return c.referrer ? ctx.loaders.customer.load(c.referrer.id) : null; }

  @FieldResolver(() => [Customer])
  async familyMembers(@Root() c: Customer, @Ctx() ctx: RequestContext) {
    if (!c.householdId) return [];
    return (await ctx.loaders.customersByHousehold.load(c.householdId)).filter((m) => m.id !== c.id);
  }

  @FieldResolver(() => [Order])
  async orders(@Root() c: Customer, @Arg('last', () => Int, { nullable: true }) last: number | undefined, @Ctx() ctx: RequestContext) {
    const all = await ctx.loaders.ordersByCustomer.load(c.id);
    return last && last > 0 ? all.slice(0, last) : all;
  }

  @FieldResolver(() => [Interaction])
  interactions(@Root() c: Customer, @Ctx() ctx: RequestContext) { return ctx.loaders.interactionsByCustomer.load(c.id); }

  @FieldResolver(() => [Consent])
  consents(@Root() c: Customer, @Ctx() ctx: RequestContext) { return ctx.loaders.consentsByCustomer.load(c.id); }

  @FieldResolver(() => [String], { description: 'Fields of this object masked or hidden for this request' })
  maskedFields(): string[] { throw new Error('maskedFields is resolved by the policy layer'); }
}
