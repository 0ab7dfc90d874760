import type { EntityManager } from '@mikro-orm/postgresql';
import { PaymentStatus } from '../../common/enums';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { loadInIdOrder } from '../../common/load-in-order';
import { ScopedQuery, type SelectList } from '../../common/scoped-query';
import { intArray } from '../../common/sql';
import { emRunner } from '../../db/read-pool';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { type Order } from '../order/order.entity';
import { OrderService } from '../order/order.service';
import { handoverTarget, recordHandover } from '../provision/handover';
import { Staff } from '../staff/staff.entity';
import { CaseCloseReason, CollectionCase } from './collection-case.entity';

export interface CollectionCaseQuery {
  ids?: string[] | null;
  orderId?: string | null;
  contractorId?: string | null;
  open?: boolean | null;
}

const SORTS: Record<string, string> = { id: 'k.id', openedAt: 'k.opened_at', closedAt: 'k.closed_at' };

/**
 * Collection cases (債権回収の委託): an overdue order handed to one collection agency. Opening one is a handover
 * (provision/handover.ts): accounting under CREDIT_MANAGEMENT, to a collection agency with a live agreement,
 * recorded as provision to it (委託) and as a CHANGE event.
 */
export class CollectionCaseService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: CollectionCaseQuery = {}): Promise<CollectionCase[]> {
    const rows = await this.page(args, filter, 'k.id');
    return loadInIdOrder(this.em, CollectionCase, rows.map((r) => Number(r.id)), ['contractor']);
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `k`): the scope, filter, sort and paging
   * of `list` (the compiled read path's statement). `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: CollectionCaseQuery, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'openedAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const order = args.sortField ? sortOrderOf(args) : 'desc';
    const q = this.query(filter).select(select, `order by ${column} ${order} nulls last, k.id desc limit ? offset ?`, [limit, offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  async count(filter: CollectionCaseQuery = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await this.em.execute(q.sql, q.params);
    return row.n;
  }

  async get(id: unknown): Promise<CollectionCase> {
    const [found] = await this.list({ perPage: 1 }, { ids: [String(idOf(id))] });
    if (!found) throw notFound('CollectionCase');
    return found;
  }

  /** Hands an overdue order to a collection agency. One open case per order: a second while it is open is CONFLICT. */
  async open(orderId: unknown, contractorId: unknown): Promise<CollectionCase> {
    const order = await this.overdueOrder(orderId);
    const target = await handoverTarget(this.ctx, 'assignedCollectionCases', contractorId, 'contractorId');
    const [open] = await this.em.execute('select id from collection_case where order_id = ? and closed_at is null', [order.id]);
    if (open) throw conflict('この注文はすでに債権回収会社に委託中です', 'This order is already with a collection agency', 'orderId');
    const kase = this.em.create(CollectionCase, {
      order, contractor: target.contractor, openedBy: this.staff(), openedAt: new Date(),
    } as CollectionCase);
    await this.em.flush();
    await recordHandover(this.ctx, target, [order.customer.id], {
      entity: 'CollectionCase', entityId: kase.id, action: 'CREATE', before: null,
      changes: { orderId: order.id, orderNumber: order.orderNumber, contractorId: target.contractor.id },
      note: `債権回収の委託: 注文 ${order.orderNumber} を ${target.contractor.name} へ / collection case #${kase.id}`,
    });
    return kase;
  }

  /** Accounting takes a case back (recalled); a closed case stays closed (CONFLICT). */
  async close(id: unknown): Promise<CollectionCase> {
    const kase = await this.get(id);
    if (kase.closedAt) throw conflict('この委託はすでに終了しています', 'This case is already closed', 'closed');
    Object.assign(kase, { closedAt: new Date(), closeReason: CaseCloseReason.RECALLED, closedBy: this.staff() });
    await this.em.flush();
    const [row] = await this.em.execute('select customer_id from "order" where id = ?', [kase.order.id]);
    await recordChange(this.ctx, {
      entity: 'CollectionCase', entityId: kase.id, subjectId: row?.customer_id ?? null, action: 'UPDATE', reason: null,
      before: { closedAt: null, closeReason: null }, plan: { changes: { closedAt: kase.closedAt, closeReason: kase.closeReason }, personal: [] },
    });
    return kase;
  }

  /** The order, visible to this request and overdue; anything else is bad input on `orderId`. */
  private async overdueOrder(orderId: unknown): Promise<Order> {
    const order = await new OrderService(this.ctx).get(idOf(orderId, 'orderId')).catch((e) => {
      if (e?.extensions?.code === 'NOT_FOUND') throw badInput('orderId', '注文が見つかりません', 'No such order');
      throw e;
    });
    if (order.paymentStatus !== PaymentStatus.OVERDUE) {
      throw badInput('orderId', '支払期限を過ぎた(延滞の)注文だけを債権回収に委託できます', 'Only an overdue order can be handed to a collection agency');
    }
    return order;
  }

  private staff(): Staff | null {
    const id = this.ctx.actor?.staffId;
    return id ? this.em.getReference(Staff, id) : null;
  }

  private query(f: CollectionCaseQuery): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'CollectionCase', 'k');
    if (f.ids) q.where('k.id = any(?::int[])', intArray(f.ids.map((v) => idOf(v, 'filter.ids'))));
    if (f.orderId) q.where('k.order_id = ?', idOf(f.orderId, 'filter.orderId'));
    if (f.contractorId) q.where('k.contractor_id = ?', idOf(f.contractorId, 'filter.contractorId'));
    if (f.open === true) q.where('k.closed_at is null');
    if (f.open === false) q.where('k.closed_at is not null');
    return q;
  }
}
