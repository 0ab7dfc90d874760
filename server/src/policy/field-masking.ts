import { type GraphQLFieldResolver, type GraphQLSchema, defaultFieldResolver, getNamedType, isEnumType, isObjectType } from 'graphql';
import { CATEGORIES, decideAccess, PERSONAL_TYPES, type Access, type PersonalField } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { applyMask } from './masking';

/** How to find the data subject (customer id) and the names to redact in free text, per personal type. */
const SUBJECTS: Record<string, (parent: any) => { id: number | null; names?: string[] }> = {
  Customer: (c) => ({ id: c.id, names: [c.name, c.nameKana] }),
  Interaction: (i) => ({ id: i.customer?.id ?? null, names: [i.customer?.name, i.customer?.nameKana].filter(Boolean) }),
  ShipTo: (s) => ({ id: s.subjectId ?? null }),
  PrivacyRequest: (r) => ({ id: r.customer?.id ?? null }),
};

/** The access to one category for this request; fail closed on anything unexpected. */
export function accessFor(ctx: RequestContext | undefined, category: PersonalField['category']): Access {
  if (!ctx) return 'HIDDEN';
  if (ctx.deps.policyOff) return 'CLEAR';
  return decideAccess(ctx.actor?.role, ctx.purpose, category);
}

/**
 * Wraps every personal field of the schema (from schema/policy/fields.ts) with a synchronous
 * resolver that decides CLEAR / MASKED / HIDDEN, masks, and records the access — whatever path,
 * alias or fragment reached the object. `maskedFields` of each personal type lists what was not clear.
 */
export function applyFieldMasking(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(PERSONAL_TYPES)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`policy names type ${typeName}, absent from the schema`);
    const subjectOf = SUBJECTS[typeName];
    if (!subjectOf) throw new Error(`no subject resolver for personal type ${typeName}`);
    const gqlFields = type.getFields();
    for (const [fieldName, cls] of Object.entries(fields)) {
      const field = gqlFields[fieldName];
      if (!field) throw new Error(`policy names ${typeName}.${fieldName}, absent from the schema`);
      // An enum (gender) cannot carry a masked form such as ＊＊＊: masked, it answers null.
      const maskable = !isEnumType(getNamedType(field.type));
      if (cls) field.resolve = maskingResolver(`${typeName}.${fieldName}`, cls, subjectOf, field.resolve ?? defaultFieldResolver, maskable);
    }
    if (gqlFields.maskedFields) {
      const personal = Object.entries(fields).filter(([, c]) => c) as [string, PersonalField][];
      gqlFields.maskedFields.resolve = (_p, _a, ctx: RequestContext) =>
        personal.filter(([, c]) => accessFor(ctx, c.category) !== 'CLEAR').map(([f]) => f);
    }
  }
  return schema;
}

function maskingResolver(
  path: string, cls: PersonalField, subjectOf: (p: any) => { id: number | null; names?: string[] },
  original: GraphQLFieldResolver<any, RequestContext>, maskable: boolean,
): GraphQLFieldResolver<any, RequestContext> {
  const kind = cls.mask ?? CATEGORIES[cls.category].mask;
  return (parent, args, ctx, info) => {
    let access: Access;
    let subject: { id: number | null; names?: string[] };
    try {
      access = accessFor(ctx, cls.category);
      subject = subjectOf(parent);
    } catch {
      return null;
    }
    if (access === 'HIDDEN') {
      ctx.access.record(subject.id, path, false);
      return null;
    }
    const finish = (value: unknown) => {
      if (value == null && access === 'CLEAR') return null;
      if (access === 'CLEAR') {
        if (!ctx.deps.policyOff) ctx.access.record(subject.id, path, true);
        return value;
      }
      ctx.access.record(subject.id, path, false);
      return value == null || !maskable ? null : applyMask(kind, value, { names: subject.names });
    };
    const raw = original(parent, args, ctx, info);
    return raw instanceof Promise ? raw.then(finish, () => null) : finish(raw);
  };
}
