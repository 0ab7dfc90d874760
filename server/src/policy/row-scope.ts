import {
  type AssignmentScope, type CompiledPolicy, HANDOVERS, type PurposeKey, readScope, resourceRule, RESOURCES, type ResourceName, type ResourceRule, type RoleKey, type RowScope,
} from '../../../schema/policy';
import { forbidden } from '../common/errors';
import { settings } from '../config';
import { JST_TODAY } from '../common/jst-sql';

/** Age under which marketing use needs a guardian's consent (【12】); configurable, default 20. */
export const GUARDIAN_AGE = settings().MAMORI_GUARDIAN_AGE;

/** A SQL condition with its `?` parameters, in order. */
export interface SqlCondition { sql: string; params: unknown[] }

const ALL: SqlCondition = { sql: 'true', params: [] };
const NONE: SqlCondition = { sql: 'false', params: [] };
const ORDER_TABLE = RESOURCES.Order.table;
/** Order states in which a shipment is still the carrier's work. */
const OPEN_SHIPMENT = `('PLACED', 'SHIPPED')`;

/**
 * What the row scope reads of a request: who (role, contractor), the purpose, and its policy version's row-scope
 * switches. A RequestContext is one; the impact simulation (policy-impact-scope.ts) asks the same questions of a
 * draft without a request.
 */
export interface ScopeRequest {
  readonly actor: { readonly role: RoleKey; readonly contractorId: number | null } | null;
  readonly purpose: PurposeKey | null;
  readonly policy: { readonly rules: Pick<CompiledPolicy, 'needsConsent' | 'endsWithStopOfUse'> };
}

/** The row scope of the actor on a resource; FORBIDDEN when it may not read it. */
export function scopeOf(ctx: ScopeRequest, resource: ResourceName): RowScope {
  const scope = ctx.actor ? readScope(resource, ctx.actor.role) : null;
  if (!scope) throw forbidden();
  return scope;
}

/**
 * The one SQL condition on rows of `resource` (table alias `alias`) that this request may read, derived from
 * the resource's declared customer link (schema/policy/resources.ts) and the actor's row scope: the customer
 * the row points at must be one this role and purpose may see, and a contractor's rows must be work assigned
 * to its own contractor, still open, under a live agreement. Fails closed: no actor or no read right is
 * FORBIDDEN; an unknown resource, link or scope is `false` (no rows).
 */
export function rowConditions(ctx: ScopeRequest, resource: ResourceName, alias: string): SqlCondition {
  const rule = resourceRule(resource);
  if (!rule) return NONE;
  const scope = scopeOf(ctx, resource);
  const own = HANDOVERS[scope as keyof typeof HANDOVERS]?.resource === resource ? ownAssignment(ctx, scope, resource, alias) : ALL;
  switch (rule.link) {
    case 'self':
      return and(customerState(ctx, rule, alias), customerAssignment(ctx, scope, alias));
    case 'customer':
      return rule.table === ORDER_TABLE
        ? and(ofCustomer(ctx, rule, `${alias}.customer_id`, `${alias}_c`, ALL), orderAssignment(ctx, scope, alias), own)
        : customerOrWithout(ctx, rule, scope, alias);
    case 'order': {
      const o = `${alias}_o`;
      const order = and(ofCustomer(ctx, rule, `${o}.customer_id`, `${o}_c`, ALL), orderAssignment(ctx, scope, o));
      return and(exists(`"${ORDER_TABLE}" ${o}`, `${o}.id = ${alias}.order_id`, order), own);
    }
    case 'register':
      return scope === 'all' ? ALL : NONE;
    case 'none':
      return scope === 'all' ? ALL : own === ALL ? NONE : own;
    default:
      return NONE;
  }
}

/** The rows standing without a customer this request may see (rule.withoutCustomer), or NONE. */
function withoutCustomer(ctx: ScopeRequest, rule: ResourceRule, scope: RowScope, alias: string): SqlCondition {
  const w = rule.withoutCustomer;
  if (!w || scope !== 'all' || !ctx.actor || !w.readers.includes(ctx.actor.role)) return NONE;
  if (ctx.purpose && ctx.policy.rules.needsConsent(ctx.purpose)) return NONE;
  if (!/^[a-z_]+$/.test(w.column)) return NONE;
  return { sql: `${alias}.customer_id is null and ${alias}.${w.column} = ?`, params: [w.value] };
}

/**
 * Rows of a resource linked to a customer (alias `a`): those standing without one this request may see, or
 * those whose customer it may see. When both can hold, the customer's exists is kept a subquery per row
 * (`perRow`): under an OR PostgreSQL cannot make it a join and hashed every customer the scope admits for
 * each statement instead (a page of 100 interactions read all 2,000 bench customers; docs/scaling-log.md).
 */
function customerOrWithout(ctx: ScopeRequest, rule: ResourceRule, scope: RowScope, a: string): SqlCondition {
  const without = withoutCustomer(ctx, rule, scope, a);
  return or(without, ofCustomer(ctx, rule, `${a}.customer_id`, `${a}_c`, customerAssignment(ctx, scope, `${a}_c`), without !== NONE));
}

/** Rows whose customer (`customerIdSql`) this request may see, and which `extra` (on alias `c`) holds for. */
function ofCustomer(ctx: ScopeRequest, rule: ResourceRule, customerIdSql: string, c: string, extra: SqlCondition, perRow = false): SqlCondition {
  const state = customerState(ctx, rule, c);
  if (state === ALL && extra === ALL) return ALL;
  return exists(`customer ${c}`, `${c}.id = ${customerIdSql}`, and(state, extra), [], perRow);
}

/**
 * What the purpose allows of a customer (alias `c`), whatever the role: erased never (but for records the law
 * keeps after erasure); not stopped under the purposes that end with stop of use; under a consent purpose only
 * a live consent to it, and under the guardian age only with a guardian's consent (【11】【12】).
 */
function customerState(ctx: ScopeRequest, rule: ResourceRule, c: string): SqlCondition {
  return customerPolicyCondition(ctx.policy.rules, ctx.purpose, c, !!rule.keptAfterErasure);
}

/** customerState under a version's `rules`: what the policy (not the assignment) asks of a customer row `c`. */
export function customerPolicyCondition(rules: ScopeRequest['policy']['rules'], purpose: PurposeKey | null, c: string, keptAfterErasure = false): SqlCondition {
  const parts: string[] = keptAfterErasure ? [] : [`${c}.status <> 'ERASED'`];
  const params: unknown[] = [];
  // The row-scope switches of the request's policy version (its document's stoppedUseExcludedPurposes, needsConsent).
  if (purpose && rules.endsWithStopOfUse(purpose)) parts.push(`${c}.status <> 'USE_STOPPED'`);
  if (purpose && rules.needsConsent(purpose)) {
    // As text: a version may ask a consent for a purpose no consent can be given to (none found: no rows, never an error).
    parts.push(`exists (select 1 from consent ${c}_k where ${c}_k.customer_id = ${c}.id and ${c}_k.purpose::text = ? and ${c}_k.withdrawn_at is null
      and (${c}.birth_date is null or ${c}.birth_date <= ${JST_TODAY} - make_interval(years => ?) or ${c}_k.guardian_consent))`);
    params.push(purpose, GUARDIAN_AGE);
  }
  return parts.length ? { sql: parts.join(' and '), params } : ALL;
}

/** The contractor's own id and its live agreement, or null (no rows) for an account without a contractor. */
function contractorOf(ctx: ScopeRequest, alias: string): { id: number; live: SqlCondition } | null {
  const id = ctx.actor?.contractorId;
  if (!Number.isSafeInteger(id) || !id) return null;
  return { id, live: exists(`contractor ${alias}_ag`, `${alias}_ag.id = ? and ${alias}_ag.agreement_expires_at >= ${JST_TODAY}`, ALL, [id]) };
}

/** Whether an assignment scope serves any row under `purpose` and a version's `rules`: a mailing house works for consent purposes only. */
export function assignmentServesRows(rules: ScopeRequest['policy']['rules'], scope: AssignmentScope, purpose: PurposeKey | null): boolean {
  return scope !== 'assignedMailings' || (!!purpose && rules.needsConsent(purpose));
}

/** A customer (alias `c`) in the contractor's open work: an undelivered shipment, an open collection case, an open mailing. */
function customerAssignment(ctx: ScopeRequest, scope: RowScope, c: string): SqlCondition {
  if (scope === 'all') return ALL;
  const me = contractorOf(ctx, c);
  if (!me) return NONE;
  switch (scope) {
    case 'assignedShipments':
      return and(me.live, exists(`"${ORDER_TABLE}" ${c}_s`, `${c}_s.customer_id = ${c}.id and ${c}_s.carrier_id = ? and ${c}_s.status in ${OPEN_SHIPMENT}`, ALL, [me.id]));
    case 'assignedCollectionCases':
      return and(me.live, exists(`collection_case ${c}_cc join "${ORDER_TABLE}" ${c}_co on ${c}_co.id = ${c}_cc.order_id`,
        `${c}_co.customer_id = ${c}.id and ${c}_cc.contractor_id = ? and ${c}_cc.closed_at is null and ${c}_co.payment_status = 'OVERDUE'`, ALL, [me.id]));
    case 'assignedMailings': {
      // A mailing house works for one consent purpose at a time: the one its mailing was made for.
      if (!ctx.purpose || !assignmentServesRows(ctx.policy.rules, scope, ctx.purpose)) return NONE;
      return and(me.live, exists(`mailing_recipient ${c}_mr join mailing ${c}_m on ${c}_m.id = ${c}_mr.mailing_id`,
        `${c}_mr.customer_id = ${c}.id and ${c}_m.contractor_id = ? and ${c}_m.status = 'HANDED_OVER' and ${c}_m.purpose::text = ?`, ALL, [me.id, ctx.purpose]));
    }
    default:
      return NONE;
  }
}

/** An order (alias `o`) in the contractor's open work: its undelivered shipment, or an open collection case of it. */
function orderAssignment(ctx: ScopeRequest, scope: RowScope, o: string): SqlCondition {
  if (scope === 'all') return ALL;
  const me = contractorOf(ctx, o);
  if (!me) return NONE;
  switch (scope) {
    case 'assignedShipments':
      return and(me.live, { sql: `${o}.carrier_id = ? and ${o}.status in ${OPEN_SHIPMENT}`, params: [me.id] });
    case 'assignedCollectionCases':
      return and(me.live, { sql: `${o}.payment_status = 'OVERDUE'`, params: [] },
        exists(`collection_case ${o}_cc`, `${o}_cc.order_id = ${o}.id and ${o}_cc.contractor_id = ? and ${o}_cc.closed_at is null`, ALL, [me.id]));
    default:
      return NONE; // a mailing hands over no orders
  }
}

/** The assignment row itself (a collection case, a mailing, a shipment's order): the contractor's own and open. */
function ownAssignment(ctx: ScopeRequest, scope: RowScope, resource: ResourceName, a: string): SqlCondition {
  const me = contractorOf(ctx, a);
  if (!me) return NONE;
  switch (resource) {
    case 'CollectionCase':
      return and(me.live, { sql: `${a}.contractor_id = ? and ${a}.closed_at is null`, params: [me.id] });
    case 'Mailing':
      return ctx.purpose ? and(me.live, { sql: `${a}.contractor_id = ? and ${a}.status = 'HANDED_OVER' and ${a}.purpose = ?`, params: [me.id, ctx.purpose] }) : NONE;
    case 'Order':
      return scope === 'assignedShipments' ? ALL : NONE; // orderAssignment already holds the shipment's own condition
    default:
      return NONE;
  }
}

/** `exists (…)`; `perRow`: never turned into a join or a hashed subplan (`offset 0`), one probe per row asking. */
function exists(from: string, on: string, cond: SqlCondition, onParams: unknown[] = [], perRow = false): SqlCondition {
  if (cond === NONE || cond.sql === 'false') return NONE;
  const where = cond === ALL ? on : `${on} and ${cond.sql}`;
  return { sql: `exists (select 1 from ${from} where ${where}${perRow ? ' offset 0' : ''})`, params: [...onParams, ...(cond === ALL ? [] : cond.params)] };
}

/** The disjunction, `false` parts left out (and `NONE` itself when nothing is left). */
function or(...conds: SqlCondition[]): SqlCondition {
  const kept = conds.filter((c) => c !== NONE && c.sql !== 'false');
  if (!kept.length) return NONE;
  if (kept.some((c) => c === ALL || c.sql === 'true')) return ALL;
  if (kept.length === 1) return kept[0];
  return { sql: kept.map((c) => `(${c.sql})`).join(' or '), params: kept.flatMap((c) => c.params) };
}

/** The conjunction, `true` parts left out (and `ALL` itself when nothing is left). */
export function and(...conds: SqlCondition[]): SqlCondition {
  const kept = conds.filter((c) => c !== ALL && c.sql !== 'true');
  if (!kept.length) return ALL;
  if (kept.some((c) => c.sql === 'false')) return NONE;
  if (kept.length === 1) return kept[0];
  return { sql: kept.map((c) => `(${c.sql})`).join(' and '), params: kept.flatMap((c) => c.params) };
}
