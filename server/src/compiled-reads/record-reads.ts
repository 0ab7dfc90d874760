import type { MikroORM } from '@mikro-orm/postgresql';
import { SHIP_TO_RECORD, type StoredRecord } from '../policy/projection-sources';
import { ALIAS, MAPPED, type Row } from './sources';

/**
 * How one property of a record is read from a row: its column expression, the row's key for it, and its value as
 * MikroORM would hydrate it; `inline`, the same read as a JavaScript expression of `row` when it is that simple.
 */
export type PropertyColumn = { select: string; read: (row: Row) => unknown; inline?: string };

/** A many-to-one's record read with the row: its join, the columns selected from it, and each property's read from the row. */
type RelatedRecord = { join: string; columns: string[]; reads: [string, (row: Row) => unknown][] };

/** A record as a plan reads it: the columns and joins its properties need, the column of each property, and its builder. */
export interface RecordRead { columns: string[]; joins: string[]; selects: ReadonlyMap<string, string>; build: (row: Row) => StoredRecord }

/** How the records the projector reads are built from a statement's row, as MikroORM would hydrate them (entity metadata). */
export class RecordReads {
  constructor(private readonly orm: MikroORM) {}

  /**
   * Builds the record of `props` from a row, or null when a property has no column. A ship-to block is built
   * from its order's row, as Order.shipTo reads it; `relation.property` is read into the many-to-one's record.
   */
  recordOf(typeName: string, props: Set<string>): RecordRead | null {
    const alias = ALIAS[typeName];
    const mapped = MAPPED[typeName];
    if (mapped) return { columns: [`${alias}.*`], joins: [], selects: NO_SELECTS, build: mapped };
    if (typeName === 'ShipTo') {
      const { of, block, subjectId, subjectOf } = SHIP_TO_RECORD;
      const embedded: [string, PropertyColumn][] = [];
      for (const p of props) {
        const c = this.embeddedColumn(of, block, p, alias);
        if (!c) return null;
        embedded.push([p, c]);
      }
      const subject = this.propertyColumn(of, subjectOf, alias)!;
      // The record Order.shipTo reads (its block's properties, then its subject's id) in one literal, not a spread per row.
      const read = (row: Row) => (subject.read(row) as { id: number }).id;
      const id: PropertyColumn = { select: subject.select, read, inline: subject.inline && `(${subject.inline}).id` };
      return {
        columns: [...embedded.map(([, c]) => c.select), subject.select], joins: [],
        selects: NO_SELECTS,
        build: recordBuilder([...embedded, [subjectId, id]]),
      };
    }
    const read: [string, PropertyColumn][] = [];
    const nestedNames = new Map<string, string[]>();
    for (const p of props) {
      const dot = p.indexOf('.');
      if (dot > 0) {
        const [relation, property] = [p.slice(0, dot), p.slice(dot + 1)];
        let names = nestedNames.get(relation);
        if (!names) nestedNames.set(relation, (names = []));
        names.push(property);
        continue;
      }
      const c = this.propertyColumn(typeName, p, alias);
      if (!c) return null;
      read.push([p, c]);
    }
    const nested = new Map<string, RelatedRecord>();
    for (const [relation, names] of nestedNames) {
      const related = props.has(relation) ? this.relatedRecord(typeName, relation, names, alias) : null;
      if (!related) return null;
      nested.set(relation, related);
    }
    const withNested = read.map(([p, c]): [string, PropertyColumn] => {
      const inner = nested.get(p)?.reads;
      if (!inner) return [p, c];
      return [p, { select: c.select, read: (row) => {
        const ref = c.read(row) as StoredRecord | null;
        if (ref) for (const [q, readInner] of inner) ref[q] = readInner(row);
        return ref;
      } }];
    });
    return {
      columns: [...read.map(([, c]) => c.select), ...[...nested.values()].flatMap((r) => r.columns)],
      joins: [...nested.values()].map((r) => r.join),
      selects: new Map(read.map(([p, c]) => [p, c.select])),
      build: recordBuilder(withNested),
    };
  }

  private meta(entity: string) {
    return this.orm.getMetadata().find(entity);
  }

  /**
   * The column behind a property, read as MikroORM would hydrate it (a many-to-one as `{ id }`), or its formula's
   * expression (a lazy one too: its resolver asks it on its own); null for anything else.
   */
  propertyColumn(entity: string, name: string, alias: string): PropertyColumn | null {
    const meta = this.meta(entity);
    const prop = meta?.properties[name as never];
    if (prop?.formula && !prop.hidden && prop.fieldNames?.length === 1) {
      const as = `${alias}__${prop.fieldNames[0]}`;
      const table = { alias, name: meta!.tableName, qualifiedName: meta!.tableName, toString: () => alias };
      return { select: `${prop.formula(table, meta!.createColumnMappingObject())} as "${as}"`, read: (row) => row[as], inline: `row[${JSON.stringify(as)}]` };
    }
    return prop ? this.columnOf(prop, alias) : null;
  }

  /** A property of an embedded block (the order's ship-to). */
  private embeddedColumn(entity: string, block: string, name: string, alias: string): PropertyColumn | null {
    const prop = this.meta(entity)?.properties[block as never]?.embeddedProps?.[name];
    return prop ? this.columnOf(prop, alias) : null;
  }

  /**
   * Properties of the record a many-to-one points at, read with the row through one lateral join on its primary
   * key (at most one row: it adds columns, never rows). A correlated subquery per property probed the record once
   * per property and row (an interaction's customer's name and kana: two probes per interaction, docs/scaling-log.md).
   */
  private relatedRecord(entity: string, relation: string, names: readonly string[], alias: string): RelatedRecord | null {
    const rel = this.meta(entity)?.properties[relation as never];
    const target = rel?.kind === 'm:1' ? this.meta(rel.type) : undefined;
    if (!rel || !target || rel.fieldNames?.length !== 1 || target.primaryKeys.length !== 1) return null;
    const pk = target.properties[target.primaryKeys[0] as never]?.fieldNames?.[0];
    const props = names.map((n) => target.properties[n as never]);
    const inner = props.map((p) => (p && p.kind === 'scalar' && !p.formula ? this.columnOf(p, 'x') : null));
    if (!pk || inner.some((c) => !c)) return null;
    const join = `"${alias}__${relation}"`;
    // Named apart inside the join (`relation__property`), so that no unqualified name of the statement can mean them.
    const as = names.map((n) => `${relation}__${n}`);
    return {
      join: `left join lateral (select ${inner.map((c, i) => `${c!.select} as "${as[i]}"`).join(', ')} from "${target.tableName}" x`
        + ` where x.${pk} = ${alias}.${rel.fieldNames[0]}) ${join} on true`,
      columns: as.map((a) => `${join}."${a}"`),
      reads: names.map((n, i) => [n, (row: Row) => inner[i]!.read({ [props[i].fieldNames[0]]: row[as[i]] })]),
    };
  }

  private columnOf(prop: { fieldNames?: string[]; lazy?: boolean; hidden?: boolean; kind: string; runtimeType?: string; formula?: unknown }, alias: string)
    : PropertyColumn | null {
    if (!prop || prop.fieldNames?.length !== 1 || prop.lazy || prop.hidden || prop.formula) return null;
    const column = prop.fieldNames[0];
    const select = `${alias}.${column}`;
    const at = `row[${JSON.stringify(column)}]`;
    if (prop.kind === 'm:1') return { select, read: (r) => (r[column] == null ? null : { id: Number(r[column]) }), inline: `(${at} == null ? null : { id: Number(${at}) })` };
    if (prop.kind !== 'scalar') return null;
    const platform = this.orm.em.getPlatform();
    if (prop.runtimeType === 'Date') return { select, read: (r) => (r[column] == null ? r[column] : platform.parseDate(r[column] as string)) };
    return { select, read: (r) => r[column], inline: at };
  }
}

/** A record read from the whole row, or a ship-to block: no column of it is left out for a policy key. */
const NO_SELECTS: ReadonlyMap<string, string> = new Map();

/**
 * A record's builder with its properties written out (a read simple enough inline, any other through its
 * function): every record of a plan gets one shape, so the readers of projection-sources.ts read it monomorphically.
 */
function recordBuilder(properties: readonly [string, PropertyColumn][]): (row: Row) => StoredRecord {
  // A literal's `__proto__:` would set the prototype, not a property (no entity has such a property).
  if (properties.some(([p]) => p === '__proto__')) throw new Error('a property named __proto__');
  const body = properties.map(([p, c], i) => `${JSON.stringify(p)}: ${c.inline ?? `r${i}(row)`}`).join(',\n');
  const locals = properties.map(([, c], i) => (c.inline ? '' : `const r${i} = reads[${i}];`)).join('\n');
  return new Function('reads', `${locals}\nreturn function (row) {\nreturn {\n${body}\n};\n};`)(properties.map(([, c]) => c.read));
}
