import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Contractor } from '../contractor/contractor.entity';
import { Customer } from '../customer/customer.entity';
import { Order, OrderItem, ShipTo } from './order.entity';
import { CreateOrderArgs, OrderFilter, UpdateOrderArgs } from './order.inputs';
import { OrderService } from './order.service';
import { readField } from '../../policy/projection-sources';

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => [Order])
  allOrders(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | undefined, @Ctx() ctx: RequestContext) {
    return new OrderService(ctx).list(args, filter);
  }

  @Query(() => ListMetadata)
  async _allOrdersMeta(@Args(() => ListArgs) _args: ListArgs, @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new OrderService(ctx).count(filter) };
  }

  @Query(() => Order)
  Order(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new OrderService(ctx).get(id); }

  @Mutation(() => Order)
  createOrder(@Args(() => CreateOrderArgs) args: CreateOrderArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new OrderService(tx).create(args));
  }

  @Mutation(() => Order)
  updateOrder(@Args(() => UpdateOrderArgs) args: UpdateOrderArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new OrderService(tx).update(args));
  }

  @FieldResolver(() => ID)
  customerId(@Root() o: Order) { return readField('Order', 'customerId', o); }

  @FieldResolver(() => Customer, { nullable: true, description: 'Null when this role may not see the customer record' })
  customer(@Root() o: Order, @Ctx() ctx: RequestContext) { return ctx.loaders.customer.load(o.customer.id); }

  @FieldResolver(() => [OrderItem])
  items(@Root() o: Order, @Ctx() ctx: RequestContext) { return ctx.loaders.itemsByOrder.load(o.id); }

  @FieldResolver(() => ShipTo, { description: 'Personal data of category order.shipping' })
  shipTo(@Root() o: Order) { return readField('Order', 'shipTo', o); }

  @FieldResolver(() => ID, { nullable: true })
  carrierId(@Root() o: Order) { return readField('Order', 'carrierId', o); }

  @FieldResolver(() => String, { nullable: true, description: 'The carrier\'s name (a company, not personal data): shown to every reader of the order, the carrier itself included' })
  async carrierName(@Root() o: Order, @Ctx() ctx: RequestContext) {
    // The level's carriers in one statement (the compiled path reads the name with the row).
    const carrier = o.carrier ? { id: o.carrier.id, name: await ctx.loaders.carrierName.load(o.carrier.id) } : null;
    return readField('Order', 'carrierName', { carrier });
  }

  @FieldResolver(() => Contractor, { nullable: true })
  carrier(@Root() o: Order, @Ctx() ctx: RequestContext) { return o.carrier ? ctx.loaders.contractor.load(o.carrier.id) : null; }
}

@Resolver(() => ShipTo)
export class ShipToResolver {
  @FieldResolver(() => [String], { description: 'Fields of this object masked or hidden for this request' })
  maskedFields(): string[] { throw new Error('maskedFields is resolved by the policy layer'); }
}

@Resolver(() => OrderItem)
export class OrderItemResolver {
  @FieldResolver(() => ID, { nullable: true })
  productId(@Root() i: OrderItem) { return readField('OrderItem', 'productId', i); }
}
