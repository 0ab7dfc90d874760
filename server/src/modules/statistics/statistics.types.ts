import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Gender } from '../../common/enums';

/** What a statistic can be broken down by. Order matters: it is the canonical order of the cube. */
export enum StatisticsDimension { PREFECTURE = 'PREFECTURE', AGE_BAND = 'AGE_BAND', GENDER = 'GENDER', PRODUCT = 'PRODUCT', MONTH = 'MONTH' }
export enum StatisticsMetric { CUSTOMERS = 'CUSTOMERS', ORDERS = 'ORDERS', REVENUE = 'REVENUE' }
/** Age today (Japan time), in bands; UNKNOWN when no birth date was given. */
export enum AgeBand {
  UNDER_20 = 'UNDER_20', AGE_20S = 'AGE_20S', AGE_30S = 'AGE_30S', AGE_40S = 'AGE_40S', AGE_50S = 'AGE_50S', AGE_60S = 'AGE_60S',
  AGE_70_PLUS = 'AGE_70_PLUS', UNKNOWN = 'UNKNOWN',
}
registerEnumType(StatisticsDimension, { name: 'StatisticsDimension' });
registerEnumType(StatisticsMetric, { name: 'StatisticsMetric' });
registerEnumType(AgeBand, { name: 'AgeBand' });

export const DIMENSIONS = Object.values(StatisticsDimension);

/**
 * One group of customers. Dimensions not grouped by are null; a grouped PRODUCT or MONTH that is null
 * is the group of customers without (non-cancelled) orders. Suppressed groups carry no numbers.
 */
@ObjectType()
export class StatisticsCell {
  @Field(() => String, { nullable: true }) prefecture!: string | null;
  @Field(() => AgeBand, { nullable: true }) ageBand!: AgeBand | null;
  @Field(() => Gender, { nullable: true }) gender!: Gender | null;
  @Field(() => String, { nullable: true, description: 'Product SKU' }) product!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM' }) month!: string | null;
  @Field(() => Int, { nullable: true, description: 'Distinct customers' }) customers!: number | null;
  @Field(() => Int, { nullable: true }) orders!: number | null;
  @Field(() => Float, { nullable: true, description: 'Yen, items of orders neither cancelled nor returned' }) revenue!: number | null;
  @Field(() => Boolean, { description: 'Fewer than k people, or withheld so that such a group cannot be recovered from totals: no numbers' }) suppressed!: boolean;
  @Field(() => Boolean, { description: 'Revenue withheld: the cell is suppressed, one customer\'s spending dominates it (p% rule), or it would reveal such a group' })
  revenueWithheld!: boolean;
}

@ObjectType()
export class StatisticsResult {
  @Field(() => [StatisticsDimension]) groupBy!: StatisticsDimension[];
  @Field(() => [StatisticsMetric]) metrics!: StatisticsMetric[];
  @Field(() => Int, { description: 'Smallest group shown' }) k!: number;
  @Field(() => Date, { description: 'When the data was read: the cube is rebuilt in the background when the data changes' }) asOf!: Date;
  @Field(() => [StatisticsCell]) cells!: StatisticsCell[];
  @Field(() => StatisticsCell, { description: 'All customers the filter selects' }) total!: StatisticsCell;
  @Field(() => Int) suppressedCells!: number;
}
