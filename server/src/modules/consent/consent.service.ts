import type { EntityManager } from '@mikro-orm/postgresql';
import { emRunner } from '../../db/read-pool';
import { badInput, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { ScopedQuery, type SelectList } from '../../common/scoped-query';
import { intArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { Consent } from './consent.entity';

export interface ConsentQuery {
  ids?: string[] | null;
  customerId?: string | null;
  purpose?: string | null;
  live?: boolean | null;
}

const SORTS: Record<string, string> = { id: 'k.id', purpose: 'k.purpose', grantedAt: 'k.granted_at', withdrawnAt: 'k.withdrawn_at' };

/**
 * Consent records, row-scoped like the customers they belong to (a consent of a customer this request may not
 * see is not served: not listed, not counted, not found by id). A page is one statement: the rows are read
 * with their columns under the scope and mapped, not looked up again by id.
 */
export class ConsentService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: ConsentQuery = {}): Promise<Consent[]> {
    return this.mapped(await this.page(args, filter, 'k.*'));
  }

  /** One page as raw rows of the `select`ed columns (alias `k`), as `list` reads it; `selectParams` are `select`'s own. */
  async page(args: ListArgs, filter: ConsentQuery, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'id'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const q = this.query(filter).select(select, `order by ${column} ${sortOrderOf(args)}, k.id limit ${limit} offset ?`, [offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  async count(filter: ConsentQuery = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await this.em.execute(q.sql, q.params);
    return row.n;
  }

  async get(id: unknown): Promise<Consent> {
    const [found] = this.mapped(await this.rowsById(id, 'k.*'));
    if (!found) throw notFound('Consent');
    return found;
  }

  /** The consent of this id if this request may see it, as raw rows of the `select`ed columns (alias `k`). */
  async rowsById(id: unknown, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const q = this.query({}).where('k.id = ?', idOf(id)).select(select);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  /** The consents of these customers this request may see, oldest first (the `Customer.consents` relation). */
  async visibleForCustomers(customerIds: readonly number[]): Promise<Consent[]> {
    if (!customerIds.length) return [];
    return this.mapped(await this.visibleRowsForCustomers(customerIds, 'k.*'));
  }

  /** The same consents as raw rows of the `select`ed columns (alias `k`). */
  async visibleRowsForCustomers(customerIds: readonly number[], select: SelectList): Promise<Record<string, unknown>[]> {
    const q = new ScopedQuery(this.ctx, 'Consent', 'k').where('k.customer_id = any(?::int[])', intArray(customerIds)).select(select, 'order by k.id');
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, q.params, true);
  }

  private mapped(rows: Record<string, unknown>[]): Consent[] {
    return rows.map((r) => this.em.map(Consent, r));
  }

  private query(f: ConsentQuery): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'Consent', 'k');
    if (f.ids) q.where('k.id = any(?::int[])', intArray(f.ids.map((v) => idOf(v, 'filter.ids'))));
    if (f.customerId) q.where('k.customer_id = ?', idOf(f.customerId, 'filter.customerId'));
    if (f.purpose) q.where('k.purpose = ?', f.purpose);
    if (f.live) q.where('k.withdrawn_at is null');
    return q;
  }
}
