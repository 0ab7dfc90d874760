// The generated attack (issue #17 item 5): read paths generated from the schema — every list and by-id
// root, relations to depth 3, aliases, inline and named fragments, filters, sorts and `q` on every
// argument — sampled deterministically from a seed, and the answer checked against the policy.
import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType,
  type GraphQLField, type GraphQLInputObjectType, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql';

/** One read path: a root field and the relations walked from its type (at most 3). */
export interface ReadPath { root: string; byId: boolean; type: string; steps: { field: string; type: string }[] }

export const MAX_RELATION_DEPTH = 3;

/** mulberry32: a small seeded generator, so a failing sample is replayed from its printed seed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    sample: <T>(xs: readonly T[], n: number): T[] => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [copy[i], copy[j]] = [copy[j], copy[i]]; }
      return copy.slice(0, n);
    },
  };
}
export type Random = ReturnType<typeof seededRandom>;

const requiredArgs = (f: GraphQLField<unknown, unknown>) => f.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** Leaf fields (scalars, enums and lists of them) a selection can name without arguments. */
export function leavesOf(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields()).filter((f) => !requiredArgs(f).length && !isObjectType(getNamedType(f.type))).map((f) => f.name);
}

/** Relation fields (returning an object type or a list of them) reachable without required arguments. */
export function relationsOf(type: GraphQLObjectType): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()).filter((f) => !requiredArgs(f).length && isObjectType(getNamedType(f.type)));
}

const isListRoot = (f: GraphQLField<unknown, unknown>) => isListType(getNullableType(f.type)) && f.args.some((a) => a.name === 'filter');
const isByIdRoot = (f: GraphQLField<unknown, unknown>) => requiredArgs(f).length === 1 && requiredArgs(f)[0].name === 'id' && f.args.length === 1;

/** Every read path of the schema: each list or by-id root returning an object type, and each relation chain below it. */
export function readPaths(schema: GraphQLSchema, types: (name: string) => boolean = () => true): ReadPath[] {
  const out: ReadPath[] = [];
  for (const root of Object.values(schema.getQueryType()!.getFields())) {
    const type = getNamedType(root.type);
    if (!isObjectType(type) || !(isListRoot(root) || isByIdRoot(root))) continue;
    const walk = (t: GraphQLObjectType, steps: ReadPath['steps']) => {
      if (steps.length && types(t.name)) out.push({ root: root.name, byId: isByIdRoot(root), type: type.name, steps });
      if (steps.length === MAX_RELATION_DEPTH) return;
      for (const rel of relationsOf(t)) walk(getNamedType(rel.type) as GraphQLObjectType, [...steps, { field: rel.name, type: getNamedType(rel.type).name }]);
    };
    if (types(type.name)) out.push({ root: root.name, byId: isByIdRoot(root), type: type.name, steps: [] });
    walk(type, []);
  }
  return out;
}

/** Values the filters and `q` are tried with: fragments of stored personal data and ids, so filters hit rows. */
export interface ArgumentPool { strings: string[]; ids: number[] }

function literalFor(schema: GraphQLSchema, name: string, inputType: unknown, pool: ArgumentPool, rnd: Random): string | null {
  const t = getNullableType(inputType as any) as any;
  if (isListType(t)) {
    const one = literalFor(schema, name, t.ofType, pool, rnd);
    return one === null ? null : `[${[one, literalFor(schema, name, t.ofType, pool, rnd) ?? one].join(', ')}]`;
  }
  if (isEnumType(t)) return rnd.pick(t.getValues()).name;
  if (!isScalarType(t)) return null;
  switch (t.name) {
    case 'ID': return JSON.stringify(String(rnd.pick(pool.ids)));
    case 'Boolean': return String(rnd.chance(0.5));
    case 'Int': return String(rnd.pick([0, 1, 2, 20, 100]));
    case 'Float': return String(rnd.pick([0, 1.5, 100]));
    case 'String': return JSON.stringify(rnd.pick(pool.strings));
    default: return null; // dates and other custom scalars: left out rather than guessed wrong
  }
}

/** `filter: { … }` with one or two of the filter's fields, `q` half the time when it has one. */
export function filterLiteral(schema: GraphQLSchema, filter: GraphQLInputObjectType, pool: ArgumentPool, rnd: Random): string {
  const fields = Object.values(filter.getFields());
  const chosen = rnd.sample(fields, rnd.pick([1, 1, 2]));
  const q = fields.find((f) => f.name === 'q');
  if (q && rnd.chance(0.5) && !chosen.includes(q)) chosen[0] = q;
  const parts = chosen.flatMap((f) => {
    const v = literalFor(schema, f.name, f.type, pool, rnd);
    return v === null ? [] : [`${f.name}: ${v}`];
  });
  return `{ ${parts.join(', ')} }`;
}

/** The arguments of a list root: a filter (sometimes), a sort on any leaf (sometimes), a page. */
export function listArguments(schema: GraphQLSchema, root: GraphQLField<unknown, unknown>, pool: ArgumentPool, rnd: Random): { args: string; filter: string | null } {
  const filterArg = root.args.find((a) => a.name === 'filter');
  const filterType = filterArg && getNullableType(filterArg.type);
  const filter = filterType && isInputObjectType(filterType) && rnd.chance(0.6) ? filterLiteral(schema, filterType, pool, rnd) : null;
  const parts = filter ? [`filter: ${filter}`] : [];
  if (rnd.chance(0.5)) {
    const type = getNamedType(root.type) as GraphQLObjectType;
    parts.push(`sortField: ${JSON.stringify(rnd.pick(leavesOf(type)))}`, `sortOrder: ${JSON.stringify(rnd.pick(['ASC', 'DESC']))}`);
  }
  parts.push(`perPage: ${rnd.pick([1, 5, 25, 100])}`);
  if (rnd.chance(0.3)) parts.push(`page: ${rnd.pick([0, 1])}`);
  return { args: `(${parts.join(', ')})`, filter };
}

/**
 * The selection of one level: `__typename`, every leaf, and the next relation. Half the time the leaves
 * are asked again under aliases, in an inline fragment or in a named fragment (collected in `fragments`).
 */
function levelSelection(type: GraphQLObjectType, inner: string, rnd: Random, fragments: string[]): string {
  const leaves = leavesOf(type);
  const parts = ['__typename', ...leaves];
  if (rnd.chance(0.25)) parts.push(...leaves.map((l) => `a${fragments.length}_${l}: ${l}`));
  if (rnd.chance(0.25)) parts.push(`... on ${type.name} { ${leaves.join(' ')} }`);
  if (rnd.chance(0.2)) {
    const name = `F${fragments.length}${type.name}`;
    fragments.push(`fragment ${name} on ${type.name} { __typename ${leaves.join(' ')} }`);
    parts.push(`...${name}`);
  }
  if (inner) parts.push(inner);
  return parts.join(' ');
}

/** One query for a path, with generated arguments; `filter` is the list filter used (for the count check). */
export function queryFor(schema: GraphQLSchema, path: ReadPath, pool: ArgumentPool, rnd: Random, byIdPool: (type: string) => number[]) {
  const rootField = schema.getQueryType()!.getFields()[path.root];
  const rootType = getNamedType(rootField.type) as GraphQLObjectType;
  const fragments: string[] = [];
  const types = [rootType, ...path.steps.map((s) => schema.getType(s.type) as GraphQLObjectType)];
  let inner = '';
  for (let i = types.length - 1; i >= 0; i--) {
    const selection = levelSelection(types[i], inner, rnd, fragments);
    inner = i === 0 ? selection : `${path.steps[i - 1].field} { ${selection} }`;
  }
  const listArgs = path.byId ? null : listArguments(schema, rootField, pool, rnd);
  const args = path.byId ? `(id: ${JSON.stringify(String(rnd.pick(byIdPool(rootType.name))))})` : listArgs!.args;
  return { query: `{ r: ${path.root}${args} { ${inner} } }\n${fragments.join('\n')}`, filter: listArgs?.filter ?? null };
}

/** Each object in an answer with the object it hangs from (a ShipTo's customer is its order's). */
export interface Served { type: string; value: Record<string, any>; parent: Served | null; path: string }

export function servedObjects(data: unknown, path = 'r', parent: Served | null = null, out: Served[] = []): Served[] {
  if (Array.isArray(data)) { data.forEach((x, i) => servedObjects(x, `${path}[${i}]`, parent, out)); return out; }
  if (!data || typeof data !== 'object') return out;
  const value = data as Record<string, any>;
  const me: Served | null = typeof value.__typename === 'string' ? { type: value.__typename, value, parent, path } : parent;
  if (me && me !== parent) out.push(me);
  for (const [k, v] of Object.entries(value)) if (v && typeof v === 'object') servedObjects(v, `${path}.${k}`, me, out);
  return out;
}

/** The field an answer key holds: `a3_name` (an alias the generator made) is `name`. */
export const fieldOfKey = (key: string) => key.replace(/^a\d+_/, '');
