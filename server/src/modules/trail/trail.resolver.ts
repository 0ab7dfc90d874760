import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { idOf, ListArgs, ListMetadata, pageOf } from '../../common/list';
import { notFound } from '../../common/errors';
import type { RequestContext } from '../../context';
import type { TrailKind } from '../../trail/trail-writer';
import { Customer } from '../customer/customer.entity';
import { AccessEvent, ChangeEvent, SecurityEvent, TrailHead, TrailVerification } from './trail.types';
import { TrailFilter } from './trail.inputs';
import { accessEventOf, accessHistoryPage, TrailService } from './trail.service';

async function one(ctx: RequestContext, kind: TrailKind, id: string) {
  const [found] = await new TrailService(ctx).list(kind, { perPage: 1 }, { ids: [String(idOf(id))] });
  if (!found) throw notFound('Trail entry');
  return found;
}

@Resolver()
export class TrailResolver {
  @Query(() => [AccessEvent])
  allAccessEvents(@Args(() => ListArgs) a: ListArgs, @Arg('filter', () => TrailFilter, { nullable: true }) f: TrailFilter | undefined, @Ctx() ctx: RequestContext) {
    return new TrailService(ctx).list('ACCESS', a, f);
  }
  @Query(() => ListMetadata)
  async _allAccessEventsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => TrailFilter, { nullable: true }) f: TrailFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new TrailService(ctx).count('ACCESS', f) };
  }
  @Query(() => AccessEvent)
  AccessEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return one(ctx, 'ACCESS', id); }

  @Query(() => [ChangeEvent])
  allChangeEvents(@Args(() => ListArgs) a: ListArgs, @Arg('filter', () => TrailFilter, { nullable: true }) f: TrailFilter | undefined, @Ctx() ctx: RequestContext) {
    return new TrailService(ctx).list('CHANGE', a, f);
  }
  @Query(() => ListMetadata)
  async _allChangeEventsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => TrailFilter, { nullable: true }) f: TrailFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new TrailService(ctx).count('CHANGE', f) };
  }
  @Query(() => ChangeEvent)
  ChangeEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return one(ctx, 'CHANGE', id); }

  @Query(() => [SecurityEvent])
  allSecurityEvents(@Args(() => ListArgs) a: ListArgs, @Arg('filter', () => TrailFilter, { nullable: true }) f: TrailFilter | undefined, @Ctx() ctx: RequestContext) {
    return new TrailService(ctx).list('SECURITY', a, f);
  }
  @Query(() => ListMetadata)
  async _allSecurityEventsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => TrailFilter, { nullable: true }) f: TrailFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await new TrailService(ctx).count('SECURITY', f) };
  }
  @Query(() => SecurityEvent)
  SecurityEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return one(ctx, 'SECURITY', id); }

  @Query(() => TrailVerification, { description: 'Walks the hash chain between two entry ids (default: all of it)' })
  verifyAccessTrail(@Arg('from', () => Int, { nullable: true }) from: number | null, @Arg('to', () => Int, { nullable: true }) to: number | null, @Ctx() ctx: RequestContext) {
    return new TrailService(ctx).verify(from, to);
  }

  @Query(() => TrailHead, { description: 'The chain head, to anchor outside the database' })
  trailHead(@Ctx() ctx: RequestContext) { return new TrailService(ctx).head(); }
}

@Resolver(() => AccessEvent)
export class AccessEventResolver {
  @FieldResolver(() => Customer, { nullable: true, description: 'The customer read, under the reader\'s own masking' })
  customer(@Root() e: AccessEvent, @Ctx() ctx: RequestContext) { return e.customerId ? ctx.loaders.customer.load(e.customerId) : null; }
}

@Resolver(() => Customer)
export class CustomerAccessHistoryResolver {
  @FieldResolver(() => [AccessEvent], { description: 'Who read this customer\'s data, when and why (privacy manager and audit only)' })
  accessHistory(@Root() c: Customer, @Arg('last', () => Int, { nullable: true }) last: number | undefined, @Ctx() ctx: RequestContext) {
    const perPage = accessHistoryPage(last);
    // A page out of range is this field's BAD_USER_INPUT, as before; a level's customers are then read at once.
    pageOf({ perPage });
    return ctx.loaders.accessHistory.load(`${c.id}:${perPage}`).then((rows) => rows.map(accessEventOf));
  }
}
