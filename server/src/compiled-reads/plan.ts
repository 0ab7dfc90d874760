import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type GraphQLField, type GraphQLLeafType, type GraphQLSchema,
  type OperationDefinitionNode, getArgumentValues, getNamedType, getNullableType, isLeafType, isListType, isNonNullType, isObjectType, Kind, parse, specifiedRules, validate,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { classifyField, PERSONAL_TYPES } from '../../../schema/policy';
import { type Projector, projectorFor } from '../policy/projector';
import { type ReaderDeps, readerOf, SOURCES, type StoredRecord } from '../policy/projection-sources';
import { badLiteral } from '../security/input-hygiene';
import { QUERY_LIMITS, queryLimitRules } from '../security/query-limits';
import { LruCache } from '../common/lru';
import { RecordReads } from './record-reads';
import { ALIAS, EMBEDDED, type Key, MAPPED, RELATIONS, type RelationSource, ROOTS, type RootSource, type Row } from './sources';

export type { Row } from './sources';

/**
 * A read the compiled path can answer without graphql-js resolving field by field: one root of ROOTS (a list
 * or a by-id read of a personal type) whose selection, at every level, is column fields, fields the projection
 * sources compute, `maskedFields`, `__typename`, embedded blocks (EMBEDDED) and relations of RELATIONS. Anything
 * else (another root, fragments, directives, a field its resolver computes) compiles to null and goes through
 * graphql-js unchanged, counted as unplanned. The answer must be graphql-js's, byte for byte, and the trail
 * entries too: test/executors-agree.test.ts generates requests from the schema and compares both paths.
 */
export interface ReadPlan {
  operation: OperationDefinitionNode;
  operationName: string | null;
  root: { key: string; node: FieldNode; def: GraphQLField<unknown, unknown>; source: RootSource };
  object: ObjectPlan;
}

export interface ObjectPlan {
  typeName: string;
  /** Column expressions to select (`o.placed_at`, or a read of a many-to-one's property), each once. */
  columns: string[];
  /** The joins those columns read from (`left join lateral … on true`: a many-to-one's record, at most one row each). */
  joins: string[];
  /**
   * Columns only personal fields read, with those fields: a policy key under which none of them is ever read
   * (hidden, or undecidable, whatever the row) leaves the column out of its statement (build-rows.ts).
   */
  personalColumns: ReadonlyMap<string, readonly string[]>;
  fields: FieldPlan[];
  /** The record the projector reads (policy/projection-sources.ts), built from a row: the properties the fields and the subject need. */
  record: (row: Row) => StoredRecord;
  /** The selected personal fields, in selection order: what the projector decides and serves. */
  personal: string[];
  projector: Projector;
}

export type FieldPlan =
  | { kind: 'typename'; key: string }
  | { kind: 'leaf'; key: string; name: string; value: (record: StoredRecord, deps?: ReaderDeps) => unknown; type: GraphQLLeafType; nonNull: boolean; personal: boolean;
      /** A list of leaves (`[String!]!`): each item serialized, `itemNonNull` as the schema says. */
      list: boolean; itemNonNull: boolean }
  | { kind: 'maskedFields'; key: string }
  | { kind: 'relation'; key: string; name: string; node: FieldNode; def: GraphQLField<unknown, unknown>; source: RelationSource;
      parentKey: (row: Row) => Key | null; pickKey: ((row: Row) => Key | null) | null; plan: ObjectPlan }
  | { kind: 'embedded'; key: string; plan: ObjectPlan };

/** Fields a type-graphql field resolver computes, by type: planned only when the projection sources declare them. */
let computed: Map<string, Set<string>> | null = null;
function computedFields(typeName: string): Set<string> {
  if (!computed) {
    computed = new Map();
    for (const r of getMetadataStorage().fieldResolvers) {
      const type = (r.getObjectType?.() as { name?: string } | undefined)?.name;
      if (!type) continue;
      let names = computed.get(type);
      if (!names) computed.set(type, (names = new Set()));
      names.add(r.schemaName);
    }
  }
  return computed.get(typeName) ?? new Set();
}

export class PlanCompiler {
  /**
   * Plans by operation name and query text: the 1,000 used last, and texts of 2M characters at most in all
   * (a body may be 256 kB: a count alone would let a few hundred large texts hold hundreds of megabytes).
   */
  private readonly cache = new LruCache<string, ReadPlan | null>('compiled_read_plans', { max: 1_000, weigh: (_, key) => key.length, maxWeight: 2_000_000 });

  private readonly records: RecordReads;

  constructor(private readonly schema: GraphQLSchema, orm: MikroORM) {
    this.records = new RecordReads(orm);
  }

  /** The plan for this query text and operation name, compiled once (null: not for the compiled path). */
  planFor(query: string, operationName: string | undefined): ReadPlan | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let plan: ReadPlan | null;
    try {
      plan = this.compile(query, operationName);
    } catch {
      plan = null; // a shape this compiler cannot read is graphql-js's to answer (counted as unplanned by the caller)
    }
    this.cache.set(key, plan);
    return plan;
  }

  private compile(query: string, operationName: string | undefined): ReadPlan | null {
    const document = parse(query, { maxTokens: QUERY_LIMITS.maxTokens });
    if (validate(this.schema, document, [...specifiedRules, ...queryLimitRules()]).length) return null;
    if (badLiteral(document) !== null) return null;
    const operation = singleQuery(document, operationName);
    if (!operation || operation.directives?.length) return null;
    const [root, ...others] = operation.selectionSet.selections;
    if (others.length || root.kind !== Kind.FIELD || root.directives?.length || !root.selectionSet) return null;
    const source = Object.prototype.hasOwnProperty.call(ROOTS, root.name.value) ? ROOTS[root.name.value] : undefined;
    if (!source) return null;
    const def = this.schema.getQueryType()!.getFields()[root.name.value];
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const object = this.objectPlan(source.typeName, root, fragments);
    if (!object) return null;
    return {
      operation, operationName: operation.name?.value ?? null, root: { key: root.alias?.value ?? root.name.value, node: root, def, source }, object,
    };
  }

  private objectPlan(typeName: string, node: FieldNode, fragments: Fragments, extraColumns: readonly string[] = []): ObjectPlan | null {
    const type = this.schema.getType(typeName);
    if (!isObjectType(type) || !(typeName in ALIAS)) return null;
    const gqlFields = type.getFields();
    // A type the policy has not classified field by field is denied by the shield: graphql-js answers it.
    if (Object.keys(gqlFields).some((f) => classifyField(typeName, f) === undefined)) return null;
    const alias = ALIAS[typeName];
    const embedded = typeName === 'ShipTo';
    const columns = new Set<string>(embedded ? [] : [`${alias}.id`, ...extraColumns.map((c) => `${alias}.${c}`)]);
    const joins = new Set<string>();
    // The properties the projector reads for the subject (names a free-text mask redacts) and the fields holding sensitive text.
    const props = new Set<string>(embedded ? (SOURCES[typeName]?.needs ?? []).filter((p) => p !== 'subjectId') : ['id', ...(SOURCES[typeName]?.needs ?? [])]);
    // The properties only personal leaves read, with those leaves (any other reader: `others`).
    const others = new Set<string>(props);
    const personalNeeds = new Map<string, Set<string>>();
    const personal: string[] = [];
    const fields: FieldPlan[] = [];
    const keys = new Set<string>();
    const selected = fieldsOf(node.selectionSet, typeName, fragments);
    if (!selected) return null;
    for (const sel of selected) {
      const name = sel.name.value;
      const key = sel.alias?.value ?? name;
      if (keys.has(key)) return null; // merged duplicates: leave them to graphql-js
      keys.add(key);
      if (name === '__typename') { fields.push({ kind: 'typename', key }); continue; }
      const field = gqlFields[name];
      if (!field) return null;
      if (name === 'maskedFields') { fields.push({ kind: 'maskedFields', key }); continue; }
      const relation = RELATIONS[`${typeName}.${name}`];
      if (relation && !embedded) {
        if (sel.arguments?.some((a) => !relation.args.includes(a.name.value))) return null;
        // Arguments written out that its resolver refuses: graphql-js answers them (given in variables: checked before any statement).
        if (relation.accepts && !sel.arguments?.some((a) => a.value.kind === Kind.VARIABLE) && !relation.accepts(getArgumentValues(field, sel, {}))) return null;
        const plan = this.objectPlan(relation.target, sel, fragments, relation.pick ? [relation.childColumn, relation.pick.childColumn] : [relation.childColumn]);
        const parentKey = this.keyOf(typeName, relation.parentProperty, alias);
        const pickKey = relation.pick ? this.keyOf(typeName, relation.pick.parentProperty, alias) : null;
        if (!plan || !parentKey || (relation.pick && !pickKey)) return null;
        props.add(relation.parentProperty);
        others.add(relation.parentProperty);
        if (relation.pick) { props.add(relation.pick.parentProperty); others.add(relation.pick.parentProperty); }
        fields.push({ kind: 'relation', key, name, node: sel, def: field, source: relation, parentKey, pickKey, plan });
        continue;
      }
      const block = EMBEDDED[`${typeName}.${name}`];
      if (block) {
        const plan = this.objectPlan(block.type, sel, fragments);
        if (!plan) return null;
        plan.columns.forEach((c) => columns.add(c));
        plan.joins.forEach((j) => joins.add(j));
        props.add('customer');
        others.add('customer');
        fields.push({ kind: 'embedded', key, plan });
        continue;
      }
      if (sel.arguments?.length || sel.selectionSet) return null;
      const leaf = this.leafPlan(typeName, field, key);
      if (!leaf) return null;
      const personalLeaf = leaf.plan.kind === 'leaf' && leaf.plan.personal;
      for (const p of leaf.needs) {
        props.add(p);
        if (!personalLeaf) others.add(p);
        else personalNeeds.set(p, new Set(personalNeeds.get(p)).add(name));
      }
      if (personalLeaf && !personal.includes(name)) personal.push(name);
      fields.push(leaf.plan);
    }
    const record = this.records.recordOf(typeName, props);
    if (!record) return null;
    // A many-to-one whose record another property is read into (`customer.name`) is read for that one too.
    for (const p of props) if (p.includes('.')) others.add(p.slice(0, p.indexOf('.'))).add(p);
    const needed = new Set(columns);
    for (const [p, select] of record.selects) if (others.has(p)) needed.add(select);
    const personalColumns = new Map<string, string[]>();
    for (const [p, select] of record.selects) {
      const by = personalNeeds.get(p);
      if (by?.size && !needed.has(select)) personalColumns.set(select, [...(personalColumns.get(select) ?? []), ...by]);
    }
    record.columns.forEach((c) => columns.add(c));
    record.joins.forEach((j) => joins.add(j));
    return { typeName, columns: [...columns], joins: [...joins], personalColumns, fields, record: record.build, personal, projector: projectorFor(this.schema) };
  }

  /** How a relation's key is read from a parent row: its id, a many-to-one's id, or a column's value; null for anything else. */
  private keyOf(typeName: string, property: string, alias: string): ((row: Row) => Key | null) | null {
    if (property === 'id') return (row) => Number(row.id);
    const mapped = MAPPED[typeName];
    // A type its service maps from the whole row (an access event): the key is the mapped record's property.
    if (mapped) return (row) => (mapped(row)[property] as Key | null | undefined) ?? null;
    const column = this.records.propertyColumn(typeName, property, alias);
    if (!column) return null;
    return (row) => {
      const v = column.read(row) as { id: number } | Key | null | undefined;
      return v == null ? null : typeof v === 'object' ? v.id : v;
    };
  }

  /** A leaf field read through the projector's reader (policy/projection-sources.ts): the properties it needs. */
  private leafPlan(typeName: string, field: GraphQLField<unknown, unknown>, key: string): { needs: readonly string[]; plan: FieldPlan } | null {
    const named = getNamedType(field.type);
    if (!isLeafType(named) || isObjectType(named)) return null;
    const derived = Object.prototype.hasOwnProperty.call(SOURCES[typeName]?.derived ?? {}, field.name);
    // A field its resolver computes and the sources do not declare: not for this path.
    if (!derived && computedFields(typeName).has(field.name)) return null;
    const reader = readerOf(typeName, field.name);
    const personal = !!PERSONAL_TYPES[typeName]?.[field.name];
    const nullable = getNullableType(field.type);
    const list = isListType(nullable);
    // A list of lists is not planned (no such field today).
    if (list && !isLeafType(isNonNullType(nullable.ofType) ? nullable.ofType.ofType : nullable.ofType)) return null;
    return {
      needs: reader.needs,
      plan: {
        kind: 'leaf', key, name: field.name, value: reader.read, type: named, nonNull: isNonNullType(field.type), personal,
        list, itemNonNull: list && isNonNullType(nullable.ofType),
      },
    };
  }
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/**
 * The fields a selection set asks of `typeName`, as graphql-js collects them: in order, with inline fragments
 * and named fragments on the type itself expanded in place (a named fragment spread a second time adds nothing).
 * Null for anything else (a directive, a fragment on another or an abstract type): not planned.
 */
function fieldsOf(set: SelectionSetNode | undefined, typeName: string, fragments: Fragments, spread = new Set<string>()): FieldNode[] | null {
  const out: FieldNode[] = [];
  for (const sel of set?.selections ?? []) {
    if (sel.directives?.length) return null;
    if (sel.kind === Kind.FIELD) { out.push(sel); continue; }
    let inner: SelectionSetNode;
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (sel.typeCondition && sel.typeCondition.name.value !== typeName) return null;
      inner = sel.selectionSet;
    } else {
      if (spread.has(sel.name.value)) continue;
      spread.add(sel.name.value);
      const fragment = fragments.get(sel.name.value);
      if (!fragment || fragment.directives?.length || fragment.typeCondition.name.value !== typeName) return null;
      inner = fragment.selectionSet;
    }
    const fields = fieldsOf(inner, typeName, fragments, spread);
    if (!fields) return null;
    out.push(...fields);
  }
  return out;
}

function singleQuery(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | null {
  if (document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION)) return null;
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  return op && op.operation === 'query' ? op : null;
}
