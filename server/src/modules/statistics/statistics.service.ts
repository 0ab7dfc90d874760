import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { entryFromRequest } from '../../trail/trail-context';
import { appendTrail } from '../../trail/trail-writer';
import { badInput, forbidden, trailUnavailable } from '../../common/errors';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { STATISTICS_PURPOSE } from '../../../../schema/policy';
import { type AgeBand, DIMENSIONS, type StatisticsCell, StatisticsDimension, StatisticsMetric, type StatisticsResult } from './statistics.types';
import type { StatisticsFilter } from './statistics.inputs';
import { cubesFor } from './cube-store';
import type { CubeCell } from './suppression';

const FILTER_FIELD: Record<StatisticsDimension, keyof StatisticsFilter> = {
  PREFECTURE: 'prefecture', AGE_BAND: 'ageBand', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month',
};
/** Statistics are purpose 10 only: "個人は識別できない形". Any other purpose is refused like an undeclarable one. */
function assertStatisticsPurpose(ctx: RequestContext): void {
  if (ctx.purpose === STATISTICS_PURPOSE) return;
  const declared = ctx.declaredPurpose ?? '';
  throw new GraphQLError(`統計は利用目的「統計データ作成」(STATISTICS) でのみ利用できます / Statistics are available under purpose STATISTICS only`, {
    extensions: {
      code: 'FORBIDDEN_PURPOSE', purpose: declared, required: STATISTICS_PURPOSE,
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

/** Anonymised statistics (purpose 10): aggregates of small-group-suppressed cells, never rows, ids, names or free text. */
export class StatisticsService {
  constructor(private readonly ctx: RequestContext) {}

  async compute(groupBy: StatisticsDimension[], metrics: StatisticsMetric[], filter: StatisticsFilter = {}, minGroupSize?: number | null): Promise<StatisticsResult> {
    assertStatisticsPurpose(this.ctx);
    if (!metrics.length) throw badInput('metrics', '集計項目を1つ以上指定してください', 'Ask for at least one metric');
    if (new Set(groupBy).size !== groupBy.length) throw badInput('groupBy', '同じ集計軸が重複しています', 'A dimension is repeated');
    // k and the largest k of the request's policy version (a malformed one publishes nothing).
    const rules = this.ctx.policy.rules.statistics;
    if (!rules) throw forbidden();
    const { minGroupSize: policyK, maxGroupSize } = rules;
    const k = minGroupSize ?? policyK;
    if (!Number.isInteger(k) || k < policyK || k > maxGroupSize) {
      throw badInput('minGroupSize', `最小の集団は ${policyK}〜${maxGroupSize} 人です`, `minGroupSize must be between ${policyK} and ${maxGroupSize}`);
    }
    const fixed = filterValues(filter);
    // One cube of every dimension for all queries, built off the request path (cube-store.ts): the same cell
    // is published or withheld alike whatever is asked, and a filter picks cells, it never changes their suppression.
    const cube = await cubesFor(this.ctx.deps.orm).latest();
    const cells = cube.cells;
    const suppressed = await cube.suppressedAt(k, rules);
    const bit = (d: StatisticsDimension) => 1 << DIMENSIONS.indexOf(d);
    const filterMask = DIMENSIONS.reduce((m, d) => (fixed[d] !== undefined ? m | bit(d) : m), 0);
    const shownMask = groupBy.reduce((m, d) => m | bit(d), filterMask);
    const matches = (c: CubeCell) => DIMENSIONS.every((d, i) => fixed[d] === undefined || c.values[i] === fixed[d]);
    const totalValues = DIMENSIONS.map((d) => fixed[d] ?? null);
    const total = cells.find((c) => c.mask === filterMask && matches(c));
    const shown = cells.filter((c) => c.mask === shownMask && matches(c)).sort(compareCells);
    const out = (c: CubeCell | undefined, values: (string | null)[]) =>
      toCell(values, c && !suppressed.people.has(c) ? c : null, c !== undefined && !suppressed.revenue.has(c), metrics);
    const result: StatisticsResult = {
      groupBy: DIMENSIONS.filter((d) => groupBy.includes(d)), metrics, k, asOf: cube.asOf,
      cells: shown.map((c) => out(c, c.values)),
      total: out(total, totalValues),
      suppressedCells: shown.filter((c) => suppressed.people.has(c)).length,
    };
    await this.record(result, fixed);
    return result;
  }

  /** Each statistics query is recorded (what was asked, how much was withheld), before anything is returned. */
  private async record(result: StatisticsResult, filter: Partial<Record<StatisticsDimension, string>>) {
    try {
      await this.ctx.em.fork().transactional((em) => appendTrail(em as EntityManager, [{
        ...entryFromRequest(this.ctx, 'ACCESS', 'statistics'), customerId: null, clearFields: [], maskedFields: [],
        detail: { statistics: { groupBy: result.groupBy, metrics: result.metrics, filter, k: result.k, asOf: result.asOf.toISOString(), cells: result.cells.length, suppressed: result.suppressedCells } },
      }]));
    } catch {
      throw trailUnavailable();
    }
  }
}

/** A cell as served: `c` null when its people are withheld; its revenue only when `revenueShown`. */
function toCell(values: (string | null)[], c: CubeCell | null, revenueShown: boolean, metrics: StatisticsMetric[]): StatisticsCell {
  const value = (d: StatisticsDimension) => values[DIMENSIONS.indexOf(d)];
  const metric = (m: StatisticsMetric, v: number | undefined) => (c && metrics.includes(m) ? v ?? null : null);
  return {
    prefecture: value(StatisticsDimension.PREFECTURE), ageBand: value(StatisticsDimension.AGE_BAND) as AgeBand | null,
    gender: value(StatisticsDimension.GENDER) as StatisticsCell['gender'], product: value(StatisticsDimension.PRODUCT), month: value(StatisticsDimension.MONTH),
    customers: metric(StatisticsMetric.CUSTOMERS, c?.customers), orders: metric(StatisticsMetric.ORDERS, c?.orders),
    revenue: revenueShown ? metric(StatisticsMetric.REVENUE, c?.revenue) : null, suppressed: !c, revenueWithheld: !c || !revenueShown,
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
