import {
  type FragmentDefinitionNode, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema,
  type InlineFragmentNode, type SelectionNode, type SelectionSetNode, defaultFieldResolver, getDirectiveValues, getNamedType, GraphQLIncludeDirective,
  GraphQLSkipDirective, isAbstractType, isIntrospectionType, isObjectType, Kind, typeFromAST,
} from 'graphql';
import { type Access, type EffectiveCategory, PERSONAL_TYPES } from '../../../schema/policy';
import type { RequestContext } from '../context';
import type { PolicyDecisions } from './decisions';
import { type BoundProjection, type Projection, projectorFor, type Projector } from './projector';
import { applyRelationMasking } from './relation-masking';

export { forRow, personalFieldPolicy, type PersonalFieldPolicy, recordedAs, servedUnder } from './projector';

/** The access to one category for this request (its policy decisions, policy/decisions.ts); HIDDEN when it cannot be decided. */
export function accessFor(ctx: RequestContext | undefined, category: EffectiveCategory): Access {
  return ctx?.policy.access(category) ?? 'HIDDEN';
}

/** Where a projected object keeps its projection (projector.ts): own, so that nothing reaches it through a prototype. */
const PROJECTION = Symbol('projection');
type Projected = { [PROJECTION]?: Projection };

/** An object of a personal type reached without its projection: a bug, answered as an error (never a clear value). */
export class NotProjected extends Error {
  constructor(path: string) {
    super(`${path} was reached on an object that was not projected`);
  }
}

/**
 * Puts the projector (projector.ts) on every path to a personal record: every field of any type whose type is a
 * personal one (a list, a by-id read, a relation, a mutation's answer) returns its records projected for the
 * request's decisions and the selection made under that field. Each personal field then only reads the
 * projection of its object, and `maskedFields` with it; an object without one fails closed. Relations some
 * request may not follow are wrapped too (relation-masking.ts).
 */
export function applyFieldMasking(schema: GraphQLSchema): GraphQLSchema {
  applyRelationMasking(schema);
  const projector = projectorFor(schema);
  for (const [typeName, fields] of Object.entries(PERSONAL_TYPES)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`policy names type ${typeName}, absent from the schema`);
    const gqlFields = type.getFields();
    for (const [fieldName, cls] of Object.entries(fields)) {
      const field = gqlFields[fieldName];
      if (!field) throw new Error(`policy names ${typeName}.${fieldName}, absent from the schema`);
      if (cls) field.resolve = servedFromProjection(`${typeName}.${fieldName}`, fieldName);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const fields = type.getFields();
    if (fields.maskedFields) {
      const typeName = type.name;
      fields.maskedFields.resolve = PERSONAL_TYPES[typeName]
        ? (p: Projected | null) => projectionOf(p, `${typeName}.maskedFields`).maskedFields
        // No personal field: only the relations this request may not follow.
        : (p: { sensitiveFields?: string[] } | null, _a, ctx: RequestContext) => projector.maskedFieldsFor(ctx.policy, typeName, p?.sensitiveFields);
    }
    for (const field of Object.values(fields)) {
      const target = getNamedType(field.type);
      if (isObjectType(target) && PERSONAL_TYPES[target.name]) field.resolve = projecting(projector, target, field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}

function projectionOf(parent: Projected | null | undefined, path: string): Projection {
  const projection = parent?.[PROJECTION];
  if (!projection) throw new NotProjected(path);
  return projection;
}

/** A personal field: its value as projected for this object; an object without a projection fails closed. */
function servedFromProjection(path: string, fieldName: string): GraphQLFieldResolver<Projected, RequestContext> {
  return (parent) => {
    const { values } = projectionOf(parent, path);
    if (!Object.prototype.hasOwnProperty.call(values, fieldName)) throw new NotProjected(path);
    return values[fieldName];
  };
}

/** A field whose type is a personal type: its records projected for the selection made under it. */
function projecting(projector: Projector, type: GraphQLObjectType, original: GraphQLFieldResolver<unknown, RequestContext>)
  : GraphQLFieldResolver<unknown, RequestContext> {
  return (parent, args, ctx, info) => {
    const result = original(parent, args, ctx, info);
    const project = (value: unknown) => (value == null ? value : projectValue(selectionUnder(info, type).boundFor(projector, ctx.policy), value, ctx));
    return isPromiseLike(result) ? Promise.resolve(result).then(project) : project(result);
  };
}

/**
 * The request's projection of `value` (a record of `typeName`, a list of them, or null) for the selected `fields`:
 * what every field returning a personal type answers (applyFieldMasking), for resolvers of `schema`.
 */
export function project(schema: GraphQLSchema, ctx: RequestContext, typeName: string, value: unknown, fields: readonly string[]): unknown {
  return projectValue(projectorFor(schema).bind(ctx.policy, typeName, fields), value, ctx);
}

function projectValue(bound: BoundProjection, value: unknown, ctx: RequestContext): unknown {
  if (value == null) return value;
  if (Array.isArray(value)) return value.map((v) => projectValue(bound, v, ctx));
  if (typeof value !== 'object') return value;
  // The record stays reachable through the prototype for the type's other fields (ids, relations); the
  // projection is the object's own, and each personal field reads only it.
  const projected: Projected = Object.create(value);
  projected[PROJECTION] = bound.project(value, ctx.access);
  return projected;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return !!v && typeof (v as PromiseLike<unknown>).then === 'function';
}

/** The fields selected under one field of a query (with its variables), and their projection per request decisions. */
class Selection {
  private readonly bound = new WeakMap<PolicyDecisions, BoundProjection>();

  constructor(readonly typeName: string, readonly fields: readonly string[]) {}

  /** A relation's records are projected once per parent: the bound projection is kept here rather than looked up by a key each time. */
  boundFor(projector: Projector, decisions: PolicyDecisions): BoundProjection {
    let b = this.bound.get(decisions);
    if (!b) this.bound.set(decisions, (b = projector.bind(decisions, this.typeName, this.fields)));
    return b;
  }
}

/** The selection under a field, in selection order (fragments, aliases and @skip/@include resolved), per query and variables. */
const selections = new WeakMap<readonly object[], WeakMap<object, Selection>>();
const NO_VARIABLES = {};

function selectionUnder(info: GraphQLResolveInfo, type: GraphQLObjectType): Selection {
  let byVariables = selections.get(info.fieldNodes);
  if (!byVariables) selections.set(info.fieldNodes, (byVariables = new WeakMap()));
  // Without variables the selection is the query's alone: shared by every request of the same query.
  const variables = info.operation.variableDefinitions?.length ? info.variableValues : NO_VARIABLES;
  let selection = byVariables.get(variables);
  if (!selection) {
    const names = new Set<string>();
    // The executing schema's own type (the shield's middleware rebuilds the schema: the wrapped one's type is another object).
    const runtime = getNamedType(info.returnType);
    if (!isObjectType(runtime) || runtime.name !== type.name) throw new NotProjected(`${info.parentType.name}.${info.fieldName}`);
    for (const node of info.fieldNodes) if (node.selectionSet) collectNames(info, runtime, node.selectionSet, names, new Set());
    selection = new Selection(type.name, [...names]);
    byVariables.set(variables, selection);
  }
  return selection;
}

/**
 * The names of the fields a selection set asks of `type`, as graphql-js collects them (CollectFields in the
 * spec): fields in order, fragments whose type condition `type` meets, each named fragment once, and nothing
 * under `@skip(if: true)` or `@include(if: false)`.
 */
function collectNames(info: GraphQLResolveInfo, type: GraphQLObjectType, set: SelectionSetNode, names: Set<string>, visited: Set<string>): void {
  for (const s of set.selections) {
    if (!included(info, s)) continue;
    if (s.kind === Kind.FIELD) names.add(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (applies(info, type, s)) collectNames(info, type, s.selectionSet, names, visited);
    } else if (!visited.has(s.name.value)) {
      visited.add(s.name.value);
      const fragment: FragmentDefinitionNode | undefined = info.fragments[s.name.value];
      if (fragment && applies(info, type, fragment)) collectNames(info, type, fragment.selectionSet, names, visited);
    }
  }
}

function included(info: GraphQLResolveInfo, node: SelectionNode): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

function applies(info: GraphQLResolveInfo, type: GraphQLObjectType, fragment: InlineFragmentNode | FragmentDefinitionNode): boolean {
  if (!fragment.typeCondition) return true;
  const condition = typeFromAST(info.schema, fragment.typeCondition);
  if (condition === type) return true;
  return !!condition && isAbstractType(condition) && info.schema.isSubType(condition, type);
}
