import { FREE_TEXT_CATEGORIES, PERSONAL_TYPES } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { type AccessRecorder, sharedFields, type SubjectAccess } from '../policy/access-recorder';
import { accessOrNull, forRow, maskedFieldsOf, recordedAs, servedUnder, subjectOfObject } from '../policy/field-masking';
import type { PersonalFieldPolicy } from '../policy/field-masking';
import type { FieldPlan, ObjectPlan, Row } from './plan';

/** Thrown before any statement ran, for input the plan does not take (variables): the request goes to Apollo instead. */
export class NotCompiled extends Error {}

/** Stands for any stored value that is not null. */
const NOT_NULL = Symbol('not null');

type Subject = { id: number | null; names?: string[] };
type FieldValue = (row: Row, subject: Subject | null, recorder: AccessRecorder) => unknown;
type MakeObject = (values: FieldValue[], row: Row, subject: Subject | null, recorder: AccessRecorder) => Record<string, unknown>;

/** Builds one row's object and records its fields in the request's recorder. */
export type RowBuilder = (row: Row, recorder: AccessRecorder) => Record<string, unknown>;

/**
 * An object plan bound to the request's policy: what the masking resolvers would answer for each row,
 * and what they would record. Decided once per field for each policy key (schema/policy policyKey), not
 * once per value, and the bound plan serves every request with the same key. Each row's fields are recorded at once, as a field set shared by every
 * row with the same fields (rows differ only where a clear field is null: nothing served, nothing recorded).
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
  const values: FieldValue[] = [];
  for (const f of plan.fields) values.push(fieldValueFor(ctx, plan, f));
  const make = objectMakerFor(plan);
  const record = recorderFor(ctx, plan);
  const isOrder = plan.typeName === 'Order';
  return (row, recorder) => {
    const subject = isOrder ? null : subjectOfObject(plan.typeName, subjectSource(plan, row));
    const out = make(values, row, subject, recorder);
    if (subject) record(row, subject.id, recorder);
    return out;
  };
}

/** What the subject resolvers of field-masking.ts read, built from the row. */
function subjectSource(plan: ObjectPlan, row: Row): unknown {
  return plan.typeName === 'Customer' ? { id: Number(row.id), name: row.name, nameKana: row.name_kana } : { subjectId: Number(row.customer_id) };
}

function fieldValueFor(ctx: RequestContext, plan: ObjectPlan, f: FieldPlan): FieldValue {
  switch (f.kind) {
    case 'typename': return () => plan.typeName;
    case 'maskedFields': {
      const masked = maskedFieldsOf(ctx, plan.typeName, null, f.relations);
      const bySensitive = sensitiveVariants(plan.typeName, (fields) => maskedFieldsOf(ctx, plan.typeName, fields, f.relations));
      return (row) => (sensitiveFieldsOf(row)?.length ? bySensitive(sensitiveFieldsOf(row)!) : masked);
    }
    case 'shipTo': {
      const build = bind(ctx, f.plan);
      return (row, _subject, recorder) => build(row, recorder);
    }
    case 'orders': return () => null; // filled in afterwards, in place (keeps the selection's key order)
    case 'leaf': {
      const { value, type, nonNull, personal } = f;
      const serialize = (v: unknown) => {
        if (v == null) {
          if (nonNull) throw new Error('A non-null field has no value');
          return null;
        }
        return type.serialize(v);
      };
      if (!personal) return (row) => serialize(value(row));
      const access = accessOrNull(ctx, personal.category);
      if (access === null) return () => serialize(null); // fail closed, as servePersonalValue does
      // A row holding sensitive text in this field is decided under the joined category (schema/policy/sensitive.ts).
      const sensitive = forRow(personal, [fieldName(personal.path)]);
      const sensitiveAccess = sensitive === personal ? access : accessOrNull(ctx, sensitive.category);
      // No subject: fail closed, as the masking resolver does.
      return (row, subject, recorder) => (subject
        ? serialize(servedUnder(isSensitive(row, sensitive, personal) ? sensitiveAccess ?? 'HIDDEN' : access, personal, value(row), subject.names, recorder.masking))
        : null);
    }
  }
}

/**
 * How one row's personal fields are recorded. A field whose recording does not depend on the row (masked,
 * hidden) is in every row's set; one that does (clear: recorded unless null; a free-text field decided
 * otherwise when the row holds sensitive text in it) adds its outcome to the row's key, and each key's set
 * is made once per request and shared by its rows.
 */
function recorderFor(ctx: RequestContext, plan: ObjectPlan): (row: Row, subjectId: number | null, recorder: AccessRecorder) => void {
  const fixed = { clear: [] as string[], masked: [] as string[] };
  const varying: { path: string; as: (row: Row) => 'clear' | 'masked' | null }[] = [];
  for (const f of plan.fields) {
    if (f.kind !== 'leaf' || !f.personal) continue;
    const access = accessOrNull(ctx, f.personal.category);
    if (access === null) continue;
    const sensitive = forRow(f.personal, [fieldName(f.personal.path)]);
    const sensitiveAccess = sensitive === f.personal ? access : accessOrNull(ctx, sensitive.category) ?? 'HIDDEN';
    const { value, personal } = f;
    const ifSet = recordedAs(access, NOT_NULL);
    const ifNull = recordedAs(access, null);
    if (sensitiveAccess !== access) {
      varying.push({ path: personal.path, as: (row) => recordedAs(isSensitive(row, sensitive, personal) ? sensitiveAccess : access, value(row)) });
    } else if (ifSet === ifNull) {
      if (ifSet) fixed[ifSet].push(personal.path);
    } else {
      varying.push({ path: personal.path, as: (row) => (value(row) == null ? ifNull : ifSet) });
    }
  }
  const CODE = { clear: 1, masked: 2 } as const;
  if (varying.length > 30) {
    // More than a key holds: each field on its own, as the resolvers record them.
    return (row, subjectId, recorder) => {
      for (const p of fixed.clear) recorder.record(subjectId, p, true);
      for (const p of fixed.masked) recorder.record(subjectId, p, false);
      for (const v of varying) {
        const as = v.as(row);
        if (as) recorder.record(subjectId, v.path, as === 'clear');
      }
    };
  }
  const byKey = new Map<number, SubjectAccess>();
  return (row, subjectId, recorder) => {
    let key = 0;
    const outcomes: ('clear' | 'masked' | null)[] = [];
    for (const v of varying) {
      const as = v.as(row);
      outcomes.push(as);
      key = key * 3 + (as ? CODE[as] : 0);
    }
    let fields = byKey.get(key);
    if (!fields) {
      const clear = [...fixed.clear];
      const masked = [...fixed.masked];
      varying.forEach((v, i) => {
        const as = outcomes[i];
        if (as) (as === 'clear' ? clear : masked).push(v.path);
      });
      byKey.set(key, (fields = sharedFields(clear, masked)));
    }
    recorder.recordFields(subjectId, fields);
  };
}

const fieldName = (path: string) => path.slice(path.indexOf('.') + 1);

/** Whether the row holds sensitive text in the field (`sensitive` is the field's policy for such a row). */
function isSensitive(row: Row, sensitive: PersonalFieldPolicy, own: PersonalFieldPolicy): boolean {
  return sensitive !== own && !!sensitiveFieldsOf(row)?.includes(fieldName(own.path));
}

const sensitiveFieldsOf = (row: Row) => row.sensitive_fields as string[] | null | undefined;

/**
 * `make(fields)` for every set of the type's free-text fields that may hold sensitive text, made while binding
 * (a bound plan keeps no context), looked up by a row's `sensitive_fields`.
 */
function sensitiveVariants<T>(typeName: string, make: (fields: readonly string[]) => T): (fields: readonly string[]) => T {
  const freeText = Object.entries(PERSONAL_TYPES[typeName] ?? {})
    .filter(([, c]) => c && FREE_TEXT_CATEGORIES.includes(c.category)).map(([f]) => f).sort();
  const made = new Map<string, T>();
  for (let mask = 0; mask < 1 << freeText.length; mask++) {
    const fields = freeText.filter((_, i) => mask & (1 << i));
    made.set(fields.join(','), make(fields));
  }
  return (fields) => made.get(freeText.filter((f) => fields.includes(f)).join(','))!;
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
    const body = plan.fields.map((f, i) => `${JSON.stringify(f.key)}: values[${i}](row, subject, recorder)`).join(',\n');
    make = new Function('values', 'row', 'subject', 'recorder', `return {\n${body}\n};`) as MakeObject;
    makers.set(plan, make);
  }
  return make;
}
