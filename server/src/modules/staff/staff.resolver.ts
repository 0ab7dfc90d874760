import argon2 from 'argon2';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isRoleKey, ROLES, type RoleKey } from '../../../../schema/policy';
import { badInput } from '../../common/errors';
import { idOf, ListArgs, ListMetadata } from '../../common/list';
import { getEntity, listEntities, simpleWhere } from '../../common/simple-list';
import { likeContains } from '../../common/sql';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { Staff } from './staff.entity';

@InputType()
export class StaffFilter {
  @Field(() => String, { nullable: true }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

@ArgsType()
export class StaffFields {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) role?: string;
  @Field(() => ID, { nullable: true }) contractorId?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => String, { nullable: true, description: 'At least 12 characters; stored as an argon2id hash' }) password?: string;
}

@ArgsType()
class UpdateStaffArgs extends StaffFields { @Field(() => ID) id!: string; }

const where = (f?: StaffFilter) => ({
  ...simpleWhere(f as Record<string, unknown>, ['role', 'active']),
  ...(f?.q?.trim() ? { $or: [{ name: { $ilike: likeContains(f.q.trim()) } }, { email: { $ilike: likeContains(f.q.trim()) } }] } : {}),
});

async function validate(args: StaffFields, current: Staff | null): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (!current || args.name !== undefined) out.name = check.maxLength('name', check.required('name', args.name), 100);
  if (!current || args.email !== undefined) out.email = check.email('email', check.required('email', args.email));
  if (!current || args.role !== undefined) {
    if (!isRoleKey(args.role)) throw badInput('role', '役割が正しくありません', 'Unknown role');
    out.role = args.role;
  }
  const role = (out.role ?? current?.role) as RoleKey;
  if (args.contractorId !== undefined) out.contractor = args.contractorId ? idOf(args.contractorId, 'contractorId') : null;
  const contractor = 'contractor' in out ? out.contractor : current?.contractor?.id;
  if (ROLES[role].contractor && !contractor) throw badInput('contractorId', '委託先の役割には委託先の指定が必要です', 'A contractor role needs a contractor');
  if (args.active !== undefined && args.active !== null) out.active = args.active;
  if (!current || args.password) {
    const pw = check.required('password', args.password);
    if (pw.length < 12) throw badInput('password', 'パスワードは12文字以上です', 'Password must be at least 12 characters');
    out.passwordHash = await argon2.hash(pw, { type: argon2.argon2id });
  }
  // A role or password change ends the sessions issued before it.
  if (current && ((out.role && out.role !== current.role) || out.passwordHash || out.active === false)) out.tokenVersion = current.tokenVersion + 1;
  return out;
}

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

  @Mutation(() => Staff)
  async createStaff(@Args(() => StaffFields) args: StaffFields, @Ctx() ctx: RequestContext) {
    const s = ctx.em.create(Staff, (await validate(args, null)) as any);
    await ctx.em.flush();
    return s;
  }

  @Mutation(() => Staff)
  async updateStaff(@Args(() => UpdateStaffArgs) args: UpdateStaffArgs, @Ctx() ctx: RequestContext) {
    const s = await getEntity(ctx.em, Staff, args.id);
    ctx.em.assign(s, (await validate(args, s)) as any);
    await ctx.em.flush();
    return s;
  }

  @FieldResolver(() => ID, { nullable: true }) contractorId(@Root() s: Staff) { return s.contractor?.id ?? null; }
}
