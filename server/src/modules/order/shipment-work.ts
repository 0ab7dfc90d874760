import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { OrderStatus } from '../../common/enums';
import { conflict, forbidden } from '../../common/errors';
import { inTransaction, type RequestContext } from '../../context';
import { scopeOf } from '../../policy/row-scope';
import { recordChange } from '../../trail/change-trail';
import { Order } from './order.entity';
import { OrderService } from './order.service';

/** A carrier's two steps on a shipment handed to it (【8】 委託): from the state before to the state after. */
const STEPS = {
  pickedUp: { from: OrderStatus.PLACED, to: OrderStatus.SHIPPED, at: 'shippedAt' },
  delivered: { from: OrderStatus.SHIPPED, to: OrderStatus.DELIVERED, at: 'deliveredAt' },
} as const;
type Step = keyof typeof STEPS;

const STATUS_JA: Record<string, string> = {
  PLACED: '受注', SHIPPED: '出荷済み', DELIVERED: '配達済み', CANCELLED: 'キャンセル', RETURNED: '返品',
};

/**
 * Marks a step of a shipment as the carrier that has it: only through the carrier's own row scope (an order not
 * handed to it, delivered already, or under a lapsed agreement is NOT_FOUND), only in order (CONFLICT otherwise),
 * recorded as a CHANGE of the order. Who may call it is the role reading orders with `assignedShipments`.
 */
export async function markShipment(ctx: RequestContext, id: string, step: Step): Promise<Order> {
  if (scopeOf(ctx, 'Order') !== 'assignedShipments') throw forbidden('Only the carrier the shipment is handed to marks its steps', '配送の進み具合は、委託された配送会社が記録します');
  const order = await new OrderService(ctx).get(id);
  const { from, to, at } = STEPS[step];
  if (order.status !== from) {
    throw conflict(`この注文は「${STATUS_JA[order.status] ?? order.status}」のため、この操作はできません`, `The order is ${order.status}, not ${from}`, 'status');
  }
  const before = { status: order.status, [at]: order[at] ?? null };
  order.status = to;
  order[at] = new Date();
  await ctx.em.flush();
  await recordChange(ctx, {
    entity: 'Order', entityId: order.id, subjectId: order.customer.id, action: 'UPDATE',
    plan: { changes: { status: to, [at]: order[at] }, personal: [] }, before, reason: null,
  });
  return order;
}

@Resolver()
export class ShipmentWorkResolver {
  @Mutation(() => Order, { description: 'The carrier has picked the shipment up (PLACED → SHIPPED, shippedAt now); recorded' })
  markShipmentPickedUp(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => markShipment(tx, id, 'pickedUp'));
  }

  @Mutation(() => Order, { description: 'The carrier has delivered the shipment (SHIPPED → DELIVERED, deliveredAt now); recorded' })
  markShipmentDelivered(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => markShipment(tx, id, 'delivered'));
  }
}
