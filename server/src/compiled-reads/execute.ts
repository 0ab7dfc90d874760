import { getArgumentValues, getVariableValues, type GraphQLSchema } from 'graphql';
import { mayPerform, readScope } from '../../../schema/policy';
import type { RequestContext } from '../context';
import type { ListArgs } from '../common/list';
import { CustomerService } from '../modules/customer/customer.service';
import type { CustomerFilter } from '../modules/customer/customer.inputs';
import { OrderService } from '../modules/order/order.service';
import { maskedFieldsOf, servePersonalValue, subjectOfObject } from '../policy/field-masking';
import { badVariable } from '../security/input-hygiene';
import { sessionCheck, stillTheSameActor } from '../auth/actor';
import type { FieldPlan, ObjectPlan, ReadPlan, Row } from './plan';

/** Thrown when the compiled path meets something it does not answer itself: the request goes to Apollo instead. */
export class NotCompiled extends Error {}

/**
 * Runs a plan: what the shield, the resolvers, the loaders and the masking wrappers would do for this
 * query, over raw rows. Returns the `data` object; throws NotCompiled (nothing was served, nothing
 * recorded outside `ctx`) whenever Apollo must answer instead — refusals and input errors included, so
 * every error keeps its one code path.
 */
export async function executePlan(schema: GraphQLSchema, plan: ReadPlan, ctx: RequestContext, rawVariables: Record<string, unknown> | undefined)
  : Promise<Record<string, unknown>> {
  const actor = ctx.actor;
  // The shield's rule for allCustomers: authenticated, agreement live, declared purpose allowed, may read Customer.
  if (!actor || actor.contractorAgreementLapsed || (ctx.declaredPurpose && !ctx.purpose)) throw new NotCompiled();
  if (!mayPerform('Customer', 'read', actor.role, ctx.purpose) || !readScope('Customer', actor.role)) throw new NotCompiled();
  if (badVariable(rawVariables ?? {}) !== null) throw new NotCompiled();
  const vars = getVariableValues(schema, plan.operation.variableDefinitions ?? [], rawVariables ?? {});
  if (vars.errors) throw new NotCompiled();
  const args = getArgumentValues(plan.root.def, plan.root.node, vars.coerced) as ListArgs & { filter?: CustomerFilter | null };

  const customers = await pageCheckingSession(ctx, plan, args);
  const out = customers.map((row) => objectValue(ctx, plan.customer, row));
  // Like graphql-js: every customer's own fields first, then each relation (the loaders resolve after the list).
  for (const f of plan.customer.fields) {
    if (f.kind !== 'orders') continue;
    const last = (getArgumentValues(f.def, f.node, vars.coerced) as { last?: number | null }).last;
    const byCustomer = await ordersOf(ctx, customers.map((c) => Number(c.id)), f.plan);
    customers.forEach((c, i) => {
      const all = byCustomer.get(Number(c.id)) ?? [];
      const rows = last && last > 0 ? all.slice(0, last) : all;
      out[i][f.key] = rows.map((o) => objectValue(ctx, f.plan, o));
    });
  }
  return { [plan.root.key]: out };
}

/**
 * The page's rows. With an actor resolved by an earlier request (`ctx.actorToConfirm`), the same statement
 * reads the session's actor row, which must still be that actor: otherwise nothing read here is used
 * (NotCompiled) and Apollo resolves the credentials afresh. An empty page is checked on its own.
 */
async function pageCheckingSession(ctx: RequestContext, plan: ReadPlan, args: ListArgs & { filter?: CustomerFilter | null }): Promise<Row[]> {
  const columns = plan.customer.columns.join(', ');
  const service = new CustomerService(ctx);
  if (!ctx.actorToConfirm) return service.page(args, args.filter ?? {}, columns);
  const check = sessionCheck(ctx.actorToConfirm);
  if (!check) throw new NotCompiled();
  const rows = await service.page(args, args.filter ?? {}, `${columns}, ${check.sql} as session_actor`, check.params);
  const seen = rows.length ? rows[0].session_actor : (await ctx.readRunner!(`select ${check.sql} as session_actor`, check.params))[0]?.session_actor;
  if (!stillTheSameActor(ctx.actorToConfirm, seen)) throw new NotCompiled();
  return rows;
}

/** Orders of the customers this request may see (none at all without the right to read orders, as the loader). */
async function ordersOf(ctx: RequestContext, customerIds: number[], plan: ObjectPlan): Promise<Map<number, Row[]>> {
  const byCustomer = new Map<number, Row[]>();
  const actor = ctx.actor!;
  if (!customerIds.length || !mayPerform('Order', 'read', actor.role, ctx.purpose) || !readScope('Order', actor.role)) return byCustomer;
  const columns = new Set([...plan.columns, 'o.customer_id']);
  for (const row of await new OrderService(ctx).visibleRowsForCustomers(customerIds, [...columns].join(', '))) {
    const id = Number(row.customer_id);
    let list = byCustomer.get(id);
    if (!list) byCustomer.set(id, (list = []));
    list.push(row);
  }
  return byCustomer;
}

function objectValue(ctx: RequestContext, plan: ObjectPlan, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const subject = plan.typeName === 'Order' ? null : subjectOfObject(plan.typeName, subjectSource(plan, row));
  for (const f of plan.fields) {
    if (f.kind === 'orders') out[f.key] = null; // filled in afterwards, in place (keeps the selection's key order)
    else out[f.key] = fieldValue(ctx, plan, f, row, subject);
  }
  return out;
}

/** What the subject resolvers of field-masking.ts read, built from the row. */
function subjectSource(plan: ObjectPlan, row: Row): unknown {
  return plan.typeName === 'Customer' ? { id: Number(row.id), name: row.name, nameKana: row.name_kana } : { subjectId: Number(row.customer_id) };
}

function fieldValue(ctx: RequestContext, plan: ObjectPlan, f: FieldPlan, row: Row, subject: { id: number | null; names?: string[] } | null): unknown {
  switch (f.kind) {
    case 'typename': return plan.typeName;
    case 'maskedFields': return maskedFieldsOf(ctx, plan.typeName);
    case 'shipTo': return objectValue(ctx, f.plan, row);
    case 'orders': throw new NotCompiled();
    case 'leaf': {
      let value = f.value(row);
      if (f.personal) {
        if (!subject) return null; // fail closed, as the masking resolver does
        value = servePersonalValue(ctx, f.personal, subject, value);
      }
      if (value == null) {
        if (f.nonNull) throw new NotCompiled();
        return null;
      }
      return f.type.serialize(value);
    }
  }
}
