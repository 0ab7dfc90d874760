import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInIdOrder } from '../../common/load-in-order';
import { badInput, notFound } from '../../common/errors';
import { InteractionKind } from '../../common/enums';
import { intArray, sqlIn } from '../../common/sql';
import { idOf, type ListArgs, narrowsByIdsOnly, pageOf, sortOrderOf } from '../../common/list';
import { check, refuseCardNumbers } from '../../common/validate';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { ScopedQuery, type SelectList } from '../../common/scoped-query';
import { assertReasonForPersonalChange, planWrite } from '../../policy/write-guard';
import { CustomerService } from '../customer/customer.service';
import { Interaction } from './interaction.entity';
import type { InteractionFields, InteractionFilter } from './interaction.inputs';
import { INTERACTION_FREE_TEXT, markSensitive } from '../sensitive/sensitive-text';
import { emRunner } from '../../db/read-pool';

const SORTS: Record<string, string> = { id: 'i.id', occurredAt: 'i.occurred_at', channel: 'i.channel', kind: 'i.kind', createdAt: 'i.created_at' };

export class InteractionService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: InteractionFilter = {}): Promise<Interaction[]> {
    const rows = await this.page(args, filter, 'i.id');
    return loadInIdOrder(this.em, Interaction, rows.map((r) => Number(r.id)), ['customer']);
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `i`): the scope, filter, sort and paging
   * of `list` (the compiled read path's statement). `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: InteractionFilter, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'occurredAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const q = this.query(filter).select(select, `order by ${column} ${sortOrderOf(args)}, i.id limit ${limit} offset ?`, [offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params], narrowsByIdsOnly(filter));
  }

  async count(filter: InteractionFilter = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await sqlIn(this.em)(q.sql, q.params);
    return row.n;
  }

  /** The interactions of these customers this request may see, newest first (the `Customer.interactions` relation). */
  async visibleForCustomers(customerIds: readonly number[]): Promise<Interaction[]> {
    if (!customerIds.length) return [];
    const rows = await this.visibleRowsForCustomers(customerIds, 'i.id');
    return loadInIdOrder(this.em, Interaction, rows.map((r) => Number(r.id)), ['customer']);
  }

  /** The same interactions as raw rows of the `select`ed columns (alias `i`), newest first. */
  async visibleRowsForCustomers(customerIds: readonly number[], select: SelectList): Promise<Record<string, unknown>[]> {
    const q = new ScopedQuery(this.ctx, 'Interaction', 'i').where('i.customer_id = any(?::int[])', intArray(customerIds))
      .select(select, 'order by i.occurred_at desc, i.id desc');
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, q.params, true);
  }

  async get(id: unknown): Promise<Interaction> {
    const [found] = await this.list({ perPage: 1 }, { ids: [String(idOf(id))] });
    if (!found) throw notFound('Interaction');
    return found;
  }

  /**
   * A new interaction. Without `customerId` only a complaint may stand (【14】: anyone may complain, a gift
   * recipient too), on the complainant's name and contact (BAD_USER_INPUT naming the field otherwise).
   */
  async create(args: InteractionFields): Promise<Interaction> {
    refuseCardNumbers(args as Record<string, unknown>);
    for (const f of ['channel', 'direction', 'kind'] as const) if (!args[f]) throw badInput(f, `${f} は必須です`, `${f} is required`);
    const complainant = complainantOf(args);
    const customer = complainant ? null : await new CustomerService(this.ctx).get(check.required('customerId', args.customerId));
    const plan = planWrite(this.ctx, 'Interaction', null, { summary: args.summary, transcript: args.transcript, ...complainant });
    const reason = assertReasonForPersonalChange({ ...plan, personal: [] }, args.reason);
    const interaction = this.em.create(Interaction, {
      customer, order: args.orderId ? idOf(args.orderId, 'orderId') : null, channel: args.channel!, direction: args.direction!,
      kind: args.kind!, occurredAt: args.occurredAt ?? new Date(), summary: check.maxLength('summary', check.required('summary', args.summary), 2000),
      transcript: args.transcript ? check.maxLength('transcript', args.transcript, 100_000) : null,
      staff: this.ctx.actor?.staffId ?? null, recordingDurationSec: args.recordingDurationSec ?? null, ...complainant,
    }, { partial: true });
    await markSensitive(this.em, interaction, INTERACTION_FREE_TEXT);
    await this.em.flush();
    await recordChange(this.ctx, { entity: 'Interaction', entityId: interaction.id, subjectId: customer?.id ?? null, action: 'CREATE', plan, before: null, reason });
    return interaction;
  }

  async update(id: unknown, args: InteractionFields): Promise<Interaction> {
    refuseCardNumbers(args as Record<string, unknown>);
    const interaction = await this.get(id);
    const complainant = complainantChange(interaction, args);
    const current = {
      summary: interaction.summary, transcript: interaction.transcript, kind: interaction.kind, channel: interaction.channel, direction: interaction.direction,
      ...(complainant ? { complainantName: interaction.complainantName ?? null, complainantContact: interaction.complainantContact ?? null } : {}),
    };
    const plan = planWrite(this.ctx, 'Interaction', current, { summary: args.summary, transcript: args.transcript, kind: args.kind, channel: args.channel, direction: args.direction, ...complainant },
      {}, namesOf(interaction));
    const reason = assertReasonForPersonalChange(plan, args.reason);
    if (!Object.keys(plan.changes).length) return interaction;
    if ('summary' in plan.changes) check.maxLength('summary', check.required('summary', plan.changes.summary), 2000);
    const before = Object.fromEntries(Object.keys(plan.changes).map((k) => [k, (current as Record<string, unknown>)[k]]));
    this.em.assign(interaction, plan.changes);
    await markSensitive(this.em, interaction, INTERACTION_FREE_TEXT);
    await this.em.flush();
    await recordChange(this.ctx, { entity: 'Interaction', entityId: interaction.id, subjectId: interaction.customer?.id ?? null, action: 'UPDATE', plan, before, reason });
    return interaction;
  }

  /** The interactions this request may see (row scope), narrowed by the filter. */
  private query(filter: InteractionFilter): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'Interaction', 'i');
    if (filter.ids) q.where('i.id = any(?::int[])', intArray(filter.ids.map((v) => idOf(v, 'filter.ids'))));
    if (filter.customerId) q.where('i.customer_id = ?', idOf(filter.customerId, 'filter.customerId'));
    if (filter.orderId) q.where('i.order_id = ?', idOf(filter.orderId, 'filter.orderId'));
    if (filter.channel) q.where('i.channel = ?', filter.channel);
    if (filter.direction) q.where('i.direction = ?', filter.direction);
    if (filter.kind) q.where('i.kind = ?', filter.kind);
    if (filter.occurredAt_gte) q.where('i.occurred_at >= ?', filter.occurredAt_gte);
    if (filter.occurredAt_lte) q.where('i.occurred_at <= ?', filter.occurredAt_lte);
    return q;
  }

}

/** The names an interaction's text is redacted of: its customer's, or the complainant's when it has no customer. */
export function namesOf(i: Interaction): string[] {
  return [i.customer?.name, i.customer?.nameKana, i.complainantName].filter((n): n is string => !!n);
}

/**
 * The complainant fields an update asks to change, validated (undefined: none asked). Only a complaint without
 * a customer has a complainant, and it stays a complaint (the row cannot stand otherwise).
 */
function complainantChange(i: Interaction, args: InteractionFields): { complainantName?: string; complainantContact?: string } | undefined {
  const asked = args.complainantName !== undefined || args.complainantContact !== undefined;
  if (i.customer) {
    if (asked) throw badInput(args.complainantName !== undefined ? 'complainantName' : 'complainantContact', '顧客のやり取りに申出者の情報は不要です', 'An interaction with a customer names no complainant');
    return undefined;
  }
  if (args.kind && args.kind !== InteractionKind.COMPLAINT) throw badInput('kind', '顧客のない苦情は苦情のままです', 'A complaint without a customer stays a complaint');
  if (!asked) return undefined;
  const valid = complainantOf({ kind: InteractionKind.COMPLAINT, complainantName: args.complainantName ?? i.complainantName ?? undefined,
    complainantContact: args.complainantContact ?? i.complainantContact ?? undefined });
  return valid ?? undefined;
}

/**
 * The complainant of a complaint filed without a customer (null when a customer is named): name and contact
 * required, a complaint only, no order (an order belongs to a customer).
 */
function complainantOf(args: InteractionFields): { complainantName: string; complainantContact: string } | null {
  const name = args.complainantName?.trim() || null;
  const contact = args.complainantContact?.trim() || null;
  if (args.customerId) {
    if (name || contact) throw badInput(name ? 'complainantName' : 'complainantContact', '顧客のやり取りに申出者の情報は不要です', 'An interaction with a customer names no complainant');
    return null;
  }
  if (!name && !contact) return null; // customerId is then required, and refused by name
  if (args.kind !== InteractionKind.COMPLAINT) throw badInput('customerId', '顧客でない方とのやり取りは苦情だけ記録できます', 'Only a complaint may be recorded without a customer');
  if (args.orderId) throw badInput('orderId', '顧客のない苦情に注文は結び付けられません', 'A complaint without a customer has no order');
  if (!name || [...name].length > 100) throw badInput('complainantName', '申出者の氏名(100文字以内)が必要です', 'The complainant must be named (at most 100 characters)');
  if (!contact || [...contact].length < 5 || [...contact].length > 500) {
    throw badInput('complainantContact', '連絡先(住所・メール・電話)を5〜500文字で記載してください', 'The complainant\'s contact is 5 to 500 characters');
  }
  return { complainantName: name, complainantContact: contact };
}
