import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { Staff } from '../staff/staff.entity';
import { Audit, AuditFinding } from './audit.entity';
import { exportAudit } from './audit-export.service';
import { AuditExport, AuditExportFormat, AuditFields, AuditFilter, AuditFindingFilter, UpdateAuditArgs } from './audit.inputs';
import { AuditService } from './audit.service';

@Resolver(() => Audit)
export class AuditResolver {
  @Query(() => [Audit])
  allAudits(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | undefined, @Ctx() ctx: RequestContext) {
    return new AuditService(ctx).list(args, filter);
  }

  @Query(() => ListMetadata)
  async _allAuditsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new AuditService(ctx).count(filter) };
  }

  @Query(() => Audit)
  Audit(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new AuditService(ctx).get(id); }

  @Mutation(() => Audit)
  createAudit(@Args(() => AuditFields) args: AuditFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new AuditService(tx).create(args));
  }

  @Mutation(() => Audit, { description: 'Edits an audit; completing it (status COMPLETED) needs a run and a conclusion' })
  updateAudit(@Args(() => UpdateAuditArgs) args: UpdateAuditArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new AuditService(tx).update(args.id, args));
  }

  @Mutation(() => Audit, { description: 'Generates the findings of the audit\'s scope from the trail and the records (replaces an earlier run\'s)' })
  runAudit(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new AuditService(ctx).run(id); }

  @Query(() => AuditExport, { description: 'The audit as CSV (UTF-8 with BOM) or a printable Japanese HTML report; the export is recorded in the trail' })
  auditExport(@Arg('id', () => ID) id: string, @Arg('format', () => AuditExportFormat) format: AuditExportFormat, @Ctx() ctx: RequestContext) {
    return exportAudit(ctx, id, format);
  }

  @FieldResolver(() => ID, { nullable: true }) auditorId(@Root() a: Audit) { return a.auditor?.id ?? null; }

  @FieldResolver(() => Staff, { nullable: true })
  auditor(@Root() a: Audit, @Ctx() ctx: RequestContext) { return a.auditor ? ctx.loaders.staff.load(a.auditor.id) : null; }

  @FieldResolver(() => [AuditFinding], { description: 'Most severe first' })
  findings(@Root() a: Audit, @Arg('filter', () => AuditFindingFilter, { nullable: true }) filter: AuditFindingFilter | undefined, @Ctx() ctx: RequestContext) {
    return new AuditService(ctx).findings(a.id, filter);
  }

  @FieldResolver(() => Int) findingCount(@Root() a: Audit, @Ctx() ctx: RequestContext) { return new AuditService(ctx).findingCount(a.id); }
}

@Resolver(() => AuditFinding)
export class AuditFindingResolver {
  @FieldResolver(() => ID) auditId(@Root() f: AuditFinding) { return f.audit.id; }
}
