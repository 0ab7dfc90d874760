import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInIdOrder } from '../../common/load-in-order';
import { OrderStatus, PaymentStatus } from '../../common/enums';
import { badInput, notFound } from '../../common/errors';
import { intArray, sqlIn } from '../../common/sql';
import { idOf, type ListArgs, narrowsByIdsOnly, pageOf, sortOrderOf } from '../../common/list';
import { check, refuseCardNumbers } from '../../common/validate';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { ScopedQuery, selectParts, type SelectList } from '../../common/scoped-query';
import { assertReasonForPersonalChange, planWrite, type PlannedWrite } from '../../policy/write-guard';
import { Product } from '../product/product.entity';
import { CustomerService } from '../customer/customer.service';
import { handoverTarget, recordHandover, type HandoverTarget } from '../provision/handover';
import { Order, OrderItem, ShipTo } from './order.entity';
import type { CreateOrderArgs, OrderFilter, ShipToInput, UpdateOrderArgs } from './order.inputs';
import { emRunner } from '../../db/read-pool';
import { sqlText } from '../../common/sql-text';

const SORTS: Record<string, string> = {
  id: 'o.id', orderNumber: 'o.order_number', placedAt: 'o.placed_at', totalYen: 'o.total_yen', status: 'o.status',
  paymentStatus: 'o.payment_status', createdAt: 'o.created_at',
};

export class OrderService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: OrderFilter = {}): Promise<Order[]> {
    const rows = await this.page(args, filter, 'o.id');
    return loadInIdOrder(this.em, Order, rows.map((r) => Number(r.id)));
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `o`): the scope, filter, sort and paging
   * of `list` (the compiled read path's statement). `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: OrderFilter, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'id'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const q = this.query(filter).select(select, `order by ${column} ${sortOrderOf(args)}, o.id limit ${limit} offset ?`, [offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params], narrowsByIdsOnly(filter));
  }

  /** Orders by id this request may see, as raw rows of the `select`ed columns (alias `o`), in no particular order. */
  async visibleRowsByIds(ids: readonly number[], select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const q = this.query({ ids: ids.map(String) }).select(select);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params], true);
  }

  /** The items of these orders this request may see, as raw rows of the `select`ed columns (alias `oi`), by item id. */
  async itemRowsForOrders(orderIds: readonly number[], select: SelectList): Promise<Record<string, unknown>[]> {
    const q = new ScopedQuery(this.ctx, 'OrderItem', 'oi').where('oi.order_id = any(?::int[])', intArray(orderIds)).select(select, 'order by oi.id');
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, q.params, true);
  }

  async count(filter: OrderFilter = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await sqlIn(this.em)(q.sql, q.params);
    return row.n;
  }

  async get(id: unknown): Promise<Order> {
    const found = await loadInIdOrder(this.em, Order, await this.visibleIds({ ids: [String(idOf(id))] }));
    if (!found[0]) throw notFound('Order');
    return found[0];
  }

  /** Orders by id, restricted to what this request may see (relation loaders). */
  async visibleByIds(ids: readonly number[]): Promise<Order[]> {
    if (!ids.length) return [];
    return loadInIdOrder(this.em, Order, await this.visibleIds({ ids: ids.map(String) }));
  }

  /** Orders of the given customers visible to this request, newest first (relation loader). */
  async visibleForCustomers(customerIds: readonly number[]): Promise<Order[]> {
    const rows = await this.visibleRowsForCustomers(customerIds, 'o.id');
    return loadInIdOrder(this.em, Order, rows.map((r) => Number(r.id)));
  }

  /**
   * The orders of these customers this request may see, newest first, as raw rows of the `select`ed
   * columns (alias `o`); with `lastPerCustomer`, only each customer's newest that many (read as such,
   * one short index scan per customer, rather than all of them).
   */
  async visibleRowsForCustomers(customerIds: readonly number[], select: SelectList, lastPerCustomer?: number): Promise<Record<string, unknown>[]> {
    const run = this.ctx.readRunner ?? emRunner(this.em);
    const newestFirst = 'order by o.placed_at desc, o.id desc';
    if (lastPerCustomer === undefined) {
      const q = new ScopedQuery(this.ctx, 'Order', 'o').where('o.customer_id = any(?::int[])', intArray(customerIds)).select(select, newestFirst);
      return run(q.sql, q.params, true);
    }
    const q = new ScopedQuery(this.ctx, 'Order', 'o').where('o.customer_id = wanted.id').select('o.*', `${newestFirst} limit ?`, [lastPerCustomer]);
    const { columns, joins } = selectParts(select);
    return run(sqlText`select ${columns} from unnest(?::int[]) as wanted(id) cross join lateral (${q.sql}) o${joins}`, [intArray(customerIds), ...q.params], true);
  }

  async create(args: CreateOrderArgs): Promise<Order> {
    refuseCardNumbers(args as unknown as Record<string, unknown>);
    const customer = await new CustomerService(this.ctx).get(args.customerId);
    if (!args.items?.length) throw badInput('items', '商品を1つ以上指定してください', 'At least one item is required');
    const products = await this.em.find(Product, { id: { $in: args.items.map((i, n) => idOf(i.productId, `items.${n}.productId`)) } });
    const shipTo = args.shipTo ? validateShipTo(args.shipTo) : {
      name: customer.name, postalCode: customer.postalCode, prefecture: customer.prefecture, city: customer.city,
      addressLine: customer.addressLine, phone: customer.phone,
    };
    const plan = planWrite(this.ctx, 'ShipTo', null, args.shipTo ? { ...shipTo } : {});
    const reason = assertReasonForPersonalChange(plan, args.reason);
    const carrier = args.carrierId ? await handoverTarget(this.ctx, 'assignedShipments', args.carrierId, 'carrierId') : null;
    const [seq] = await sqlIn(this.em)(`select nextval('order_number_seq')::int as n`);
    const order = this.em.create(Order, {
      orderNumber: `O${String(seq.n).padStart(9, '0')}`, customer, totalYen: 0, status: OrderStatus.PLACED,
      paymentStatus: PaymentStatus.UNPAID, shipTo: Object.assign(new ShipTo(), shipTo), placedAt: new Date(),
      carrier: carrier?.contractor ?? null,
    }, { partial: true });
    args.items.forEach((item, n) => {
      const product = products.find((p) => p.id === Number(item.productId));
      if (!product) throw badInput(`items.${n}.productId`, '商品が見つかりません', 'Unknown product');
      if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 999) throw badInput(`items.${n}.quantity`, '数量は1〜999です', 'Quantity must be 1–999');
      order.items.add(this.em.create(OrderItem, { order, product, productName: product.name, quantity: item.quantity, unitPriceYen: product.priceYen }));
      order.totalYen += product.priceYen * item.quantity;
    });
    await this.em.flush();
    await recordChange(this.ctx, { entity: 'Order', entityId: order.id, subjectId: customer.id, action: 'CREATE', plan, before: null, reason });
    if (carrier) await this.recordShipmentHandover(order, carrier, null);
    return order;
  }

  async update(args: UpdateOrderArgs): Promise<Order> {
    refuseCardNumbers(args as unknown as Record<string, unknown>);
    const order = await this.get(args.id);
    const shipPlan = args.shipTo ? planShipTo(this.ctx, order.shipTo, args.shipTo) : { changes: {}, personal: [] };
    const current = { status: order.status, paymentStatus: order.paymentStatus, carrierId: order.carrier?.id ?? null };
    const plain = planWrite(this.ctx, 'Order', current, { status: args.status, paymentStatus: args.paymentStatus, carrierId: args.carrierId });
    const plan = { changes: { ...plain.changes, ...prefixed(shipPlan.changes) }, personal: shipPlan.personal.map((f) => `shipTo.${f}`) };
    const reason = assertReasonForPersonalChange(plan, args.reason);
    if (!Object.keys(plan.changes).length) return order;
    const carrier = plain.changes.carrierId != null ? await handoverTarget(this.ctx, 'assignedShipments', plain.changes.carrierId, 'carrierId') : null;
    const before = { ...current, ...prefixed({ ...order.shipTo } as Record<string, unknown>) };
    if (plain.changes.status) applyStatus(order, plain.changes.status as OrderStatus);
    if (plain.changes.paymentStatus) order.paymentStatus = plain.changes.paymentStatus as PaymentStatus;
    if ('carrierId' in plain.changes) order.carrier = carrier?.contractor ?? null;
    if (shipPlan.personal.length) order.shipTo = Object.assign(new ShipTo(), order.shipTo, shipPlan.changes);
    await this.em.flush();
    await recordChange(this.ctx, { entity: 'Order', entityId: order.id, subjectId: order.customer.id, action: 'UPDATE', plan, before, reason });
    if (carrier) await this.recordShipmentHandover(order, carrier, current.carrierId);
    return order;
  }

  /** Handing a shipment to a carrier is provision to it (委託): recorded in the provision register and the trail. */
  private async recordShipmentHandover(order: Order, target: HandoverTarget, before: number | null): Promise<void> {
    await recordHandover(this.ctx, target, [order.customer.id], {
      entity: 'Order', entityId: order.id, action: 'UPDATE', before: { carrierId: before },
      changes: { carrierId: target.contractor.id },
      note: `配送の委託: 注文 ${order.orderNumber} を ${target.contractor.name} へ / shipment of order #${order.id}`,
    });
  }

  private async visibleIds(filter: OrderFilter): Promise<number[]> {
    const q = this.query(filter).select('o.id');
    const rows = await sqlIn(this.em)(q.sql, q.params);
    return rows.map((r) => Number(r.id));
  }

  /** The orders this request may see (row scope), narrowed by the filter. */
  private query(filter: OrderFilter): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'Order', 'o');
    if (filter.ids) q.where('o.id = any(?::int[])', intArray(filter.ids.map((v) => idOf(v, 'filter.ids'))));
    if (filter.customerId) q.where('o.customer_id = ?', idOf(filter.customerId, 'filter.customerId'));
    if (filter.carrierId) q.where('o.carrier_id = ?', idOf(filter.carrierId, 'filter.carrierId'));
    if (filter.status) q.where('o.status = ?', filter.status);
    if (filter.paymentStatus) q.where('o.payment_status = ?', filter.paymentStatus);
    if (filter.placedAt_gte) q.where('o.placed_at >= ?', filter.placedAt_gte);
    if (filter.placedAt_lte) q.where('o.placed_at <= ?', filter.placedAt_lte);
    if (filter.q?.trim()) q.where('o.order_number = ?', filter.q.trim().toUpperCase());
    return q;
  }

}

function prefixed(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`shipTo.${k}`, v]));
}

function applyStatus(order: Order, status: OrderStatus): void {
  order.status = status;
  if (status === OrderStatus.SHIPPED && !order.shippedAt) order.shippedAt = new Date();
  if (status === OrderStatus.DELIVERED && !order.deliveredAt) order.deliveredAt = new Date();
}

/**
 * A ship-to change: compared with what the caller was shown before validation (a masked block sent back
 * as shown is no change, not a malformed postal code), then the changed fields validated with the rest.
 */
function planShipTo(ctx: RequestContext, current: ShipTo, input: ShipToInput): PlannedWrite {
  const now = { ...current } as Record<string, unknown>;
  const raw = planWrite(ctx, 'ShipTo', now, { ...input });
  if (!Object.keys(raw.changes).length) return raw;
  const valid = validateShipTo({ ...now, ...raw.changes } as unknown as ShipToInput);
  return planWrite(ctx, 'ShipTo', now, Object.fromEntries(Object.keys(raw.changes).map((k) => [k, valid[k]])));
}

export function validateShipTo(s: ShipToInput): Record<string, string> {
  return {
    name: check.maxLength('shipTo.name', check.required('shipTo.name', s.name), 100),
    postalCode: check.postal('shipTo.postalCode', check.required('shipTo.postalCode', s.postalCode)),
    prefecture: check.prefecture('shipTo.prefecture', check.required('shipTo.prefecture', s.prefecture)),
    city: check.maxLength('shipTo.city', check.required('shipTo.city', s.city), 100),
    addressLine: check.maxLength('shipTo.addressLine', check.required('shipTo.addressLine', s.addressLine), 200),
    phone: check.phone('shipTo.phone', check.required('shipTo.phone', s.phone)),
  };
}
