import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { StatisticsService } from './statistics.service';
import { StatisticsDimension, StatisticsMetric, StatisticsResult } from './statistics.types';
import { StatisticsFilter } from './statistics.inputs';

@Resolver()
export class StatisticsResolver {
  @Query(() => StatisticsResult, { description: 'Anonymised statistics (purpose 10, STATISTICS only): groups of fewer than k people are suppressed' })
  statistics(
    @Arg('groupBy', () => [StatisticsDimension]) groupBy: StatisticsDimension[],
    @Arg('metrics', () => [StatisticsMetric]) metrics: StatisticsMetric[],
    @Arg('filter', () => StatisticsFilter, { nullable: true }) filter: StatisticsFilter | undefined,
    @Arg('minGroupSize', () => Int, { nullable: true, description: 'A larger k than the configured one' }) minGroupSize: number | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return new StatisticsService(ctx).compute(groupBy, metrics, filter, minGroupSize);
  }
}
