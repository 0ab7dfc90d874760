import { type FieldNode, getArgumentValues, getVariableValues, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context';
import { notFound } from '../common/errors';
import { badVariable } from '../security/input-hygiene';
import { sessionCheck } from '../auth/actor';
import type { ResourceName } from '../../../schema/policy';
import { mayFollow, withheldRelationsOf } from '../policy/relation-masking';
import { operationVerdict } from '../policy/shield';
import { NotCompiled, rowBuilder } from './build-rows';
import type { FieldPlan, ObjectPlan, ReadPlan, Row } from './plan';
import type { Key } from './sources';
import { withColumn } from '../common/scoped-query';
import { sqlText } from '../common/sql-text';

/**
 * Runs a plan: what the shield, the resolvers, the loaders and the projector would do for this query, over
 * raw rows — the root's statement, then one statement per relation and level (never one per row). Returns the
 * `data` object. Throws NotCompiled only before any statement ran, for variables the plan does not take
 * (graphql-js answers them); StaleActor when the remembered actor no longer holds; any other error (a refusal,
 * bad input, NOT_FOUND, a database error) is the request's answer, never retried.
 */
export async function executePlan(schema: GraphQLSchema, plan: ReadPlan, ctx: RequestContext, rawVariables: Record<string, unknown> | undefined)
  : Promise<Record<string, unknown>> {
  // Variables first, as graphql-js does: a request whose variables the plan does not take goes to graphql-js before any statement.
  if (badVariable(rawVariables ?? {}) !== null) throw new NotCompiled();
  const coerced = coercedVariables(schema, plan, rawVariables);
  if (!argumentsAccepted(plan.object, coerced)) throw new NotCompiled();
  // The shield's own decision for the root operation (policy/shield.ts operationVerdict): its error is the answer.
  const verdict = operationVerdict(plan.root.def.name, ctx);
  if (verdict !== true) throw verdict;
  const args = argumentsOf(plan.root, coerced);
  const rows = await rootRowsCheckingSession(ctx, plan, args);
  if (plan.root.source.byId && !rows.length) throw notFound(plan.object.typeName);
  const { build } = rowBuilder(ctx, plan.object);
  const out = rows.map((row) => build(row, ctx.access));
  const following = followRelations(ctx, schema, plan.object, rows, out, coerced);
  if (following) await following;
  return { [plan.root.key]: plan.root.source.byId ? out[0] : out };
}

type Relation = Extract<FieldPlan, { kind: 'relation' }>;

/**
 * Fills each relation of `plan` on the objects built from `rows` (in place: the selection's key order stays),
 * level by level like the loaders: the keys of the whole level in one statement, the level's relations read
 * side by side. A relation this request may not follow answers as its wrapped resolver does: null where it may
 * be withheld (policy/relation-masking.ts), else as the loader answers it (no records). Objects are built, and
 * their fields recorded, in the selection's order, whichever statement returned first. Null when the plan
 * follows no relation: a list without relations pays no promise for them.
 */
function followRelations(ctx: RequestContext, schema: GraphQLSchema, plan: ObjectPlan, rows: Row[], out: Record<string, unknown>[],
  coerced: { [name: string]: unknown }): Promise<void> | null {
  const relations = plan.fields.filter((f): f is Relation => f.kind === 'relation');
  return relations.length ? followLevel(ctx, schema, plan, relations, rows, out, coerced) : null;
}

async function followLevel(ctx: RequestContext, schema: GraphQLSchema, plan: ObjectPlan, relations: Relation[], rows: Row[],
  out: Record<string, unknown>[], coerced: { [name: string]: unknown }): Promise<void> {
  const followed = relations.map((f) => mayFollow(ctx, f.source.target as ResourceName));
  const loaded = await Promise.all(relations.map((f, n) => (followed[n] ? load(ctx, f, rows, coerced) : null)));
  for (const [n, f] of relations.entries()) {
    const byKey = loaded[n];
    if (!byKey) {
      const withheld = withheldRelationsOf(schema, plan.typeName).some((r) => r.field === f.name);
      for (const o of out) o[f.key] = withheld || !f.source.many ? null : [];
      continue;
    }
    const { childRows, children } = built(ctx, f, rows, out, byKey);
    const following = children.length ? followRelations(ctx, schema, f.plan, childRows, children, coerced) : null;
    if (following) await following;
  }
}

/** One relation of a level: its rows read at once, grouped by key (as text: an id or a household id alike). */
async function load(ctx: RequestContext, f: Relation, rows: Row[], coerced: { [name: string]: unknown }): Promise<Map<string, Row[]>> {
  // A parent with nothing to pick (an interaction without an order) needs no record: as its resolver, it reads none.
  const wanted = f.pickKey ? rows.filter((r) => f.pickKey!(r) !== null) : rows;
  const keys = [...new Set(wanted.map(f.parentKey).filter((k): k is Key => k !== null))];
  const loaded = keys.length ? await f.source.load(ctx, keys, rowBuilder(ctx, f.plan).select, argumentsOf(f, coerced)) : [];
  const byKey = new Map<string, Row[]>();
  const column = f.source.childColumn;
  for (const row of loaded) {
    const key = String(row[column]);
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(row);
  }
  return byKey;
}

/** The records of `parent` among its key's, as the relation's resolver picks them (its own order, or the parent left out). */
function recordsOf(f: Relation, parent: Row, byKey: Map<string, Row[]>): Row[] {
  const key = f.parentKey(parent);
  const found = key === null ? undefined : byKey.get(String(key));
  if (!found) return [];
  const { pick, notSelf } = f.source;
  if (pick) {
    const wanted = f.pickKey!(parent);
    return wanted === null ? [] : found.filter((r) => String(r[pick.childColumn]) === String(wanted));
  }
  return notSelf ? found.filter((r) => Number(r.id) !== Number(parent.id)) : found;
}

/** A relation's objects, built per parent (each occurrence projected, as graphql-js does), with the rows they were built from. */
function built(ctx: RequestContext, f: Relation, rows: Row[], out: Record<string, unknown>[], byKey: Map<string, Row[]>)
  : { childRows: Row[]; children: Record<string, unknown>[] } {
  const { build } = rowBuilder(ctx, f.plan);
  const childRows: Row[] = [];
  const children: Record<string, unknown>[] = [];
  const one = (row: Row) => {
    const o = build(row, ctx.access);
    childRows.push(row);
    children.push(o);
    return o;
  };
  rows.forEach((row, i) => {
    const found = recordsOf(f, row, byKey);
    out[i][f.key] = f.source.many ? found.map(one) : found.length ? one(found[0]) : null;
  });
  return { childRows, children };
}

/** Whether every relation's arguments (variables given) are ones its resolver answers without an error (RelationSource.accepts). */
function argumentsAccepted(plan: ObjectPlan, coerced: { [name: string]: unknown }): boolean {
  return plan.fields.every((f) => f.kind !== 'relation'
    || ((!f.source.accepts || f.source.accepts(argumentsOf(f, coerced))) && argumentsAccepted(f.plan, coerced)));
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
 * The root's rows. With an actor resolved by an earlier request (`ctx.actorToConfirm`), the same statement
 * checks that the session still resolves to that actor: otherwise nothing read here is used
 * (StaleActor) and the credentials are resolved afresh. An empty answer is checked on its own.
 */
async function rootRowsCheckingSession(ctx: RequestContext, plan: ReadPlan, args: Record<string, unknown>): Promise<Row[]> {
  const select = rowBuilder(ctx, plan.object).select;
  const source = plan.root.source;
  if (!ctx.actorToConfirm) return source.rows(ctx, args, select, []);
  const check = sessionCheck(ctx.actorToConfirm);
  if (!check) throw new StaleActor();
  const rows = await source.rows(ctx, args, withColumn(select, sqlText`${check.sql} as session_holds`), check.params);
  const holds = rows.length ? rows[0].session_holds : (await ctx.readRunner!(sqlText`select ${check.sql} as session_holds`, check.params))[0]?.session_holds;
  if (holds !== true) throw new StaleActor();
  return rows;
}

