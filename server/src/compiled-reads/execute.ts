import { type FieldNode, getArgumentValues, getVariableValues, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context';
import type { ListArgs } from '../common/list';
import { CustomerService } from '../modules/customer/customer.service';
import type { CustomerFilter } from '../modules/customer/customer.inputs';
import { OrderService } from '../modules/order/order.service';
import { badVariable } from '../security/input-hygiene';
import { sessionCheck } from '../auth/actor';
import { mayFollow } from '../policy/relation-masking';
import { operationVerdict } from '../policy/shield';
import { NotCompiled, rowBuilder } from './build-rows';
import type { ObjectPlan, ReadPlan, Row } from './plan';

/**
 * Runs a plan: what the shield, the resolvers, the loaders and the masking wrappers would do for this
 * query, over raw rows. Returns the `data` object. Throws NotCompiled only before any statement ran, for
 * variables the plan does not take (Apollo answers them); StaleActor when the remembered actor no longer
 * holds; any other error (a refusal, bad input, a database error) is the request's answer, never retried.
 */
export async function executePlan(schema: GraphQLSchema, plan: ReadPlan, ctx: RequestContext, rawVariables: Record<string, unknown> | undefined)
  : Promise<Record<string, unknown>> {
  // Variables first, as graphql-js does: a request whose variables the plan does not take goes to Apollo before any statement.
  if (badVariable(rawVariables ?? {}) !== null) throw new NotCompiled();
  const coerced = coercedVariables(schema, plan, rawVariables);
  // The shield's own decision for the root operation (policy/shield.ts operationVerdict): its error is the answer.
  const verdict = operationVerdict(plan.root.def.name, ctx);
  if (verdict !== true) throw verdict;
  const args = argumentsOf(plan.root, coerced) as ListArgs & { filter?: CustomerFilter | null };

  const customers = await pageCheckingSession(ctx, plan, args);
  const customer = rowBuilder(ctx, plan.customer);
  const out = customers.map((row) => customer(row, ctx.access));
  // Like graphql-js: every customer's own fields first, then each relation (the loaders resolve after the list).
  for (const f of plan.customer.fields) {
    if (f.kind !== 'orders') continue;
    // A relation the request may not follow answers null, as its wrapped resolver does (policy/relation-masking.ts).
    if (!mayFollow(ctx, 'Order')) {
      for (const o of out) o[f.key] = null;
      continue;
    }
    const last = (argumentsOf(f, coerced) as { last?: number | null }).last;
    const byCustomer = await ordersOf(ctx, customers.map((c) => Number(c.id)), f.plan, last && last > 0 ? last : undefined);
    const order = rowBuilder(ctx, f.plan);
    customers.forEach((c, i) => {
      out[i][f.key] = (byCustomer.get(Number(c.id)) ?? []).map((o) => order(o, ctx.access));
    });
  }
  return { [plan.root.key]: out };
}

/** The actor remembered for these credentials no longer holds (a session revoked, a role changed): nothing read is used. */
export class StaleActor extends Error {}

const NO_VARIABLES: { [name: string]: unknown } = Object.freeze({});

function coercedVariables(schema: GraphQLSchema, plan: ReadPlan, raw: Record<string, unknown> | undefined): { [name: string]: unknown } {
  const definitions = plan.operation.variableDefinitions ?? [];
  if (!definitions.length) return NO_VARIABLES;
  const vars = getVariableValues(schema, definitions, raw ?? {});
  if (vars.errors) throw new NotCompiled();
  return vars.coerced;
}

/** Arguments of fields in a query without variables, coerced once (they are the same for every request), and frozen. */
const literalArguments = new WeakMap<FieldNode, Record<string, unknown>>();

/** A field's arguments, as graphql-js would pass them to its resolver. */
function argumentsOf(field: { def: GraphQLField<unknown, unknown>; node: FieldNode }, coerced: { [name: string]: unknown }): Record<string, unknown> {
  if (coerced !== NO_VARIABLES) return getArgumentValues(field.def, field.node, coerced);
  let args = literalArguments.get(field.node);
  if (!args) literalArguments.set(field.node, (args = deepFrozen(getArgumentValues(field.def, field.node, coerced))));
  return args;
}

function deepFrozen<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFrozen(v);
  return Object.freeze(value);
}

/**
 * The page's rows. With an actor resolved by an earlier request (`ctx.actorToConfirm`), the same statement
 * checks that the session still resolves to that actor: otherwise nothing read here is used
 * (StaleActor) and the credentials are resolved afresh. An empty page is checked on its own.
 */
async function pageCheckingSession(ctx: RequestContext, plan: ReadPlan, args: ListArgs & { filter?: CustomerFilter | null }): Promise<Row[]> {
  const columns = plan.customer.columns.join(', ');
  const service = new CustomerService(ctx);
  if (!ctx.actorToConfirm) return service.page(args, args.filter ?? {}, columns);
  const check = sessionCheck(ctx.actorToConfirm);
  if (!check) throw new StaleActor();
  const rows = await service.page(args, args.filter ?? {}, `${columns}, ${check.sql} as session_holds`, check.params);
  const holds = rows.length ? rows[0].session_holds : (await ctx.readRunner!(`select ${check.sql} as session_holds`, check.params))[0]?.session_holds;
  if (holds !== true) throw new StaleActor();
  return rows;
}

/** Orders of the customers this request may see, each customer's newest `last` if given (none at all without the right to read orders, as the loader). */
async function ordersOf(ctx: RequestContext, customerIds: number[], plan: ObjectPlan, last: number | undefined): Promise<Map<number, Row[]>> {
  const byCustomer = new Map<number, Row[]>();
  if (!customerIds.length || !ctx.policy.mayFollow('Order')) return byCustomer;
  const columns = new Set([...plan.columns, 'o.customer_id']);
  for (const row of await new OrderService(ctx).visibleRowsForCustomers(customerIds, [...columns].join(', '), last)) {
    const id = Number(row.customer_id);
    let list = byCustomer.get(id);
    if (!list) byCustomer.set(id, (list = []));
    list.push(row);
  }
  return byCustomer;
}
