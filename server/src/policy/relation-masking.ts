import {
  type GraphQLField, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema, defaultFieldResolver, getNamedType, getNullableType,
  GraphQLList, GraphQLNonNull, GraphQLString, isIntrospectionType, isObjectType,
} from 'graphql';
import { isResourceName, relationMayBeWithheld, type ResourceName } from '../../../schema/policy';
import type { RequestContext } from '../context';

/** A relation that some role × purpose reading its record may not follow: it answers null to them and is listed in maskedFields. */
export interface WithheldRelation {
  field: string;
  target: ResourceName;
}

const relationsBySchema = new WeakMap<GraphQLSchema, Map<string, WithheldRelation[]>>();

/**
 * The relations of `typeName` that may be withheld, derived from the schema (a field of a resource type whose
 * type is another resource) and the policy (relationMayBeWithheld), in the schema's field order. Only records
 * of resources are considered: they are reached only by requests that may read their resource, which is what
 * the policy answers for (LoginResult.staff, the caller's own account, is no resource record).
 */
export function withheldRelationsOf(schema: GraphQLSchema, typeName: string): WithheldRelation[] {
  let byType = relationsBySchema.get(schema);
  if (!byType) relationsBySchema.set(schema, (byType = new Map()));
  let relations = byType.get(typeName);
  if (!relations) {
    const type = schema.getType(typeName);
    relations = !isObjectType(type) || !isResourceName(typeName) ? [] : Object.values(type.getFields()).flatMap((f) => {
      const target = getNamedType(f.type).name;
      return isResourceName(target) && relationMayBeWithheld(typeName, target) ? [{ field: f.name, target }] : [];
    });
    byType.set(typeName, relations);
  }
  return relations;
}

/**
 * Whether this request may follow a relation to `target` records (its policy decisions, policy/decisions.ts).
 * Anything that cannot be evaluated answers false (fail closed: null and listed, never the records).
 */
export function mayFollow(ctx: RequestContext | undefined, target: ResourceName): boolean {
  return ctx?.policy.mayFollow(target) ?? false;
}

const resourceTypes = (schema: GraphQLSchema) => Object.values(schema.getTypeMap())
  .filter((t) => isObjectType(t) && !isIntrospectionType(t) && isResourceName(t.name)) as GraphQLObjectType[];

/**
 * On the bare schema (so the emitted SDL says it): every relation that may be withheld becomes nullable, and
 * its type gets a `maskedFields` field when it has none. Generated, so a new resource or relation needs no edit here.
 */
export function declareWithheldRelations(schema: GraphQLSchema): GraphQLSchema {
  for (const type of resourceTypes(schema)) {
    const relations = withheldRelationsOf(schema, type.name);
    if (!relations.length) continue;
    const fields = type.getFields();
    for (const r of relations) fields[r.field].type = getNullableType(fields[r.field].type);
    if (!fields.maskedFields) fields.maskedFields = maskedFieldsField();
  }
  return schema;
}

function maskedFieldsField(): GraphQLField<unknown, RequestContext> {
  return {
    name: 'maskedFields', description: 'Fields of this object masked or hidden for this request',
    type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))), args: [],
    resolve: () => { throw new Error('maskedFields is resolved by the policy layer'); },
    subscribe: undefined, deprecationReason: undefined, extensions: {}, astNode: undefined,
  };
}

/** Wraps each relation that may be withheld: null, without calling its resolver, when this request may not follow it. */
export function applyRelationMasking(schema: GraphQLSchema): GraphQLSchema {
  for (const type of resourceTypes(schema)) {
    const fields = type.getFields();
    for (const r of withheldRelationsOf(schema, type.name)) {
      const original: GraphQLFieldResolver<unknown, RequestContext> = fields[r.field].resolve ?? defaultFieldResolver;
      fields[r.field].resolve = (parent, args, ctx, info) => (mayFollow(ctx, r.target) ? original(parent, args, ctx, info) : null);
    }
  }
  return schema;
}
