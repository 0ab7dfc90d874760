import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { entryFromRequest } from '../../trail/trail-context';
import { appendTrail } from '../../trail/trail-writer';
import { badInput, trailUnavailable } from '../../common/errors';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import {
  type AgeBand, DIMENSIONS, StatisticsCell, StatisticsDimension, type StatisticsFilter, StatisticsMetric, type StatisticsResult,
} from './statistics.types';
import { type CubeCell, suppressCube } from './suppression';

/** The smallest group ever shown (k-anonymity); a query may ask for a larger one, never a smaller. */
export const STATISTICS_K = Math.max(2, Math.floor(Number(process.env.MAMORI_STATISTICS_K ?? 5)) || 5);

const COLUMN: Record<StatisticsDimension, string> = { PREFECTURE: 'prefecture', AGE_BAND: 'age_band', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month' };
const FILTER_FIELD: Record<StatisticsDimension, keyof StatisticsFilter> = {
  PREFECTURE: 'prefecture', AGE_BAND: 'ageBand', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month',
};
/** A customer has one prefecture, age band and gender, but buys many products in many months. */
const DISJOINT: Record<StatisticsDimension, boolean> = { PREFECTURE: true, AGE_BAND: true, GENDER: true, PRODUCT: false, MONTH: false };

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
    to_char(o.placed_at at time zone 'Asia/Tokyo', 'YYYY-MM') as month,
    o.id as order_id, i.quantity * i.unit_price_yen as revenue
  from customer c
  cross join lateral (select date_part('year', age((now() at time zone 'Asia/Tokyo')::date, c.birth_date))::int as years) a
  left join "order" o on o.customer_id = c.id and o.status not in ('CANCELLED', 'RETURNED')
  left join order_item i on i.order_id = o.id
  left join product p on p.id = i.product_id
  where c.status = 'ACTIVE'`;

/** Statistics are purpose 10 only: "個人は識別できない形". Any other purpose is refused like an undeclarable one. */
function assertStatisticsPurpose(ctx: RequestContext): void {
  if (ctx.purpose === 'STATISTICS') return;
  const declared = ctx.declaredPurpose ?? '';
  throw new GraphQLError(`統計は利用目的「統計データ作成」(STATISTICS) でのみ利用できます / Statistics are available under purpose STATISTICS only`, {
    extensions: {
      code: 'FORBIDDEN_PURPOSE', purpose: declared, required: 'STATISTICS',
      messageJa: '統計は利用目的「統計データ作成」(STATISTICS) でのみ利用できます', messageEn: 'Statistics are available under purpose STATISTICS only',
    },
  });
}

function filterValues(filter: StatisticsFilter): Partial<Record<StatisticsDimension, string>> {
  const out: Partial<Record<StatisticsDimension, string>> = {};
  if (filter.prefecture != null) out.PREFECTURE = check.prefecture('filter.prefecture', filter.prefecture);
  if (filter.ageBand != null) out.AGE_BAND = filter.ageBand;
  if (filter.gender != null) out.GENDER = filter.gender;
  if (filter.product != null) out.PRODUCT = check.maxLength('filter.product', check.required('filter.product', filter.product), 32);
  if (filter.month != null) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(filter.month)) throw badInput('filter.month', '月は YYYY-MM で指定してください', 'Month must be YYYY-MM');
    out.MONTH = filter.month;
  }
  return out;
}

const CUBE_CACHE_MS = Number(process.env.MAMORI_STATISTICS_CACHE_MS ?? 10 * 60 * 1000);
const CUBE_TIMEOUT_S = 300;
const cubeCache = new Map<number, { cells: CubeCell[]; suppressed: Set<CubeCell>; until: number; fingerprint: string }>();

/** Anonymised statistics (purpose 10): aggregates of small-group-suppressed cells, never rows, ids, names or free text. */
export class StatisticsService {
  constructor(private readonly ctx: RequestContext) {}

  async compute(groupBy: StatisticsDimension[], metrics: StatisticsMetric[], filter: StatisticsFilter = {}, minGroupSize?: number | null): Promise<StatisticsResult> {
    assertStatisticsPurpose(this.ctx);
    if (!metrics.length) throw badInput('metrics', '集計項目を1つ以上指定してください', 'Ask for at least one metric');
    if (new Set(groupBy).size !== groupBy.length) throw badInput('groupBy', '同じ集計軸が重複しています', 'A dimension is repeated');
    const k = minGroupSize ?? STATISTICS_K;
    if (!Number.isInteger(k) || k < STATISTICS_K || k > 1_000) {
      throw badInput('minGroupSize', `最小の集団は ${STATISTICS_K}〜1000 人です`, `minGroupSize must be between ${STATISTICS_K} and 1000`);
    }
    const fixed = filterValues(filter);
    // One cube of every dimension for all queries: the same cell is published or withheld alike whatever
    // is asked, and a filter picks cells, it never changes their suppression.
    const { cells, suppressed } = await this.suppressedCube(k);
    const bit = (d: StatisticsDimension) => 1 << DIMENSIONS.indexOf(d);
    const filterMask = DIMENSIONS.reduce((m, d) => (fixed[d] !== undefined ? m | bit(d) : m), 0);
    const shownMask = groupBy.reduce((m, d) => m | bit(d), filterMask);
    const matches = (c: CubeCell) => DIMENSIONS.every((d, i) => fixed[d] === undefined || c.values[i] === fixed[d]);
    const totalValues = DIMENSIONS.map((d) => fixed[d] ?? null);
    const total = cells.find((c) => c.mask === filterMask && matches(c));
    const shown = cells.filter((c) => c.mask === shownMask && matches(c)).sort(compareCells);
    const out = (c: CubeCell | undefined, values: (string | null)[]) => toCell(values, c && !suppressed.has(c) ? c : null, metrics);
    const result: StatisticsResult = {
      groupBy: DIMENSIONS.filter((d) => groupBy.includes(d)), metrics, k,
      cells: shown.map((c) => out(c, c.values)),
      total: out(total, totalValues),
      suppressedCells: shown.filter((c) => suppressed.has(c)).length,
    };
    await this.record(result, fixed);
    return result;
  }

  /**
   * The cube and its suppression are the same for every query with the same k and the same data:
   * computed once and kept for CUBE_CACHE_MS (a cube over a large base takes seconds to build).
   */
  private async suppressedCube(k: number): Promise<{ cells: CubeCell[]; suppressed: Set<CubeCell> }> {
    // A change to the base (new orders, customers changed or stopped) makes a new cube at once.
    const [f] = await this.ctx.em.getConnection().execute(
      `select (select count(*) from "order")::text || ':' || (select coalesce(max(id), 0) from "order")::text || ':' ||
              (select count(*) from customer where status = 'ACTIVE')::text || ':' || coalesce((select max(updated_at) from customer)::text, '') as v`);
    const cached = cubeCache.get(k);
    if (cached && cached.until > Date.now() && cached.fingerprint === f.v) return cached;
    const cells = await this.cube();
    const entry = {
      cells, suppressed: suppressCube(cells, { k, disjoint: DIMENSIONS.map((d) => DISJOINT[d]) }),
      until: Date.now() + CUBE_CACHE_MS, fingerprint: f.v as string,
    };
    cubeCache.set(k, entry);
    return entry;
  }

  /** Every grouping of the five dimensions (GROUP BY CUBE), with distinct people per cell. */
  private async cube(): Promise<CubeCell[]> {
    const cols = DIMENSIONS.map((d) => COLUMN[d]);
    const n = cols.length;
    // A cube over the whole base may outlast the per-statement timeout meant for interactive queries.
    const rows = await this.ctx.em.transactional(async (em) => {
      await em.getConnection().execute(`set local statement_timeout = '${CUBE_TIMEOUT_S}s'`, [], 'run', em.getTransactionContext());
      return em.getConnection().execute(
      `select grouping(${cols.join(', ')})::int as rolled_up, ${cols.map((c) => `${c}::text as ${c}`).join(', ')},
         count(distinct customer_id)::int as customers, count(distinct order_id)::int as orders, coalesce(sum(revenue), 0)::float8 as revenue
       from (${FACTS}) f group by cube(${cols.join(', ')})`, [], 'all', em.getTransactionContext());
    });
    return rows.map((r: Record<string, any>) => {
      // grouping(): bit (n-1-i) set when dimension i is rolled up.
      const mask = cols.reduce((m, _, i) => ((r.rolled_up >> (n - 1 - i)) & 1 ? m : m | (1 << i)), 0);
      return { mask, values: cols.map((c, i) => (mask & (1 << i) ? r[c] ?? null : null)), customers: r.customers, orders: r.orders, revenue: Number(r.revenue) };
    });
  }

  /** Each statistics query is recorded (what was asked, how much was withheld), before anything is returned. */
  private async record(result: StatisticsResult, filter: Partial<Record<StatisticsDimension, string>>) {
    try {
      await this.ctx.em.fork().transactional((em) => appendTrail(em as EntityManager, [{
        ...entryFromRequest(this.ctx, 'ACCESS', 'statistics'), customerId: null, clearFields: [], maskedFields: [],
        detail: { statistics: { groupBy: result.groupBy, metrics: result.metrics, filter, k: result.k, cells: result.cells.length, suppressed: result.suppressedCells } },
      }]));
    } catch {
      throw trailUnavailable();
    }
  }
}

function toCell(values: (string | null)[], c: CubeCell | null, metrics: StatisticsMetric[]): StatisticsCell {
  const value = (d: StatisticsDimension) => values[DIMENSIONS.indexOf(d)];
  const metric = (m: StatisticsMetric, v: number | undefined) => (c && metrics.includes(m) ? v ?? null : null);
  return {
    prefecture: value(StatisticsDimension.PREFECTURE), ageBand: value(StatisticsDimension.AGE_BAND) as AgeBand | null,
    gender: value(StatisticsDimension.GENDER) as StatisticsCell['gender'], product: value(StatisticsDimension.PRODUCT), month: value(StatisticsDimension.MONTH),
    customers: metric(StatisticsMetric.CUSTOMERS, c?.customers), orders: metric(StatisticsMetric.ORDERS, c?.orders),
    revenue: metric(StatisticsMetric.REVENUE, c?.revenue), suppressed: !c,
  };
}

function compareCells(a: CubeCell, b: CubeCell): number {
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = b.values[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
