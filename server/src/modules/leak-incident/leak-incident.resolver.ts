import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { LeakIncident } from './leak-incident.entity';
import { leakCounts, LeakPeople, leakReport, LeakReportFile, LeakReportFormat, LeakReportStage, linkAffectedFromTrail, NoticeMethod, recordLeakNotices } from './leak-report';
import { LinkFromTrailArgs, LeakIncidentFields, LeakIncidentFilter, UpdateLeakIncidentArgs } from './leak-incident.inputs';
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

  @FieldResolver(() => LeakPeople, { description: 'People linked to the incident and how many were told' })
  async affected(@Root() i: LeakIncident, @Ctx() ctx: RequestContext) { return { added: 0, ...(await leakCounts(ctx, i.id)) }; }

  @Mutation(() => LeakPeople, { description: 'Links everyone an account read in a time window (from the access trail) to the incident' })
  linkLeakAffectedFromTrail(@Args(() => LinkFromTrailArgs) args: LinkFromTrailArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => linkAffectedFromTrail(tx, args));
  }

  @Mutation(() => LeakPeople, { description: 'Records that linked people were told (all not yet told when customerIds is left out)' })
  recordLeakNotices(@Arg('incidentId', () => ID) incidentId: string, @Arg('method', () => NoticeMethod) method: NoticeMethod,
    @Arg('customerIds', () => [ID], { nullable: true }) customerIds: string[] | undefined, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => recordLeakNotices(tx, incidentId, method, customerIds));
  }

  @Query(() => LeakReportFile, { description: 'The report of PPC rules art. 8 (速報 or 確報), printable HTML or CSV; the export is recorded' })
  leakReport(@Arg('id', () => ID) id: string, @Arg('stage', () => LeakReportStage) stage: LeakReportStage,
    @Arg('format', () => LeakReportFormat) format: LeakReportFormat, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => leakReport(tx, id, stage, format));
  }
}
