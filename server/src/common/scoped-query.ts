import { resourceRule, type ResourceName } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { rowConditions, type SqlCondition } from '../policy/row-scope';
import { sqlText } from './sql-text';

/**
 * What a statement selects: a select list, or a select list with the joins its expressions read from
 * (`left join lateral (…) alias on true`, written right after the FROM table and before WHERE: they add
 * columns to each row, never rows, and never take part in the row scope).
 */
export type SelectList = string | { columns: string; joins: string };

/** The select list and the joins (with a leading space, or empty) of `select`. */
export function selectParts(select: SelectList): { columns: string; joins: string } {
  return typeof select === 'string' ? { columns: select, joins: '' } : { columns: select.columns, joins: select.joins ? sqlText` ${select.joins}` : '' };
}

/** `select` with one more column (after its own); its text the same string for the same parts (sql-text.ts). */
export function withColumn(select: SelectList, column: string): SelectList {
  return typeof select === 'string' ? sqlText`${select}, ${column}` : { columns: sqlText`${select.columns}, ${column}`, joins: select.joins };
}

/**
 * A read of one resource's rows: FROM the table its policy declares, WHERE its row conditions (row-scope.ts)
 * and only then the caller's own filters. Services build every list, by-id, count and relation read of a
 * customer-linked resource from one of these, so none can leave the row scope out.
 */
export class ScopedQuery {
  readonly from: string;
  private readonly parts: string[];
  private readonly params: unknown[];

  constructor(ctx: RequestContext, resource: ResourceName, readonly alias: string) {
    const table = resourceRule(resource)?.table;
    if (!table) throw new Error(`resource ${resource} declares no table`);
    this.from = `"${table}" ${alias}`;
    const scope = rowConditions(ctx, resource, alias);
    this.parts = [scope.sql];
    this.params = [...scope.params];
  }

  /** Adds a condition (ANDed after the row scope). */
  where(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }

  /** The whole WHERE condition, row scope first. */
  get condition(): SqlCondition {
    return { sql: this.parts.map((p) => `(${p})`).join(' and '), params: [...this.params] };
  }

  /** `select <columns> from <table> <joins> where <scope and filters> <tail>`; `tailParams` follow the condition's. */
  select(select: SelectList, tail = '', tailParams: readonly unknown[] = []): SqlCondition {
    const { sql, params } = this.condition;
    const { columns, joins } = selectParts(select);
    return { sql: sqlText`select ${columns} from ${this.from}${joins} where ${sql} ${tail}`, params: [...params, ...tailParams] };
  }

  /** `select count(*)::int as n …` over the same rows. */
  count(): SqlCondition {
    return this.select('count(*)::int as n');
  }
}
