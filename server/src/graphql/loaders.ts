import DataLoader from 'dataloader';
import type { RequestContext } from '../context';
import { type Customer } from '../modules/customer/customer.entity';
import { CustomerService } from '../modules/customer/customer.service';
import { type Order, OrderItem } from '../modules/order/order.entity';
import { OrderService } from '../modules/order/order.service';
import { type Interaction } from '../modules/interaction/interaction.entity';
import { InteractionService } from '../modules/interaction/interaction.service';
import { type Consent } from '../modules/consent/consent.entity';
import { ConsentService } from '../modules/consent/consent.service';
import { ScopedQuery } from '../common/scoped-query';
import { intArray, sqlIn } from '../common/sql';
import { Contractor } from '../modules/contractor/contractor.entity';
import { Staff } from '../modules/staff/staff.entity';
import { pendingRoleSql } from '../modules/staff/pending-role';
import type { ResourceName } from '../../../schema/policy';
import { TrailService } from '../modules/trail/trail.service';
import type { Row } from '../db/read-pool';

/**
 * Per-request batch loaders: a page of N customers with their orders and interactions costs a
 * constant number of queries. Every loader of customer data applies the same row scope as the lists.
 * The entity manager is taken when a loader runs (the compiled path uses `accessHistory` and needs none).
 */
export function createLoaders(ctx: RequestContext) {
  // The request's own decisions (policy/decisions.ts): the same answer as the relation's wrapper.
  const may = (r: ResourceName) => ctx.policy.mayFollow(r);
  const grouped = <T>(rows: T[], key: (r: T) => number, ids: readonly number[]) => {
    const m = new Map<number, T[]>(ids.map((i) => [i, []]));
    for (const r of rows) m.get(key(r))?.push(r);
    return ids.map((i) => m.get(i) ?? []);
  };
  const byId = <T extends { id: number }>(rows: T[], ids: readonly number[]) => {
    const m = new Map(rows.map((r) => [r.id, r]));
    return ids.map((i) => m.get(i) ?? null);
  };
  return {
    customer: new DataLoader<number, Customer | null>(async (ids) =>
      byId(may('Customer') ? await new CustomerService(ctx).visibleByIds(ids) : [], ids)),
    customersByHousehold: new DataLoader<string, Customer[]>(async (hids) => {
      const rows = may('Customer') ? await new CustomerService(ctx).visibleInHouseholds(hids) : [];
      return hids.map((h) => rows.filter((c) => c.householdId === h));
    }),
    order: new DataLoader<number, Order | null>(async (ids) =>
      byId(may('Order') ? await new OrderService(ctx).visibleByIds(ids) : [], ids)),
    ordersByCustomer: new DataLoader<number, Order[]>(async (ids) =>
      grouped(may('Order') ? await new OrderService(ctx).visibleForCustomers(ids) : [], (o) => o.customer.id, ids)),
    itemsByOrder: new DataLoader<number, OrderItem[]>(async (ids) => {
      if (!may('OrderItem')) return ids.map(() => []);
      const q = new ScopedQuery(ctx, 'OrderItem', 'oi').where('oi.order_id = any(?::int[])', intArray(ids)).select('oi.*', 'order by oi.id');
      return grouped((await ctx.em.execute(q.sql, q.params)).map((r) => ctx.em.map(OrderItem, r)), (i) => i.order.id, ids);
    }),
    interactionsByCustomer: new DataLoader<number, Interaction[]>(async (ids) =>
      grouped(may('Interaction') ? await new InteractionService(ctx).visibleForCustomers(ids) : [], (i) => i.customer!.id, ids)),
    consentsByCustomer: new DataLoader<number, Consent[]>(async (ids) =>
      grouped(may('Consent') ? await new ConsentService(ctx).visibleForCustomers(ids) : [], (c) => c.customer.id, ids)),
    contractor: new DataLoader<number, Contractor | null>(async (ids) =>
      byId(may('Contractor') ? await ctx.em.find(Contractor, { id: { $in: ids as number[] } }) : [], ids)),
    staff: new DataLoader<number, Staff | null>(async (ids) =>
      byId(may('Staff') ? await ctx.em.find(Staff, { id: { $in: ids as number[] } }) : [], ids)),
    /**
     * `Staff.pendingRole` of a level's accounts in one statement (the entity's lazy formula, by id). Not cached:
     * asked afresh each time, so a field read after a mutation that asked for a grant is never a value read before it.
     */
    pendingRole: new DataLoader<number, string | null>(async (ids) => {
      const rows = await sqlIn(ctx.em)(`select s.id, ${pendingRoleSql('s.id')} as "pendingRole" from unnest(?::int[]) as s(id)`, [intArray(ids)]);
      const found = new Map(rows.map((r): [number, string | null] => [Number(r.id), r.pendingRole ?? null]));
      return ids.map((id) => found.get(id) ?? null);
    }, { cache: false }),
    /** `Order.carrierName` of a level's carriers in one statement: a company's name, served to every reader of the order (no row scope). */
    carrierName: new DataLoader<number, string | null>(async (ids) => {
      const rows = await sqlIn(ctx.em)('select x.id, x.name from contractor x where x.id = any(?::int[])', [intArray(ids)]);
      const found = new Map(rows.map((r): [number, string | null] => [Number(r.id), r.name ?? null]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    /**
     * `Customer.accessHistory`, keyed `customerId:perPage`, as raw rows (`t.*`, mapped by the resolver): one
     * statement per page size for a level's customers (not one per customer), each customer's read recorded
     * once per request (TrailService.accessRowsForCustomers). The compiled path reads the relation through this
     * same loader, so both record the same reads (written in canonical order: trail/access-entries.ts).
     */
    accessHistory: new DataLoader<string, Row[]>(async (keys) => {
      const bySize = new Map<number, number[]>();
      for (const k of keys) {
        const [id, perPage] = k.split(':').map(Number);
        let ids = bySize.get(perPage);
        if (!ids) bySize.set(perPage, (ids = []));
        ids.push(id);
      }
      const found = new Map<string, Row[]>(keys.map((k) => [k, []]));
      for (const [perPage, ids] of bySize) {
        for (const r of await new TrailService(ctx).accessRowsForCustomers(ids, perPage, 't.*')) found.get(`${r.wanted_id}:${perPage}`)?.push(r);
      }
      return keys.map((k) => found.get(k)!);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
