import { PERSONAL_TYPES } from '../../../schema/policy';
import type { RequestContext } from '../context';
import type { AccessRecorder } from '../policy/access-recorder';
import type { BoundProjection, Projection } from '../policy/projector';
import type { StoredRecord } from '../policy/projection-sources';
import type { FieldPlan, ObjectPlan, Row } from './plan';

/** Thrown before any statement ran, for input the plan does not take (variables): the request goes to Apollo instead. */
export class NotCompiled extends Error {}

type FieldValue = (record: StoredRecord, projection: Projection | null, row: Row, recorder: AccessRecorder) => unknown;
type MakeObject = (values: FieldValue[], record: StoredRecord, projection: Projection | null, row: Row, recorder: AccessRecorder) => Record<string, unknown>;

/** Builds one row's object and records its fields in the request's recorder. */
export type RowBuilder = (row: Row, recorder: AccessRecorder) => Record<string, unknown>;

/**
 * An object plan bound to the request's policy decisions: each row's record goes through the same projector as
 * the resolvers' (policy/projector.ts), which decides, masks, lists maskedFields and records; this only puts
 * the projected values under the selection's keys. Bound once per policy key (the decisions' key) and shared
 * by every request with that key.
 */
export function rowBuilder(ctx: RequestContext, plan: ObjectPlan): RowBuilder {
  const key = ctx.policy.key;
  let bound = boundPlans.get(plan);
  if (!bound) boundPlans.set(plan, (bound = new Map()));
  let build = bound.get(key);
  if (!build) {
    if (bound.size >= 100) bound.clear();
    bound.set(key, (build = bind(ctx, plan)));
  }
  return build;
}

const boundPlans = new WeakMap<ObjectPlan, Map<string, RowBuilder>>();

/** `ctx` is read while binding only (no closure keeps it: a bound plan outlives its request). */
function bind(ctx: RequestContext, plan: ObjectPlan): RowBuilder {
  const projection: BoundProjection | null = PERSONAL_TYPES[plan.typeName] ? plan.projector.bind(ctx.policy, plan.typeName, plan.personal) : null;
  // A type with no personal field: its maskedFields are the relations this request may not follow, the same for every row.
  const relationsOnly = projection ? null : plan.projector.maskedFieldsFor(ctx.policy, plan.typeName);
  const values = plan.fields.map((f) => fieldValueFor(ctx, plan, f, relationsOnly));
  const make = objectMakerFor(plan);
  return (row, recorder) => {
    const record = plan.record(row);
    return make(values, record, projection ? projection.project(record, recorder) : null, row, recorder);
  };
}

function fieldValueFor(ctx: RequestContext, plan: ObjectPlan, f: FieldPlan, relationsOnly: readonly string[] | null): FieldValue {
  switch (f.kind) {
    case 'typename': return () => plan.typeName;
    case 'maskedFields': return (_r, projection) => projection?.maskedFields ?? relationsOnly;
    case 'embedded': {
      const build = bind(ctx, f.plan);
      return (_r, _p, row, recorder) => build(row, recorder);
    }
    case 'relation': return () => null; // filled in afterwards, in place (keeps the selection's key order)
    case 'leaf': {
      const { value, type, nonNull, personal, name, list, itemNonNull } = f;
      const item = (v: unknown) => {
        if (v == null) {
          if (itemNonNull) throw new Error('A non-null item has no value');
          return null;
        }
        return type.serialize(v);
      };
      // As graphql-js completes a value: null where allowed, a list item by item (anything else is not a list: an error).
      const serialize = (v: unknown) => {
        if (v == null) {
          if (nonNull) throw new Error('A non-null field has no value');
          return null;
        }
        if (!list) return type.serialize(v);
        if (!Array.isArray(v)) throw new Error('A list field has no list');
        return v.map(item);
      };
      // A personal field is served as projected; without a projection (none is made for its type) it fails closed.
      if (personal) return (_r, projection) => serialize(projection ? projection.values[name] : null);
      // The app's settings, not the request's (the same for every request this bound plan serves).
      const deps = ctx.deps;
      return (record) => serialize(value(record, deps));
    }
  }
}

/**
 * A function that builds the plan's object with its keys written out, made once per plan: V8 gives
 * every such object one shape (assigning keys one by one made each store and JSON.stringify's walk
 * generic). Keys are GraphQL names or aliases, written as JSON strings.
 */
const makers = new WeakMap<ObjectPlan, MakeObject>();
function objectMakerFor(plan: ObjectPlan): MakeObject {
  let make = makers.get(plan);
  if (!make) {
    const body = plan.fields.map((f, i) => `${JSON.stringify(f.key)}: values[${i}](record, projection, row, recorder)`).join(',\n');
    make = new Function('values', 'record', 'projection', 'row', 'recorder', `return {\n${body}\n};`) as MakeObject;
    makers.set(plan, make);
  }
  return make;
}
