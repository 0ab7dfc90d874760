// Requests generated from the schema for the executors' differential test (test/executors-agree.test.ts):
// the read paths of helpers/attack.ts (every list and by-id root, relations to depth 3), with a random
// part of each level's fields, aliases, inline and named fragments, optional relation arguments (a relation
// sometimes asked twice under aliases with different ones), filters, sorts and pages, and arguments moved
// into variables (some of them wrongly typed, on purpose).
import {
  getNamedType, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema, isNonNullType, isScalarType,
  getNullableType, isInputObjectType, Kind, parse, print, type OperationDefinitionNode, TypeInfo, valueFromASTUntyped, type VariableDefinitionNode,
  visit, visitWithTypeInfo, parseType, type ValueNode,
} from 'graphql';
import { type ArgumentPool, filterLiteral, leavesOf, type Random, type ReadPath } from './attack';

export interface GeneratedRequest {
  query: string;
  variables?: Record<string, unknown>;
  /** `Type.field` of every field the query names (for the coverage check). */
  fields: string[];
}

/**
 * The arguments of a list root: a filter half the time, a sort on a leaf one time in three (many leaves
 * cannot be sorted on: refused alike by both), a page size, sometimes a page.
 */
function listArguments(schema: GraphQLSchema, root: GraphQLField<unknown, unknown>, pool: ArgumentPool, rnd: Random): string {
  const filterArg = root.args.find((a) => a.name === 'filter');
  const filterType = filterArg && getNullableType(filterArg.type);
  const parts = filterType && isInputObjectType(filterType) && rnd.chance(0.5) ? [`filter: ${filterLiteral(schema, filterType, pool, rnd)}`] : [];
  if (rnd.chance(0.35)) {
    parts.push(`sortField: ${JSON.stringify(rnd.pick(leavesOf(getNamedType(root.type) as GraphQLObjectType)))}`);
    if (rnd.chance(0.7)) parts.push(`sortOrder: ${JSON.stringify(rnd.pick(['ASC', 'DESC']))}`);
  }
  if (rnd.chance(0.9)) parts.push(`perPage: ${rnd.chance(0.05) ? 1000 : rnd.pick([1, 5, 25, 100])}`); // 1000: over the limit
  if (rnd.chance(0.3)) parts.push(`page: ${rnd.pick([0, 1, 2])}`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

const optionalInts = (field: GraphQLField<unknown, unknown>) =>
  field.args.filter((a) => !isNonNullType(a.type) && isScalarType(getNullableType(a.type)) && getNullableType(a.type).name === 'Int');

/** Optional arguments of a relation (`orders(last: Int)`), sometimes given. */
function relationArguments(field: GraphQLField<unknown, unknown>, rnd: Random): string {
  const given = optionalInts(field).filter(() => rnd.chance(0.5));
  return given.length ? `(${given.map((a) => `${a.name}: ${rnd.pick([0, 1, 3, 20])}`).join(', ')})` : '';
}

/**
 * Sometimes (`chance`), a relation with optional arguments asked a second time under an alias: with arguments
 * of its own (`t1_accessHistory: accessHistory(last: 1) { … }` beside `accessHistory(last: 20)`), or the same.
 */
function aliasedTwin(field: GraphQLField<unknown, unknown>, args: string, type: GraphQLObjectType, depth: number, chance: number, rnd: Random,
  fragments: string[], fields: string[]): string {
  const ints = optionalInts(field);
  if (!ints.length || !rnd.chance(chance)) return '';
  const own = rnd.chance(0.3) ? args : `(${ints.map((a) => `${a.name}: ${rnd.pick([1, 3, 20])}`).join(', ')})`;
  return ` t${depth}_${field.name}: ${field.name}${own} { ${levelSelection(type, '', rnd, fragments, fields)} }`;
}

/** How often a relation (`Type.field`) is asked twice under aliases: a quarter of the time unless told. */
export type TwinChance = (relation: string) => number;

/**
 * One level's selection: all its leaves half the time, else a random part of them (at least one), with
 * `__typename` sometimes, some leaves under aliases, some in an inline or a named fragment, and `inner`
 * (the next relation of the path) placed among them.
 */
function levelSelection(type: GraphQLObjectType, inner: string, rnd: Random, fragments: string[], fields: string[]): string {
  const leaves = leavesOf(type);
  const chosen = rnd.chance(0.5) ? leaves : leaves.filter(() => rnd.chance(0.4));
  if (!chosen.length) chosen.push(rnd.pick(leaves));
  fields.push(...chosen.map((l) => `${type.name}.${l}`));
  const parts: string[] = [];
  const plain: string[] = [];
  for (const leaf of chosen) {
    const r = rnd.next();
    if (r < 0.15) parts.push(`k${fragments.length}_${leaf}: ${leaf}`);
    else plain.push(leaf);
  }
  if (rnd.chance(0.5)) plain.unshift('__typename');
  if (plain.length > 1 && rnd.chance(0.15)) {
    const moved = plain.splice(0, Math.ceil(plain.length / 2));
    parts.push(`... on ${type.name} { ${moved.join(' ')} }`);
  }
  if (plain.length > 1 && rnd.chance(0.15)) {
    const name = `F${fragments.length}${type.name}`;
    fragments.push(`fragment ${name} on ${type.name} { ${plain.splice(0, Math.ceil(plain.length / 2)).join(' ')} }`);
    parts.push(`...${name}`);
  }
  parts.push(...plain);
  if (inner) parts.splice(Math.floor(rnd.next() * (parts.length + 1)), 0, inner);
  return parts.join(' ');
}

/** A request for `path`: the selection of every level, the root's arguments, then some arguments as variables. */
export function generateRequest(schema: GraphQLSchema, path: ReadPath, pool: ArgumentPool, rnd: Random, byIdPool: (type: string) => number[],
  twinChance: TwinChance = () => 0.25): GeneratedRequest {
  const rootField = schema.getQueryType()!.getFields()[path.root];
  const rootType = getNamedType(rootField.type) as GraphQLObjectType;
  const types = [rootType, ...path.steps.map((s) => schema.getType(s.type) as GraphQLObjectType)];
  const fragments: string[] = [];
  const fields: string[] = [];
  let inner = '';
  for (let i = types.length - 1; i >= 0; i--) {
    const selection = levelSelection(types[i], inner, rnd, fragments, fields);
    if (i === 0) { inner = selection; break; }
    const relation = types[i - 1].getFields()[path.steps[i - 1].field];
    const args = relationArguments(relation, rnd);
    const twin = aliasedTwin(relation, args, types[i], i, twinChance(`${types[i - 1].name}.${relation.name}`), rnd, fragments, fields);
    inner = `${path.steps[i - 1].field}${args} { ${selection} }${twin}`;
  }
  const args = path.byId ? `(id: ${JSON.stringify(String(rnd.pick(byIdPool(rootType.name))))})` : listArguments(schema, rootField, pool, rnd);
  const key = rnd.chance(0.3) ? 'r' : path.root;
  const text = `{ ${key === path.root ? '' : `${key}: `}${path.root}${args} { ${inner} } }\n${fragments.join('\n')}`;
  return rnd.chance(0.4) ? { ...withVariables(schema, text, rnd), fields } : { query: text, fields };
}

/**
 * Moves some literal arguments into variables of the argument's own type (the value sent as JSON), named
 * or anonymous operation alike; one time in ten a variable's value is of the wrong type (both executors
 * must refuse it the same way), and sometimes a nullable one is left out.
 */
export function withVariables(schema: GraphQLSchema, query: string, rnd: Random): { query: string; variables: Record<string, unknown> } {
  const typeInfo = new TypeInfo(schema);
  const definitions: VariableDefinitionNode[] = [];
  const variables: Record<string, unknown> = {};
  const document = visit(parse(query), visitWithTypeInfo(typeInfo, {
    Argument(node) {
      const type = typeInfo.getInputType() as GraphQLInputType | null;
      if (!type || node.value.kind === Kind.VARIABLE || !rnd.chance(0.6)) return undefined;
      const name = `v${definitions.length}`;
      definitions.push({ kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }, type: parseType(String(type)) });
      const value = valueFromASTUntyped(node.value as ValueNode);
      if (rnd.chance(0.1)) variables[name] = typeof value === 'string' ? 12 : 'many';
      else if (!isNonNullType(type) && rnd.chance(0.1)) { /* left out: the argument takes its default */ } else variables[name] = value;
      return { ...node, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } };
    },
  }));
  const named = rnd.chance(0.5);
  const out = visit(document, {
    OperationDefinition(op: OperationDefinitionNode) {
      return { ...op, name: named ? { kind: Kind.NAME, value: 'Generated' } : op.name, variableDefinitions: definitions };
    },
  });
  return { query: print(out), variables };
}
