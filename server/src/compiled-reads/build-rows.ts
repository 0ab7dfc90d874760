import { GraphQLBoolean, GraphQLID, GraphQLInt, type GraphQLLeafType, GraphQLString } from 'graphql';
import { PERSONAL_TYPES } from '../../../schema/policy';
import type { RequestContext } from '../context';
import type { AccessRecorder } from '../policy/access-recorder';
import type { BoundProjection } from '../policy/projector';
import type { StoredRecord } from '../policy/projection-sources';
import type { FieldPlan, ObjectPlan, Row } from './plan';
import type { SelectList } from '../common/scoped-query';
import { isoDateTime } from './iso-date';

/** Thrown before any statement ran, for input the plan does not take (variables): the request goes to Apollo instead. */
export class NotCompiled extends Error {}

/** Serves one field of a row's object, given its record, its projected values (by position in the selection) and its row. */
type FieldValue = (record: StoredRecord, served: readonly unknown[], row: Row, recorder: AccessRecorder) => unknown;
type MakeObject = (record: StoredRecord, served: readonly unknown[], masked: readonly string[] | null, row: Row, recorder: AccessRecorder) => Record<string, unknown>;

/** Builds one row's object and records its fields in the request's recorder. */
export type RowBuilder = (row: Row, recorder: AccessRecorder) => Record<string, unknown>;

/** A plan bound to a policy key: the columns its statement selects, and its row builder. */
export interface BoundRows {
  /** The plan's columns but those only fields never read under this key need (ObjectPlan.personalColumns), and its joins. */
  select: SelectList;
  build: RowBuilder;
}

/**
 * An object plan bound to the request's policy decisions: each row's record goes through the same projector as
 * the resolvers' (policy/projector.ts), which decides, masks, lists maskedFields and records; this only puts
 * the projected values under the selection's keys. Bound once per policy key (the decisions' key) and shared
 * by every request with that key.
 */
export function rowBuilder(ctx: RequestContext, plan: ObjectPlan): BoundRows {
  const key = ctx.policy.key;
  let bound = boundPlans.get(plan);
  if (!bound) boundPlans.set(plan, (bound = new Map()));
  let rows = bound.get(key);
  if (!rows) {
    if (bound.size >= 100) bound.clear();
    const projection = projectionOf(ctx, plan);
    bound.set(key, (rows = { select: selectFor(plan, projection), build: bind(ctx, plan, projection) }));
  }
  return rows;
}

const boundPlans = new WeakMap<ObjectPlan, Map<string, BoundRows>>();

/** The projector's projection of the plan's personal fields under the request's decisions (none for a type without personal fields). */
const projectionOf = (ctx: RequestContext, plan: ObjectPlan): BoundProjection | null =>
  (PERSONAL_TYPES[plan.typeName] ? plan.projector.bind(ctx.policy, plan.typeName, plan.personal) : null);

/**
 * The columns to select: a column only fields the projection never reads need (hidden under this key) is left
 * out, so neither PostgreSQL nor this process reads it; the record then holds no value there (undefined).
 */
function selectFor(plan: ObjectPlan, projection: BoundProjection | null): SelectList {
  const unread = projection?.unread;
  const columns = unread?.size ? plan.columns.filter((c) => !plan.personalColumns.get(c)?.every((f) => unread.has(f))) : plan.columns;
  return plan.joins.length ? { columns: columns.join(', '), joins: plan.joins.join(' ') } : columns.join(', ');
}

/** `ctx` is read while binding only (no closure keeps it: a bound plan outlives its request). */
function bind(ctx: RequestContext, plan: ObjectPlan, projection = projectionOf(ctx, plan)): RowBuilder {
  // A type with no personal field: its maskedFields are the relations this request may not follow, the same for every row.
  const relationsOnly = projection ? null : plan.projector.maskedFieldsFor(ctx.policy, plan.typeName);
  const make = objectMakerFor(plan)(plan.fields.map((f) => fieldValueFor(ctx, plan, f)));
  if (!projection) return (row, recorder) => make(plan.record(row), NOTHING_SERVED, relationsOnly, row, recorder);
  // One array of served values per binding, reused row after row: `make` copies them into the row's object before
  // the next row is projected (an embedded block is another binding, with its own).
  const served = new Array<unknown>(projection.width);
  return (row, recorder) => {
    const record = plan.record(row);
    const masked = projection.projectInto(record, recorder, served);
    return make(record, served, masked, row, recorder);
  };
}

/** No projection is made for a type without personal fields: a personal field read from it is null (fail closed). */
const NOTHING_SERVED: readonly unknown[] = Object.freeze([]);

function fieldValueFor(ctx: RequestContext, plan: ObjectPlan, f: FieldPlan): FieldValue | null {
  switch (f.kind) {
    case 'typename': case 'maskedFields': case 'relation': return null; // written out by the object maker
    case 'embedded': {
      const build = bind(ctx, f.plan);
      return (_r, _s, row, recorder) => build(row, recorder);
    }
    case 'leaf': {
      const serialize = serializerOf(f);
      // A personal field is served as projected, at its position among the projected fields.
      if (f.personal) {
        const at = plan.personal.indexOf(f.name);
        return (_r, served) => serialize(served[at]);
      }
      // The app's settings, not the request's (the same for every request this bound plan serves).
      const { value } = f;
      const deps = ctx.deps;
      return (record) => serialize(value(record, deps));
    }
  }
}

/**
 * A leaf's value as graphql-js completes it: null where allowed, a list item by item (anything else is not a
 * list: an error), each value through its scalar's serialize. A String or ID already a string, an Int already a
 * 32-bit integer or a Boolean already a boolean is what serialize returns for it: returned without the call.
 */
function serializerOf(f: Extract<FieldPlan, { kind: 'leaf' }>): (v: unknown) => unknown {
  const { type, nonNull, list, itemNonNull } = f;
  const scalar = scalarOf(type);
  const item = (v: unknown) => {
    if (v == null) {
      if (itemNonNull) throw new Error('A non-null item has no value');
      return null;
    }
    return scalar(v);
  };
  return (v: unknown) => {
    if (v == null) {
      if (nonNull) throw new Error('A non-null field has no value');
      return null;
    }
    if (!list) return scalar(v);
    if (!Array.isArray(v)) throw new Error('A list field has no list');
    return v.map(item);
  };
}

function scalarOf(type: GraphQLLeafType): (v: unknown) => unknown {
  const serialize = (v: unknown) => type.serialize(v);
  // A date-time scalar whose serialize is toISOString (DateTimeISO: checked on sample dates, not assumed from its name).
  if (writesIsoDates(type)) return (v) => (v instanceof Date ? isoDateTime(v) ?? serialize(v) : serialize(v));
  if (type === GraphQLString || type === GraphQLID) return (v) => (typeof v === 'string' ? v : serialize(v));
  if (type === GraphQLInt) return (v) => (typeof v === 'number' && (v | 0) === v ? v : serialize(v));
  if (type === GraphQLBoolean) return (v) => (typeof v === 'boolean' ? v : serialize(v));
  return serialize;
}

/**
 * A function that builds the plan's object with its keys written out, made once per plan and given each
 * binding's field values: V8 gives every such object one shape (assigning keys one by one made each store
 * and JSON.stringify's walk generic). Keys are GraphQL names or aliases, written as JSON strings.
 */
const makers = new WeakMap<ObjectPlan, (values: (FieldValue | null)[]) => MakeObject>();
function objectMakerFor(plan: ObjectPlan): (values: (FieldValue | null)[]) => MakeObject {
  let make = makers.get(plan);
  if (!make) {
    const body = plan.fields.map((f, i) => {
      const value = f.kind === 'typename' ? JSON.stringify(plan.typeName)
        : f.kind === 'maskedFields' ? 'masked'
          : f.kind === 'relation' ? 'null' // filled in afterwards, in place (keeps the selection's key order)
            : `v${i}(record, served, row, recorder)`;
      return `${JSON.stringify(f.key)}: ${value}`;
    }).join(',\n');
    const locals = plan.fields.map((_, i) => `const v${i} = values[${i}];`).join('\n');
    make = new Function('values', `${locals}\nreturn function (record, served, masked, row, recorder) {\nreturn {\n${body}\n};\n};`) as (values: (FieldValue | null)[]) => MakeObject;
    makers.set(plan, make);
  }
  return make;
}

/** Whether the scalar serializes a Date as toISOString does (and isoDateTime): sample dates serialized both ways. */
function writesIsoDates(type: GraphQLLeafType): boolean {
  if (type.name !== 'DateTimeISO') return false;
  try {
    return ISO_SAMPLES.every((t) => type.serialize(new Date(t)) === isoDateTime(new Date(t)));
  } catch (error) {
    if (error instanceof Error) return false; // a scalar that refuses a Date: not this one
    throw error;
  }
}

const ISO_SAMPLES = [0, Date.UTC(2026, 11, 7, 13, 5, 59, 7), Date.UTC(1999, 1, 28, 23, 59, 59, 999)];
