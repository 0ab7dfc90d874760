import { gql } from '@apollo/client';
import { graphqlClient } from '../providers/graphqlClient';

export type Dimension = 'PREFECTURE' | 'AGE_BAND' | 'GENDER' | 'PRODUCT' | 'MONTH';
export type Metric = 'CUSTOMERS' | 'ORDERS' | 'REVENUE';

/** One group of customers; a suppressed one carries no numbers (server StatisticsCell). */
export interface StatisticsCell {
  prefecture: string | null;
  ageBand: string | null;
  gender: string | null;
  product: string | null;
  month: string | null;
  customers: number | null;
  orders: number | null;
  revenue: number | null;
  suppressed: boolean;
}

export interface StatisticsResult {
  /** What the cells are broken down by and count (the result stays on screen while the next one loads). */
  dimension: Dimension;
  metric: Metric;
  k: number;
  suppressedCells: number;
  cells: StatisticsCell[];
  total: StatisticsCell;
}

export interface StatisticsFilter {
  ageBand?: string;
  gender?: string;
}

const CELL = 'prefecture ageBand gender product month customers orders revenue suppressed';
const STATISTICS = gql`
  query statistics($groupBy: [StatisticsDimension!]!, $metrics: [StatisticsMetric!]!, $filter: StatisticsFilter) {
    statistics(groupBy: $groupBy, metrics: $metrics, filter: $filter) {
      k suppressedCells cells { ${CELL} } total { ${CELL} }
    }
  }
`;

/** The cell's field holding a dimension's value, and a metric's number. */
export const DIMENSION_FIELD: Record<Dimension, keyof StatisticsCell> = {
  PREFECTURE: 'prefecture', AGE_BAND: 'ageBand', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month',
};
export const METRIC_FIELD: Record<Metric, 'customers' | 'orders' | 'revenue'> = { CUSTOMERS: 'customers', ORDERS: 'orders', REVENUE: 'revenue' };

/** k-anonymous aggregates (purpose 10 only): small groups come back suppressed, never as rows. */
export async function fetchStatistics(dimension: Dimension, metric: Metric, filter: StatisticsFilter): Promise<StatisticsResult> {
  const { data } = await graphqlClient.query<{ statistics: Omit<StatisticsResult, 'dimension' | 'metric'> }>({
    query: STATISTICS,
    variables: { groupBy: [dimension], metrics: [metric], filter: Object.keys(filter).length ? filter : undefined },
  });
  return { ...data.statistics, dimension, metric };
}
