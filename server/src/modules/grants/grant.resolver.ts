import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../../common/list';
import { inTransaction, type RequestContext } from '../../context';
import { sqlIn } from '../../common/sql';
import { GrantRequest } from './grant-request.entity';
import { GrantService } from './grant.service';
import { GrantRequestFilter } from './grant.inputs';

/** Two-person grants: seen by POWERS.viewGrants, decided by POWERS.approveGrants (the shield's rules). */
@Resolver(() => GrantRequest)
export class GrantRequestResolver {
  @Query(() => [GrantRequest])
  allGrantRequests(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => GrantRequestFilter, { nullable: true }) f: GrantRequestFilter | undefined, @Ctx() ctx: RequestContext) {
    return new GrantService(ctx).list(args, f);
  }

  @Query(() => ListMetadata)
  async _allGrantRequestsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => GrantRequestFilter, { nullable: true }) f: GrantRequestFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new GrantService(ctx).count(f) };
  }

  @Query(() => GrantRequest)
  GrantRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return new GrantService(ctx).get(id); }

  @Mutation(() => GrantRequest, { description: 'Puts the grant into effect: by a privacy manager who neither asked for it nor receives it' })
  approveGrantRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new GrantService(tx).approve(id));
  }

  @Mutation(() => GrantRequest, { description: 'Refuses the grant, with a reason; nothing is granted' })
  rejectGrantRequest(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return inTransaction(ctx, (tx) => new GrantService(tx).reject(id, reason));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The account\'s or the key\'s name' })
  async subjectName(@Root() g: GrantRequest, @Ctx() ctx: RequestContext): Promise<string | null> {
    const [row] = g.staffId
      ? await sqlIn(ctx.em)('select name from staff where id = ?', [g.staffId])
      : await sqlIn(ctx.em)('select name from api_key where id = ?', [g.apiKeyId]);
    return row?.name ?? null;
  }
}
