import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type DocumentNode, type FieldNode, type GraphQLField, type GraphQLLeafType, type GraphQLObjectType, type GraphQLSchema,
  type OperationDefinitionNode, getNamedType, isLeafType, isNonNullType, isObjectType, Kind, parse, specifiedRules, validate,
} from 'graphql';
import { PERSONAL_TYPES } from '../../../schema/policy';
import { type Projector, projectorFor } from '../policy/projector';
import { readerOf, SOURCES, type StoredRecord } from '../policy/projection-sources';
import { CustomerResolver } from '../modules/customer/customer.resolver';
import { OrderResolver, ShipToResolver } from '../modules/order/order.resolver';
import { badLiteral } from '../security/input-hygiene';
import { QUERY_LIMITS, queryLimitRules } from '../security/query-limits';
import { LruCache } from '../common/lru';

/**
 * A read the compiled path can answer without graphql-js resolving field by field: `allCustomers`
 * with column fields of Customer and, optionally, `orders` with column fields of Order and `shipTo`.
 * Anything else (another root, fragments, directives, relations not listed here) compiles to null and
 * goes through Apollo unchanged. The answer must be the one Apollo would give: test/compiled-reads.test.ts
 * compares both paths, answers and trail entries, across roles and purposes.
 */
export interface ReadPlan {
  operation: OperationDefinitionNode;
  operationName: string | null;
  root: { key: string; node: FieldNode; def: GraphQLField<unknown, unknown> };
  customer: ObjectPlan;
}

export interface ObjectPlan {
  typeName: 'Customer' | 'Order' | 'ShipTo';
  /** Columns to select, alias-qualified (`c.name`), each once. */
  columns: string[];
  fields: FieldPlan[];
  /** The record the projector reads (policy/projection-sources.ts), built from a row: the properties the fields and the subject need. */
  record: (row: Row) => StoredRecord;
  /** The selected personal fields, in selection order: what the projector decides and serves. */
  personal: string[];
  projector: Projector;
}

export type FieldPlan =
  | { kind: 'typename'; key: string }
  | { kind: 'leaf'; key: string; name: string; value: (record: StoredRecord) => unknown; type: GraphQLLeafType; nonNull: boolean; personal: boolean }
  | { kind: 'maskedFields'; key: string }
  | { kind: 'orders'; key: string; node: FieldNode; def: GraphQLField<unknown, unknown>; plan: ObjectPlan }
  | { kind: 'shipTo'; key: string; plan: ObjectPlan };

export type Row = Record<string, unknown>;

/** How one property of a record is read from a row: its column and its value as MikroORM would hydrate it. */
type PropertyColumn = { column: string; read: (row: Row) => unknown };

const RESOLVER_CLASSES = { Customer: CustomerResolver, Order: OrderResolver, ShipTo: ShipToResolver };
const ALIAS = { Customer: 'c', Order: 'o', ShipTo: 'o' } as const;

export class PlanCompiler {
  /**
   * Plans by operation name and query text: the 1,000 used last, and texts of 2M characters at most in all
   * (a body may be 256 kB: a count alone would let a few hundred large texts hold hundreds of megabytes).
   */
  private readonly cache = new LruCache<string, ReadPlan | null>('compiled_read_plans', { max: 1_000, weigh: (_, key) => key.length, maxWeight: 2_000_000 });

  constructor(private readonly schema: GraphQLSchema, private readonly orm: MikroORM) {}

  /** The plan for this query text and operation name, compiled once (null: not for the compiled path). */
  planFor(query: string, operationName: string | undefined): ReadPlan | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let plan: ReadPlan | null;
    try {
      plan = this.compile(query, operationName);
    } catch {
      plan = null;
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
    if (others.length || root.kind !== Kind.FIELD || root.name.value !== 'allCustomers' || root.directives?.length || !root.selectionSet) return null;
    const def = this.schema.getQueryType()!.getFields().allCustomers;
    const customer = this.objectPlan('Customer', root);
    if (!customer) return null;
    return { operation, operationName: operation.name?.value ?? null, root: { key: root.alias?.value ?? 'allCustomers', node: root, def }, customer };
  }

  private objectPlan(typeName: ObjectPlan['typeName'], node: FieldNode): ObjectPlan | null {
    const type = this.schema.getType(typeName) as GraphQLObjectType;
    const gqlFields = type.getFields();
    const columns = new Set<string>([`${ALIAS[typeName]}.${typeName === 'ShipTo' ? 'customer_id' : 'id'}`]);
    // The properties the projector reads for the subject (names a free-text mask redacts) and the fields holding sensitive text.
    const props = new Set<string>(typeName === 'ShipTo' ? [] : ['id', ...(SOURCES[typeName]?.needs ?? [])]);
    const personal: string[] = [];
    const fields: FieldPlan[] = [];
    const keys = new Set<string>();
    for (const sel of node.selectionSet?.selections ?? []) {
      if (sel.kind !== Kind.FIELD || sel.directives?.length) return null;
      const name = sel.name.value;
      const key = sel.alias?.value ?? name;
      if (keys.has(key)) return null; // merged duplicates: leave them to graphql-js
      keys.add(key);
      if (name === '__typename') { fields.push({ kind: 'typename', key }); continue; }
      const field = gqlFields[name];
      if (!field) return null;
      if (name === 'maskedFields') { fields.push({ kind: 'maskedFields', key }); continue; }
      if (typeName === 'Customer' && name === 'orders') {
        const plan = this.objectPlan('Order', sel);
        if (!plan) return null;
        fields.push({ kind: 'orders', key, node: sel, def: field, plan });
        continue;
      }
      if (typeName === 'Order' && name === 'shipTo') {
        const plan = this.objectPlan('ShipTo', sel);
        if (!plan) return null;
        plan.columns.forEach((c) => columns.add(c));
        fields.push({ kind: 'shipTo', key, plan });
        continue;
      }
      if (sel.arguments?.length || sel.selectionSet) return null;
      const leaf = this.leafPlan(typeName, field, key);
      if (!leaf) return null;
      leaf.needs.forEach((p) => props.add(p));
      if (leaf.plan.kind === 'leaf' && leaf.plan.personal && !personal.includes(name)) personal.push(name);
      fields.push(leaf.plan);
    }
    const record = this.recordOf(typeName, props);
    if (!record) return null;
    record.columns.forEach((c) => columns.add(c));
    return { typeName, columns: [...columns], fields, record: record.build, personal, projector: projectorFor(this.schema) };
  }

  /** A leaf field read through the projector's reader (policy/projection-sources.ts): the properties it needs. */
  private leafPlan(typeName: ObjectPlan['typeName'], field: GraphQLField<unknown, unknown>, key: string)
    : { needs: readonly string[]; plan: FieldPlan } | null {
    const named = getNamedType(field.type);
    if (!isLeafType(named) || isObjectType(named)) return null;
    const derived = Object.prototype.hasOwnProperty.call(SOURCES[typeName]?.derived ?? {}, field.name);
    // A field its resolver computes and the sources do not declare: not for this path.
    if (!derived && Object.prototype.hasOwnProperty.call(RESOLVER_CLASSES[typeName].prototype, field.name)) return null;
    const reader = readerOf(typeName, field.name);
    const personal = !!PERSONAL_TYPES[typeName]?.[field.name];
    return {
      needs: reader.needs,
      plan: { kind: 'leaf', key, name: field.name, value: reader.read, type: named, nonNull: isNonNullType(field.type), personal },
    };
  }

  /** Builds the record of `props` from a row (a ShipTo's from its order's row, as Order.shipTo reads it), or null when a property has no column. */
  private recordOf(typeName: ObjectPlan['typeName'], props: Set<string>): { columns: string[]; build: (row: Row) => StoredRecord } | null {
    const alias = ALIAS[typeName];
    if (typeName === 'ShipTo') {
      const embedded: [string, PropertyColumn][] = [];
      for (const p of props) {
        const c = this.propertyColumn('Order', p, true);
        if (!c) return null;
        embedded.push([p, c]);
      }
      const shipTo = readerOf('Order', 'shipTo').read;
      return {
        columns: embedded.map(([, c]) => `${alias}.${c.column}`),
        build: (row) => {
          const block: StoredRecord = {};
          for (const [p, c] of embedded) block[p] = c.read(row);
          return shipTo({ customer: { id: Number(row.customer_id) }, shipTo: block }) as StoredRecord;
        },
      };
    }
    const read: [string, PropertyColumn][] = [];
    for (const p of props) {
      const c = this.propertyColumn(typeName, p, false);
      if (!c) return null;
      read.push([p, c]);
    }
    return {
      columns: read.map(([, c]) => `${alias}.${c.column}`),
      build: (row) => {
        const r: StoredRecord = {};
        for (const [p, c] of read) r[p] = c.read(row);
        return r;
      },
    };
  }

  /** The column behind a property (a ship-to block's own, with `embedded`), read as MikroORM would hydrate it; null for anything else. */
  private propertyColumn(entity: 'Customer' | 'Order', name: string, embedded: boolean): PropertyColumn | null {
    const meta = this.orm.getMetadata().find(entity);
    const prop = embedded ? meta?.properties['shipTo' as never]?.embeddedProps?.[name] : meta?.properties[name as never];
    if (!prop || prop.fieldNames?.length !== 1 || prop.lazy || prop.hidden) return null;
    const column = prop.fieldNames[0];
    if (prop.kind === 'm:1') return { column, read: (r) => (r[column] == null ? null : { id: Number(r[column]) }) };
    if (prop.kind !== 'scalar') return null;
    const platform = this.orm.em.getPlatform();
    const isDate = prop.runtimeType === 'Date';
    return { column, read: isDate ? (r) => (r[column] == null ? r[column] : platform.parseDate(r[column] as string)) : (r) => r[column] };
  }
}

function singleQuery(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | null {
  if (document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION)) return null;
  const ops = document.definitions as OperationDefinitionNode[];
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  return op && op.operation === 'query' ? op : null;
}
