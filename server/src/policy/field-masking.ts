import { type GraphQLFieldResolver, type GraphQLSchema, defaultFieldResolver, getNamedType, isEnumType, isObjectType } from 'graphql';
import { CATEGORIES, effectiveCategory, type EffectiveCategory, PERSONAL_TYPES, type Access, type PersonalField } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { applyMask } from './masking';
import type { MaskingBudget } from './masking-budget';
import { applyRelationMasking, relationsWithheldFor, type WithheldRelation, withheldRelationsOf } from './relation-masking';

/** How to find the data subject (customer id) and the names to redact in free text, per personal type. */
const SUBJECTS: Record<string, (parent: any) => { id: number | null; names?: string[] }> = {
  Customer: (c) => ({ id: c.id, names: [c.name, c.nameKana] }),
  Interaction: (i) => ({ id: i.customer?.id ?? null, names: [i.customer?.name, i.customer?.nameKana].filter(Boolean) }),
  ShipTo: (s) => ({ id: s.subjectId ?? null }),
  PrivacyRequest: (r) => ({ id: r.customer?.id ?? null }),
  Consent: (k) => ({ id: k.customer?.id ?? null }),
};

/** The access to one category for this request (its policy decisions, policy/decisions.ts); HIDDEN when it cannot be decided. */
export function accessFor(ctx: RequestContext | undefined, category: EffectiveCategory): Access {
  return ctx?.policy.access(category) ?? 'HIDDEN';
}

/**
 * Wraps every personal field of the schema (from schema/policy/fields.ts) with a synchronous
 * resolver that decides CLEAR / MASKED / HIDDEN, masks, and records the access — whatever path,
 * alias or fragment reached the object; and every relation some request may not follow
 * (relation-masking.ts). `maskedFields` of each type lists what was not clear, relations included.
 */
export function applyFieldMasking(schema: GraphQLSchema): GraphQLSchema {
  applyRelationMasking(schema);
  for (const [typeName, fields] of Object.entries(PERSONAL_TYPES)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`policy names type ${typeName}, absent from the schema`);
    const subjectOf = SUBJECTS[typeName];
    if (!subjectOf) throw new Error(`no subject resolver for personal type ${typeName}`);
    const gqlFields = type.getFields();
    for (const [fieldName, cls] of Object.entries(fields)) {
      const field = gqlFields[fieldName];
      if (!field) throw new Error(`policy names ${typeName}.${fieldName}, absent from the schema`);
      // An enum (gender) cannot carry a masked form such as ＊＊＊: masked, it answers null (unless its mask keeps it as is).
      const maskable = (cls?.mask ?? (cls ? CATEGORIES[cls.category].mask : null)) === 'keep' || !isEnumType(getNamedType(field.type));
      if (cls) field.resolve = maskingResolver(`${typeName}.${fieldName}`, cls, subjectOf, field.resolve ?? defaultFieldResolver, maskable);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    const maskedFields = isObjectType(type) ? type.getFields().maskedFields : undefined;
    if (!maskedFields) continue;
    const relations = withheldRelationsOf(schema, type.name);
    maskedFields.resolve = (p, _a, ctx: RequestContext) => maskedFieldsOf(ctx, type.name, p?.sensitiveFields, relations);
  }
  return schema;
}

/** What the policy needs to serve one personal field: its trail path, class, mask kind, and whether a mask can be shown. */
export interface PersonalFieldPolicy {
  path: string;
  cls: PersonalField;
  kind: ReturnType<typeof maskKindOf>;
  maskable: boolean;
  /** The category it is decided under: its own, or joined with the sensitive one for a row holding sensitive text in it. */
  category: EffectiveCategory;
}

/** The policy of a field for one row, given the row's free-text fields that hold sensitive text (schema/policy/sensitive.ts). */
export function forRow(f: PersonalFieldPolicy, sensitiveFields: readonly string[] | null | undefined): PersonalFieldPolicy {
  const category = effectiveCategory(f.cls.category, !!sensitiveFields?.includes(f.path.slice(f.path.indexOf('.') + 1)));
  return category === f.category ? f : { ...f, category };
}

const maskKindOf = (cls: PersonalField) => cls.mask ?? CATEGORIES[cls.category].mask;

/** The policy of `typeName.fieldName` when it is a personal field of the schema (null for non-personal ones). */
export function personalFieldPolicy(schema: GraphQLSchema, typeName: string, fieldName: string): PersonalFieldPolicy | null {
  const cls = PERSONAL_TYPES[typeName]?.[fieldName];
  const type = schema.getType(typeName);
  if (!cls || !isObjectType(type)) return null;
  const field = type.getFields()[fieldName];
  const maskable = !!field && (maskKindOf(cls) === 'keep' || !isEnumType(getNamedType(field.type)));
  return { path: `${typeName}.${fieldName}`, cls, kind: maskKindOf(cls), maskable, category: cls.category };
}

/** The subject (customer id, names to redact) of an object of a personal type; fail closed when it cannot be told. */
export function subjectOfObject(typeName: string, parent: unknown): { id: number | null; names?: string[] } | null {
  try {
    return SUBJECTS[typeName](parent);
  } catch {
    return null;
  }
}

/**
 * The value one personal field is served with for this request — clear, masked or null — recorded in
 * the request's access recorder. `raw` is the stored value. The resolvers use this; the compiled read path
 * applies the same two rules (`recordedAs`, `servedUnder`) with the access decided once per role × purpose.
 */
export function servePersonalValue(ctx: RequestContext, f: PersonalFieldPolicy, subject: { id: number | null; names?: string[] }, raw: unknown): unknown {
  const access = accessOrNull(ctx, f.category);
  if (access === null) return null;
  const recorded = recordedAs(access, raw);
  if (recorded) ctx.access.record(subject.id, f.path, recorded === 'clear');
  return servedUnder(access, f, raw, subject.names, ctx.access.masking);
}

/** The access to one category, or null (serve nothing, record nothing) when it cannot be decided. */
export function accessOrNull(ctx: RequestContext, category: EffectiveCategory): Access | null {
  return ctx.policy.access(category);
}

/** How serving a field under `access` is recorded: clear, masked (hidden included), or not at all (a clear null). */
export function recordedAs(access: Access, raw: unknown): 'clear' | 'masked' | null {
  if (access !== 'CLEAR') return 'masked';
  return raw == null ? null : 'clear';
}

/**
 * The value a field is served with under `access`: as stored, masked, or null. `names` are redacted from free
 * text, within the request's masking `budget` (past it: null).
 */
export function servedUnder(access: Access, f: PersonalFieldPolicy, raw: unknown, names: string[] | undefined, budget: MaskingBudget): unknown {
  if (access === 'HIDDEN' || raw == null) return null;
  if (access === 'CLEAR') return raw;
  return f.maskable ? applyMask(f.kind, raw, { names, budget }) : null;
}

/**
 * `maskedFields` of an object: its personal fields not served clear (given its fields holding sensitive text),
 * then its `relations` this request may not follow. A field whose access cannot be decided is listed (fail closed).
 */
export function maskedFieldsOf(ctx: RequestContext, typeName: string, sensitiveFields?: readonly string[] | null,
  relations: readonly WithheldRelation[] = []): string[] {
  const personal = Object.entries(PERSONAL_TYPES[typeName] ?? {})
    .filter(([f, c]) => c && accessOrNull(ctx, effectiveCategory(c.category, !!sensitiveFields?.includes(f))) !== 'CLEAR').map(([f]) => f);
  return relations.length ? [...personal, ...relationsWithheldFor(ctx, relations)] : personal;
}

function maskingResolver(
  path: string, cls: PersonalField, subjectOf: (p: any) => { id: number | null; names?: string[] },
  original: GraphQLFieldResolver<any, RequestContext>, maskable: boolean,
): GraphQLFieldResolver<any, RequestContext> {
  const fieldPolicy: PersonalFieldPolicy = { path, cls, kind: maskKindOf(cls), maskable, category: cls.category };
  return (parent, args, ctx, info) => {
    let access: Access;
    let subject: { id: number | null; names?: string[] };
    let policy: PersonalFieldPolicy;
    try {
      policy = forRow(fieldPolicy, parent?.sensitiveFields);
      access = accessFor(ctx, policy.category);
      subject = subjectOf(parent);
    } catch {
      return null;
    }
    // HIDDEN never calls the original resolver (nothing is read that is not served).
    if (access === 'HIDDEN') return servePersonalValue(ctx, policy, subject, null);
    const finish = (value: unknown) => servePersonalValue(ctx, policy, subject, value);
    const raw = original(parent, args, ctx, info);
    return raw instanceof Promise ? raw.then(finish, () => null) : finish(raw);
  };
}
