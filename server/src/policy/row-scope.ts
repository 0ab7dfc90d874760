import type { QueryBuilder } from '@mikro-orm/postgresql';
import { CONSENT_PURPOSES, readScope, STOPPED_USE_EXCLUDED_PURPOSES, type ResourceName } from '../../../schema/policy';
import { forbidden } from '../common/errors';
import { settings } from '../config';
import type { RequestContext } from '../context';

/** Age under which marketing use needs a guardian's consent (【12】); configurable, default 20. */
export const GUARDIAN_AGE = settings().MAMORI_GUARDIAN_AGE;

/** The row scope of the actor on a resource; FORBIDDEN when it may not read it. */
export function scopeOf(ctx: RequestContext, resource: ResourceName) {
  const scope = ctx.actor ? readScope(resource, ctx.actor.role) : null;
  if (!scope) throw forbidden();
  return scope;
}

/**
 * SQL conditions (as a raw `where` on alias `c`) that decide which customers this request may see:
 * erased customers never; under a consent purpose only live consent, use not stopped, and minors
 * with guardian consent; under FAMILY_* and STATISTICS not stopped; MAILING_HOUSE likewise consenting;
 * COLLECTION_AGENCY only debtors of overdue orders.
 */
export function customerConditions(ctx: RequestContext, c = 'c'): { sql: string; params: unknown[] } {
  const parts: string[] = [`${c}.status <> 'ERASED'`];
  const params: unknown[] = [];
  const scope = scopeOf(ctx, 'Customer');
  const purpose = ctx.purpose;
  if (purpose && (STOPPED_USE_EXCLUDED_PURPOSES as readonly string[]).includes(purpose)) parts.push(`${c}.status <> 'USE_STOPPED'`);
  if (scope === 'consenting' || (purpose && CONSENT_PURPOSES.includes(purpose))) {
    // A contractor that only does consent purposes may never see anyone without one.
    if (!purpose || !CONSENT_PURPOSES.includes(purpose)) return { sql: 'false', params: [] };
    parts.push(`${c}.status <> 'USE_STOPPED'`);
    parts.push(`exists (select 1 from consent k where k.customer_id = ${c}.id and k.purpose = ? and k.withdrawn_at is null
      and (${c}.birth_date is null or ${c}.birth_date <= (now() at time zone 'Asia/Tokyo')::date - make_interval(years => ?) or k.guardian_consent))`);
    params.push(purpose, GUARDIAN_AGE);
  }
  if (scope === 'overdueDebtors') {
    parts.push(`exists (select 1 from "order" o where o.customer_id = ${c}.id and o.payment_status = 'OVERDUE')`);
  }
  return { sql: parts.join(' and '), params };
}

/** Row conditions for orders on alias `o` (carrier: own undelivered; collection agency: overdue). */
export function orderConditions(ctx: RequestContext, o = 'o'): { sql: string; params: unknown[] } {
  const scope = scopeOf(ctx, 'Order');
  // The order of a customer this purpose may not see (erased; stopped under purposes that end with stop of use) is not served either.
  const stoppedOut = !!ctx.purpose && STOPPED_USE_EXCLUDED_PURPOSES.includes(ctx.purpose);
  const parts = [`exists (select 1 from customer oc where oc.id = ${o}.customer_id and oc.status not in ('ERASED'${stoppedOut ? `, 'USE_STOPPED'` : ''}))`];
  const params: unknown[] = [];
  if (scope === 'ownContractor') {
    parts.push(`${o}.carrier_id = ? and ${o}.status in ('PLACED', 'SHIPPED')`);
    params.push(ctx.actor?.contractorId ?? -1);
  }
  if (scope === 'overdueDebtors') parts.push(`${o}.payment_status = 'OVERDUE'`);
  return { sql: parts.join(' and '), params };
}

/** Adds raw conditions to a query builder. */
export function whereRaw<T extends object>(qb: QueryBuilder<T>, cond: { sql: string; params: unknown[] }): QueryBuilder<T> {
  return qb.andWhere(cond.sql, cond.params as any[]);
}
