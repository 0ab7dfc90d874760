import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { LeakIncident } from './leak-incident.entity';
import { LeakIncidentFields, LeakIncidentFilter, UpdateLeakIncidentArgs } from './leak-incident.inputs';
import { finalReportOverdue, LeakIncidentService, preliminaryReportOverdue, reportableReasons } from './leak-incident.service';

@Resolver(() => LeakIncident)
export class LeakIncidentResolver {
  @Query(() => [LeakIncident], { description: 'Incidents with an overdue report first' })
  allLeakIncidents(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => LeakIncidentFilter, { nullable: true }) f: LeakIncidentFilter | undefined, @Ctx() ctx: RequestContext) {
    return new LeakIncidentService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allLeakIncidentsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => LeakIncidentFilter, { nullable: true }) f: LeakIncidentFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new LeakIncidentService(ctx).count(f) };
  }

  @Query(() => LeakIncident)
  LeakIncident(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new LeakIncidentService(ctx).get(id); }

  @Mutation(() => LeakIncident)
  createLeakIncident(@Args(() => LeakIncidentFields) args: LeakIncidentFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new LeakIncidentService(tx).create(args));
  }

  @Mutation(() => LeakIncident)
  updateLeakIncident(@Args(() => UpdateLeakIncidentArgs) args: UpdateLeakIncidentArgs, @Ctx() ctx: RequestContext) {
    const { id, ...fields } = args;
    return inTransaction(ctx, (tx) => new LeakIncidentService(tx).update(id, fields));
  }

  @FieldResolver(() => [String], { description: 'SENSITIVE_DATA, FINANCIAL_HARM, MALICIOUS_INTENT, MORE_THAN_1000_PEOPLE' })
  reportableReasons(@Root() i: LeakIncident) { return reportableReasons(i); }

  @FieldResolver(() => Boolean) preliminaryReportOverdue(@Root() i: LeakIncident) { return preliminaryReportOverdue(i); }
  @FieldResolver(() => Boolean) finalReportOverdue(@Root() i: LeakIncident) { return finalReportOverdue(i); }
  @FieldResolver(() => Boolean, { description: 'A report is past its due date' })
  overdue(@Root() i: LeakIncident) { return preliminaryReportOverdue(i) || finalReportOverdue(i); }
  @FieldResolver(() => ID, { nullable: true }) recordedById(@Root() i: LeakIncident) { return i.recordedBy?.id ?? null; }
}
