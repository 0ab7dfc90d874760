import { Arg, Args, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { badInput } from '../../common/errors';
import { inTransaction, type RequestContext } from '../../context';
import { entryFromRequest } from '../../trail/trail-context';
import { LiveSweepResult, RetentionDue, retentionDue, sweepLiveData } from './live-sweep';
import { readSchedule, RetentionSchedule, updateSchedule } from './schedule';
import { UpdateRetentionScheduleArgs } from './live-retention.inputs';

/** The privacy manager's retention schedule of live data (APPI art. 22), what falls due, and the sweep on demand. */
@Resolver()
export class LiveRetentionResolver {
  @Query(() => RetentionSchedule, { description: 'Months each kind of live data is kept, with what the sweep does and the legal basis' })
  retentionSchedule(@Ctx() ctx: RequestContext) { return readSchedule(ctx); }

  @Mutation(() => RetentionSchedule, { description: 'Sets periods (1 to 1200 months); recorded in the trail' })
  updateRetentionSchedule(@Args(() => UpdateRetentionScheduleArgs) args: UpdateRetentionScheduleArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => updateSchedule(tx, args));
  }

  @Query(() => [RetentionDue], { description: 'Per kind: how much is due now, how much falls due within `days` days, and the next date' })
  retentionDue(@Arg('days', () => Int, { defaultValue: 30 }) days: number, @Ctx() ctx: RequestContext) {
    if (!Number.isInteger(days) || days < 1 || days > 3_660) throw badInput('days', '期間は1〜3660日で指定してください', 'days must be 1 to 3660');
    return retentionDue(ctx.em, days);
  }

  @Mutation(() => LiveSweepResult, { description: 'Runs the live-data sweep now (the daily `npm run retention:sweep` runs it too)' })
  sweepLiveData(@Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => sweepLiveData(tx.em, entryFromRequest(tx, 'CHANGE', 'sweepLiveData')));
  }
}
