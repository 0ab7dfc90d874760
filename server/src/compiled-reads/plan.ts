import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type DocumentNode, type FieldNode, type GraphQLField, type GraphQLLeafType, type GraphQLObjectType, type GraphQLSchema,
  type OperationDefinitionNode, getNamedType, isLeafType, isNonNullType, isObjectType, Kind, parse, specifiedRules, validate,
} from 'graphql';
import { personalFieldPolicy, type PersonalFieldPolicy } from '../policy/field-masking';
import { type WithheldRelation, withheldRelationsOf } from '../policy/relation-masking';
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
}

export type FieldPlan =
  | { kind: 'typename'; key: string }
  | { kind: 'leaf'; key: string; value: (row: Row) => unknown; type: GraphQLLeafType; nonNull: boolean; personal: PersonalFieldPolicy | null }
  | { kind: 'maskedFields'; key: string; relations: WithheldRelation[] }
  | { kind: 'orders'; key: string; node: FieldNode; def: GraphQLField<unknown, unknown>; plan: ObjectPlan }
  | { kind: 'shipTo'; key: string; plan: ObjectPlan };

export type Row = Record<string, unknown>;

/** Fields computed by a type-graphql field resolver, mirrored here as functions of the row (same one-line logic). */
const DERIVED: Record<ObjectPlan['typeName'], Record<string, { columns: string[]; value: (row: Row) => unknown }>> = {
  Customer: {
    cardNumber: { columns: ['card_last4'], value: (r) => r.card_last4 ?? null },
    useStopped: { columns: ['status'], value: (r) => r.status === 'USE_STOPPED' },
    referrerId: { columns: ['referrer_id'], value: (r) => r.referrer_id ?? null },
  },
  Order: {
    customerId: { columns: ['customer_id'], value: (r) => r.customer_id },
    carrierId: { columns: ['carrier_id'], value: (r) => r.carrier_id ?? null },
  },
  ShipTo: {},
};

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
    // The names a free-text mask redacts, and which free-text fields hold sensitive text (policy/field-masking.ts forRow).
    if (typeName === 'Customer') ['c.name', 'c.name_kana', 'c.sensitive_fields'].forEach((c) => columns.add(c));
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
      if (name === 'maskedFields') { fields.push({ kind: 'maskedFields', key, relations: withheldRelationsOf(this.schema, typeName) }); continue; }
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
      leaf.columns.forEach((c) => columns.add(`${ALIAS[typeName]}.${c}`));
      fields.push(leaf.plan);
    }
    return { typeName, columns: [...columns], fields };
  }

  private leafPlan(typeName: ObjectPlan['typeName'], field: GraphQLField<unknown, unknown>, key: string)
    : { columns: string[]; plan: FieldPlan } | null {
    const named = getNamedType(field.type);
    if (!isLeafType(named) || isObjectType(named)) return null;
    const derived = DERIVED[typeName][field.name];
    const column = derived ? null : this.columnOf(typeName, field.name);
    if (!derived && !column) return null;
    const value = derived ? derived.value : column!.read;
    return {
      columns: derived ? derived.columns : [column!.name],
      plan: { kind: 'leaf', key, value, type: named, nonNull: isNonNullType(field.type), personal: personalFieldPolicy(this.schema, typeName, field.name) },
    };
  }

  /** The column behind a plain property (no field resolver of its own), read as MikroORM would hydrate it. */
  private columnOf(typeName: ObjectPlan['typeName'], fieldName: string): { name: string; read: (row: Row) => unknown } | null {
    if (Object.prototype.hasOwnProperty.call(RESOLVER_CLASSES[typeName].prototype, fieldName)) return null;
    const meta = this.orm.getMetadata().find(typeName === 'ShipTo' ? 'Order' : typeName);
    const prop = typeName === 'ShipTo' ? meta?.properties['shipTo' as never]?.embeddedProps?.[fieldName] : meta?.properties[fieldName as never];
    if (!prop || prop.kind !== 'scalar' || prop.fieldNames?.length !== 1 || prop.lazy || prop.hidden) return null;
    const name = prop.fieldNames[0];
    const platform = this.orm.em.getPlatform();
    const isDate = prop.runtimeType === 'Date';
    return { name, read: isDate ? (r) => (r[name] == null ? r[name] : platform.parseDate(r[name] as string)) : (r) => r[name] };
  }
}

function singleQuery(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | null {
  if (document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION)) return null;
  const ops = document.definitions as OperationDefinitionNode[];
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  return op && op.operation === 'query' ? op : null;
}
