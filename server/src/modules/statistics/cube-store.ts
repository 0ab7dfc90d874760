import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { STATISTICS_POLICY, type StatisticsPolicy } from '../../../../schema/policy/statistics';
import { settings } from '../../config';
import { readOnlyWork } from '../../db/read-route';
import { type CubeCell, type Suppressed, suppressBoth } from './suppression';
import { DIMENSIONS, type StatisticsDimension } from './statistics.types';
import { JST_TODAY, jstLocal } from '../../common/jst-sql';

const COLUMN: Record<StatisticsDimension, string> = { PREFECTURE: 'prefecture', AGE_BAND: 'age_band', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month' };
/** A customer has one prefecture, age band and gender, but buys many products in many months. */
const DISJOINT: Record<StatisticsDimension, boolean> = { PREFECTURE: true, AGE_BAND: true, GENDER: true, PRODUCT: false, MONTH: false };
/** Per dimension index (DIMENSIONS): whether its values split people into disjoint groups (suppression.ts). */
export const DISJOINT_BY_INDEX = DIMENSIONS.map((d) => DISJOINT[d]);

/**
 * One row per item of an order that was neither cancelled nor returned, or one row for a customer
 * without such orders; active customers only: use stopped or erased, a person is not counted (【11】).
 */
const FACTS = `
  select c.id as customer_id, c.prefecture, coalesce(c.gender::text, 'UNDISCLOSED') as gender,
    case when c.birth_date is null then 'UNKNOWN' else (
      case when a.years < 20 then 'UNDER_20' when a.years < 30 then 'AGE_20S' when a.years < 40 then 'AGE_30S' when a.years < 50 then 'AGE_40S'
           when a.years < 60 then 'AGE_50S' when a.years < 70 then 'AGE_60S' else 'AGE_70_PLUS' end) end as age_band,
    case when i.id is null then null else coalesce(p.sku, 'UNKNOWN') end as product,
    to_char(${jstLocal('o.placed_at')}, 'YYYY-MM') as month,
    o.id as order_id, i.quantity * i.unit_price_yen as revenue
  from customer c
  cross join lateral (select date_part('year', age(${JST_TODAY}, c.birth_date))::int as years) a
  left join "order" o on o.customer_id = c.id and o.status not in ('CANCELLED', 'RETURNED')
  left join order_item i on i.order_id = o.id
  left join product p on p.id = i.product_id
  where c.status = 'ACTIVE'`;

/** A change to the base (new orders, customers changed or stopped) changes this. */
const FINGERPRINT = `select (select count(*) from "order")::text || ':' || (select coalesce(max(id), 0) from "order")::text || ':' ||
  (select count(*) from customer where status = 'ACTIVE')::text || ':' || coalesce((select max(updated_at) from customer)::text, '') ||
  ':' || coalesce((select max(updated_at) from "order")::text, '') as v`;

/** A cube over the whole base may outlast the per-statement timeout meant for interactive queries. */
const CUBE_TIMEOUT_S = 300;
/** Suppressions kept per cube, for k larger than the policy's (least recently used dropped). */
const KEPT_SUPPRESSIONS = 8;

/** One build of the cube: its cells, when its data was read, and its suppressions by k and rules. */
export class CubeVersion {
  private readonly byK = new Map<string, Promise<Suppressed>>();

  constructor(readonly cells: CubeCell[], readonly asOf: Date, readonly fingerprint: string, private readonly base: Suppressed, private readonly queue: WorkQueue) {}

  /** How many suppressions (by k and rules, besides the seed's) are kept. */
  get keptSuppressions(): number {
    return this.byK.size;
  }

  /**
   * The cells suppressed at `k` (at least `rules.minGroupSize`) under the statistics rules of the request's
   * policy version: the rules' own k is worked out afresh (the seed's is made with the cube), and any larger
   * k starts from it and only adds, so that under one version what its k withholds is withheld at every k.
   * Worked out one at a time, in slices that leave the event loop free, and kept for the KEPT_SUPPRESSIONS last used.
   */
  suppressedAt(k: number, rules: StatisticsPolicy = STATISTICS_POLICY): Promise<Suppressed> {
    const policyK = rules.minGroupSize;
    const p = rules.dominancePercent;
    if (policyK === STATISTICS_POLICY.minGroupSize && p === STATISTICS_POLICY.dominancePercent && k === policyK) return Promise.resolve(this.base);
    const key = `${k}|${policyK}|${p}`;
    let found = this.byK.get(key);
    if (found) {
      this.byK.delete(key);
      this.byK.set(key, found);
      return found;
    }
    const from = k === policyK ? Promise.resolve(undefined) : this.suppressedAt(policyK, rules);
    found = from.then((base) => this.queue.run(() => suppressBoth(this.cells, k, DISJOINT_BY_INDEX, base, undefined, p)));
    found.catch(() => this.byK.delete(key));
    this.byK.set(key, found);
    if (this.byK.size > KEPT_SUPPRESSIONS) this.byK.delete(this.byK.keys().next().value!);
    return found;
  }
}

/** Runs one piece of work at a time (suppression is CPU work: many at once would only share the CPU). */
class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * The statistics cube of one database, built off the request path: the first query waits for the first
 * build; after that a timer checks every MAMORI_STATISTICS_REFRESH_MS whether the data changed and builds a
 * new cube in the background, which replaces the old one when complete. Queries read whichever is current.
 */
export class CubeStore {
  private current: CubeVersion | null = null;
  private building: Promise<CubeVersion> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly queue = new WorkQueue();
  /** Background refreshes that failed (the previous cube stays). */
  failedRefreshes = 0;

  constructor(private readonly orm: MikroORM) {}

  /** The current cube; the first call starts the first build (and the refreshes) and waits for it. */
  latest(): Promise<CubeVersion> {
    if (this.current) return Promise.resolve(this.current);
    return this.refresh();
  }

  /** Builds a new cube if the data changed since the current one (one build at a time). */
  refresh(): Promise<CubeVersion> {
    this.building ??= this.build().then((v) => {
      this.current = v;
      return v;
    }).finally(() => {
      this.building = null;
      this.schedule();
    });
    return this.building;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch(() => { this.failedRefreshes += 1; });
    }, settings().MAMORI_STATISTICS_REFRESH_MS);
    this.timer.unref();
  }

  /** Read on a streaming replica when one may take it (db/read-route.ts), else on the primary. */
  private build(): Promise<CubeVersion> {
    return readOnlyWork(this.orm, () => this.buildNow());
  }

  private async buildNow(): Promise<CubeVersion> {
    const em = this.orm.em.fork() as EntityManager;
    const [f] = await em.getConnection().execute(FINGERPRINT);
    const current = this.current;
    if (current && current.fingerprint === f.v) return current;
    const asOf = new Date();
    const cells = await readCube(em);
    const base = await this.queue.run(() => suppressBoth(cells, STATISTICS_POLICY.minGroupSize, DISJOINT_BY_INDEX));
    return new CubeVersion(cells, asOf, f.v as string, base, this.queue);
  }
}

/** Every grouping of the five dimensions (GROUP BY CUBE): distinct people, orders, revenue and the largest customer's revenue per cell. */
async function readCube(em: EntityManager): Promise<CubeCell[]> {
  const cols = DIMENSIONS.map((d) => COLUMN[d]);
  const n = cols.length;
  const [sums, tops] = await em.transactional(async (tem) => {
    const conn = tem.getConnection();
    const tx = tem.getTransactionContext();
    await conn.execute(`set local statement_timeout = '${CUBE_TIMEOUT_S}s'`, [], 'run', tx);
    return [
      await conn.execute(
        `select grouping(${cols.join(', ')})::int as rolled_up, ${cols.map((c) => `${c}::text as ${c}`).join(', ')},
           count(distinct customer_id)::int as customers, count(distinct order_id)::int as orders, coalesce(sum(revenue), 0)::float8 as revenue
         from (${FACTS}) f group by cube(${cols.join(', ')})`, [], 'all', tx),
      // Each customer's revenue per cell: summed per customer at each grouping of product and month (the
      // others are one value per customer), then the largest per cell.
      await conn.execute(
        `with c as (select customer_id, prefecture, age_band, gender, product, month, coalesce(sum(revenue), 0) as rev
                    from (${FACTS}) f group by customer_id, prefecture, age_band, gender, product, month),
              l as (select prefecture, age_band, gender, product, month, sum(rev) as rev, grouping(product, month)::int as by_pm
                    from c group by grouping sets ((customer_id, prefecture, age_band, gender, product, month), (customer_id, prefecture, age_band, gender, product),
                                                   (customer_id, prefecture, age_band, gender, month), (customer_id, prefecture, age_band, gender)))
         select by_pm, grouping(prefecture, age_band, gender)::int as by_pag, prefecture::text, age_band::text, gender::text, product::text, month::text,
           max(rev)::float8 as top
         from l group by by_pm, product, month, cube(prefecture, age_band, gender)`, [], 'all', tx),
    ];
  }, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true }); // both statements read the same snapshot
  const topOf = new Map<string, number>();
  let n2 = 0;
  for (const r of tops as Record<string, any>[]) {
    if (++n2 % 5_000 === 0) await breather();
    // by_pag: bit 2 prefecture, 1 age band, 0 gender rolled up; by_pm: bit 1 product, 0 month rolled up.
    const grouped = [!(r.by_pag & 4), !(r.by_pag & 2), !(r.by_pag & 1), !(r.by_pm & 2), !(r.by_pm & 1)];
    const mask = grouped.reduce((m, g, i) => (g ? m | (1 << i) : m), 0);
    topOf.set(cellKey(mask, cols.map((c, i) => (grouped[i] ? r[c] ?? null : null))), Number(r.top));
  }
  const cells: CubeCell[] = [];
  for (const r of sums as Record<string, any>[]) {
    if (cells.length % 5_000 === 4_999) await breather();
    // grouping(): bit (n-1-i) set when dimension i is rolled up.
    const mask = cols.reduce((m, _, i) => ((r.rolled_up >> (n - 1 - i)) & 1 ? m : m | (1 << i)), 0);
    const values = cols.map((c, i) => (mask & (1 << i) ? r[c] ?? null : null));
    const top = topOf.get(cellKey(mask, values));
    if (top === undefined) throw new Error('a cube cell without its largest customer');
    cells.push({ mask, values, customers: r.customers, orders: r.orders, revenue: Number(r.revenue), top });
  }
  return cells;
}

/** Lets other requests run between chunks of a large cube's rows. */
const breather = () => new Promise((resolve) => setImmediate(resolve));

/** A cell's key: its mask and values (\u0000 for null, which no value contains). */
const cellKey = (mask: number, values: (string | null)[]) => `${mask}\u0001${values.map((v) => v ?? '\u0000').join('\u0001')}`;

const stores = new WeakMap<MikroORM, CubeStore>();

/** The cube store of one database (one per process and ORM). */
export function cubesFor(orm: MikroORM): CubeStore {
  let s = stores.get(orm);
  if (!s) stores.set(orm, (s = new CubeStore(orm)));
  return s;
}

/** Stops the refreshes of `orm`'s cube store (the app's shutdown). */
export function closeCubes(orm: MikroORM): void {
  stores.get(orm)?.close();
  stores.delete(orm);
}
