import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import { badInput } from '../../common/errors';
import { ListArgs, ListMetadata } from '../../common/list';
import { getEntity, listEntities, simpleWhere } from '../../common/simple-list';
import type { RequestContext } from '../../context';
import { TrustedDocument } from './trusted-document.entity';
import { approveDocument, registerDocument, revokeDocument } from './trusted-document.service';
import { TrustedDocumentFilter } from './trusted-document.inputs';

const STATUS_WHERE: Record<string, Record<string, unknown>> = {
  PENDING: { approvedAt: null, revokedAt: null },
  APPROVED: { approvedAt: { $ne: null }, revokedAt: null },
  REVOKED: { revokedAt: { $ne: null } },
};

function where(f?: TrustedDocumentFilter): Record<string, unknown> {
  const w = simpleWhere(f as Record<string, unknown> | undefined, []);
  if (f?.apiKeyId) w.apiKeyId = Number(f.apiKeyId) || 0;
  if (f?.status) {
    if (!STATUS_WHERE[f.status]) throw badInput('filter.status', '状態は PENDING, APPROVED, REVOKED のいずれかです', 'Status is PENDING, APPROVED or REVOKED');
    Object.assign(w, STATUS_WHERE[f.status]);
  }
  return w;
}

@Resolver(() => TrustedDocument)
export class TrustedDocumentResolver {
  @Query(() => [TrustedDocument])
  allTrustedDocuments(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => TrustedDocumentFilter, { nullable: true }) f: TrustedDocumentFilter | undefined,
    @Ctx() ctx: RequestContext) {
    return listEntities(ctx.em, TrustedDocument, args, where(f), ['id', 'apiKeyId', 'registeredAt', 'approvedAt']);
  }

  @Query(() => ListMetadata)
  async _allTrustedDocumentsMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => TrustedDocumentFilter, { nullable: true }) f: TrustedDocumentFilter | undefined,
    @Ctx() ctx: RequestContext) {
    return { count: await ctx.em.count(TrustedDocument, where(f)) };
  }

  @Query(() => TrustedDocument)
  TrustedDocument(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return getEntity(ctx.em, TrustedDocument, id); }

  @Mutation(() => TrustedDocument, { description: 'Registers a document an API key may run (in force once the privacy manager approves it)' })
  registerTrustedDocument(
    @Arg('apiKeyId', () => ID) apiKeyId: string, @Arg('document', () => String) document: string,
    @Arg('purpose', () => String, { nullable: true }) purpose: string | null, @Arg('note', () => String) note: string,
    @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo,
  ) { return registerDocument(ctx, { apiKeyId, document, purpose, note }, info.schema); }

  @Mutation(() => TrustedDocument)
  approveTrustedDocument(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return approveDocument(ctx, id); }

  @Mutation(() => TrustedDocument)
  revokeTrustedDocument(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return revokeDocument(ctx, id); }
}
