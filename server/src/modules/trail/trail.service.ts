import { MAX_SUBJECTS_PER_RECORD } from '../../trail/access-entries';
import type { TrailKind } from '../../trail/trail-writer';
import { verifyTrail } from '../../trail/verify';
import { keyringFor, openSealedDetails } from '../../trail/subject-keys';
import { badInput } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { intArray, sqlIn } from '../../common/sql';
import type { RequestContext } from '../../context';
import { rowConditions } from '../../policy/row-scope';
import type { AccessEvent, ChangeEvent, SecurityEvent } from './trail.types';
import type { TrailFilter } from './trail.inputs';
import { emRunner, type Row } from '../../db/read-pool';

/** The entries `Customer.accessHistory(last)` lists per customer: 50 by default, 500 at most. */
export const accessHistoryPage = (last: number | null | undefined): number => Math.min(last ?? 50, 500);

const SORTS: Record<string, string> = { id: 't.id', at: 't.at', role: 't.role', purpose: 't.purpose', customerId: 't.customer_id' };

/** Reads the trail. Reading it is itself recorded (see `recordTrailRead`). */
export class TrailService {
  constructor(private readonly ctx: RequestContext) {}

  async list(kind: TrailKind, args: ListArgs, filter: TrailFilter = {}) {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'id'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const { sql, params } = where(this.ctx, kind, filter);
    const rows = await sqlIn(this.ctx.em)(
      `select * from trail_entry t where ${sql} order by ${column} ${args.sortField ? sortOrderOf(args) : 'desc'}, t.id desc limit ? offset ?`,
      [...params, limit, offset]);
    this.recordTrailRead(kind, rows.length, filter);
    // Values sealed with a customer's key (#20) read as they were stored; null once the customer is erased.
    const opened = kind === 'CHANGE' ? await openSealedDetails(this.ctx.em, keyringFor(this.ctx.deps.orm), rows) : rows;
    return opened.map(KIND_MAPPERS[kind]);
  }

  /**
   * `Customer.accessHistory` for a whole level in one statement: the newest `perPage` access entries about each
   * of these customers this request may see (as `list` with a customer filter reads them, newest first), as raw
   * rows of the `select`ed columns (alias `t`) with `wanted_id`, the customer. Each customer's read is recorded
   * as `list` records it (both executors call this: the same reads; the trail writes them in canonical order).
   */
  async accessRowsForCustomers(customerIds: readonly number[], perPage: number, select: string): Promise<Row[]> {
    if (!customerIds.length) return [];
    const { limit } = pageOf({ perPage });
    const { sql, params } = where(this.ctx, 'ACCESS', {});
    // The array test reaches the record table's GIN index; the equality keeps that customer's entries (as `where`).
    const newest = (bound = '') => `select * from trail_entry t where ${sql}
      and t.customer_ids @> array[wanted.id] and t.customer_id = wanted.id${bound} order by t.id desc limit ${limit}`;
    const run = this.ctx.readRunner ?? emRunner(this.ctx.em);
    const horizon = this.ctx.trailHorizon;
    let rows: Row[];
    if (!horizon) {
      rows = await run(`select ${select}, wanted.id as wanted_id from unnest(?::int[]) as wanted(id) cross join lateral (${newest()}) t`,
        [intArray(customerIds), ...params]);
    } else if (horizon.bounds) {
      // Shadow mode's second run: the trail as the compiled request's statement saw it (trail/trail-horizon.ts).
      rows = await run(`select ${select}, wanted.id as wanted_id from unnest(?::int[], ?::bigint[]) as wanted(id, horizon)
        cross join lateral (${newest(' and t.record_id <= wanted.horizon')}) t`,
      [intArray(customerIds), intArray(horizon.of(customerIds, perPage)), ...params]);
    } else {
      // Shadow mode's compiled request: the chain head in this statement's snapshot, on a row of its own (no wanted_id) when nothing is found.
      const read = await run(`select ${select}, wanted.id as wanted_id, h.last_id as trail_horizon from trail_head h
        left join (unnest(?::int[]) as wanted(id) cross join lateral (${newest()}) t) on true where h.singleton`,
      [intArray(customerIds), ...params]);
      horizon.saw(customerIds, perPage, read[0]?.trail_horizon ?? null);
      rows = read.filter((r) => r.wanted_id !== null);
    }
    const returned = new Map<number, number>();
    for (const r of rows) returned.set(Number(r.wanted_id), (returned.get(Number(r.wanted_id)) ?? 0) + 1);
    for (const id of customerIds) this.recordTrailRead('ACCESS', returned.get(id) ?? 0, { customerId: String(id) });
    return rows;
  }

  async count(kind: TrailKind, filter: TrailFilter = {}): Promise<number> {
    const { sql, params } = where(this.ctx, kind, filter);
    const [row] = await sqlIn(this.ctx.em)(`select count(*)::int as n from trail_entry t where ${sql}`, params);
    return row.n;
  }

  verify(from?: number | null, to?: number | null) {
    return verifyTrail(this.ctx.em, from ?? 1, to ?? undefined);
  }

  async head() {
    const [row] = await sqlIn(this.ctx.em)(
      `select h.last_id, h.last_hash, (select r.at from trail_record r where r.id <= h.last_id order by r.id desc limit 1) as at
       from trail_head h where h.singleton`);
    return { id: String(row.last_id), hash: row.last_hash, at: row.at ? new Date(row.at) : null };
  }

  /** Reading the trail is itself recorded: one access entry (no subject) per read, with the filter used. */
  private recordTrailRead(kind: TrailKind, returned: number, filter: TrailFilter) {
    this.ctx.trailReads.push({ kind, returned, filter: JSON.parse(JSON.stringify(filter)) });
  }
}

const RESOURCE_OF_KIND = { ACCESS: 'AccessEvent', CHANGE: 'ChangeEvent', SECURITY: 'SecurityEvent' } as const;

function where(ctx: RequestContext, kind: TrailKind, f: TrailFilter): { sql: string; params: unknown[] } {
  // The trail is a register (resources.ts): its row scope is all or nothing, whatever the customers it names.
  const scope = rowConditions(ctx, RESOURCE_OF_KIND[kind], 't');
  const parts = [scope.sql, 't.kind = ?'];
  const params: unknown[] = [...scope.params, kind];
  const add = (sql: string, ...p: unknown[]) => { parts.push(sql); params.push(...p); };
  if (f.ids) {
    const ids = f.ids.map((v) => idOf(v, 'filter.ids'));
    // Entry ids are computed by the view; the bound on the record id lets the primary key find the records.
    if (!ids.length) add('false');
    else add('t.id = any(?::bigint[]) and t.record_id <= ? and t.record_id > ?', intArray(ids), Math.max(...ids), Math.min(...ids) - MAX_SUBJECTS_PER_RECORD);
  }
  if (f.customerId) {
    const id = idOf(f.customerId, 'filter.customerId');
    // The array test reaches the record table's GIN index; the equality keeps that customer's entries.
    add('t.customer_ids @> array[?]::int[] and t.customer_id = ?', id, id);
  }
  if (f.staffId) add('t.staff_id = ?', idOf(f.staffId, 'filter.staffId'));
  if (f.role) add('t.role = ?', f.role);
  if (f.purpose) add('t.purpose = ?', f.purpose);
  if (f.operation) add('t.operation = ?', f.operation);
  if (f.event) add(`t.detail->>'event' = ?`, f.event);
  if (f.entity) add(`t.detail->>'entity' = ?`, f.entity);
  if (f.clearOnly) add(`cardinality(t.clear_fields) > 0`);
  if (f.at_gte) add('t.at >= ?', f.at_gte);
  if (f.at_lte) add('t.at <= ?', f.at_lte);
  return { sql: parts.join(' and '), params };
}

const base = (r: Record<string, any>) => ({
  id: String(r.id), at: new Date(r.at), staffId: r.staff_id, apiKeyId: r.api_key_id, role: r.role, purpose: r.purpose,
  operation: r.operation, requestId: r.request_id, clientAddress: r.client_address, hash: r.hash,
});

/** An access entry as served, from its trail_entry row (the compiled read path builds its records with it too). */
export const accessEventOf = (r: Row): AccessEvent =>
  ({ ...base(r), customerId: r.customer_id, queryHash: r.query_hash, clearFieldsRead: r.clear_fields, maskedFieldsRead: r.masked_fields, detail: r.detail });

const KIND_MAPPERS: Record<TrailKind, (r: Record<string, any>) => AccessEvent | ChangeEvent | SecurityEvent> = {
  ACCESS: accessEventOf,
  CHANGE: (r) => ({
    ...base(r), customerId: r.customer_id, entity: r.detail.entity, entityId: String(r.detail.entityId), action: r.detail.action,
    fields: r.detail.fields ?? [], reason: r.detail.reason ?? null, oldValues: r.detail.oldValues ?? null, newValues: r.detail.newValues ?? null,
  }),
  SECURITY: (r) => ({ ...base(r), event: r.detail.event, detail: r.detail }),
};
