import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { getEntity, listEntities, simpleWhere } from '../../common/simple-list';
import { likeContains } from '../../common/sql';
import { inTransaction, type RequestContext } from '../../context';
import { readField } from '../../policy/projection-sources';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';
import { StaffFilter, StaffFields, UpdateStaffArgs } from './staff.inputs';

const where = (f?: StaffFilter) => ({
  ...simpleWhere(f as Record<string, unknown>, ['role', 'active']),
  ...(f?.q?.trim() ? { $or: [{ name: { $ilike: likeContains(f.q.trim()) } }, { email: { $ilike: likeContains(f.q.trim()) } }] } : {}),
});

@Resolver(() => Staff)
export class StaffResolver {
  @Query(() => [Staff])
  allStaff(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => StaffFilter, { nullable: true }) f: StaffFilter | undefined, @Ctx() ctx: RequestContext) {
    return listEntities(ctx.em, Staff, args, where(f), ['id', 'name', 'email', 'role', 'createdAt']);
  }

  @Query(() => ListMetadata)
  async _allStaffMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => StaffFilter, { nullable: true }) f: StaffFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await ctx.em.count(Staff, where(f)) };
  }

  @Query(() => Staff)
  Staff(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return getEntity(ctx.em, Staff, id); }

  @Mutation(() => Staff, { description: 'The new account\'s owner is mailed a one-time link to set a password' })
  createStaff(@Args(() => StaffFields) args: StaffFields, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new StaffService(tx).create(args));
  }

  @Mutation(() => Staff)
  updateStaff(@Args(() => UpdateStaffArgs) { id, ...args }: UpdateStaffArgs, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new StaffService(tx).update(id, args));
  }

  @FieldResolver(() => ID, { nullable: true }) contractorId(@Root() s: Staff) { return readField('Staff', 'contractorId', s); }

  @FieldResolver(() => String, { nullable: true, description: 'The role a pending grant request asks for (in effect once approved)' })
  async pendingRole(@Root() s: Staff, @Ctx() ctx: RequestContext): Promise<unknown> {
    // The entity's (lazy) formula, asked afresh for the level's accounts at once: the compiled path reads it with the row.
    return readField('Staff', 'pendingRole', { pendingRole: await ctx.loaders.pendingRole.load(s.id) });
  }
}
