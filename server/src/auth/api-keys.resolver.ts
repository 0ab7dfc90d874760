import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ListArgs, ListMetadata } from '../common/list';
import { listEntities, simpleWhere } from '../common/simple-list';
import type { RequestContext } from '../context';
import { ApiKey } from './auth.entities';
import { createApiKey, revokeApiKey } from './api-keys.service';
import { ApiKeyFilter } from './api-keys.inputs';

@ObjectType()
export class CreatedApiKey {
  @Field(() => String, { description: 'Shown once: only its hash is stored' }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}

/** API keys: issued by POWERS.issueApiKeys for the issuer's own role, seen by viewApiKeys, revoked by revokeApiKeys. */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey])
  allApiKeys(@Args(() => ListArgs) args: ListArgs, @Arg('filter', () => ApiKeyFilter, { nullable: true }) f: ApiKeyFilter | undefined, @Ctx() ctx: RequestContext) {
    return listEntities(ctx.em, ApiKey, args, simpleWhere(f as Record<string, unknown>, ['status', 'role']), ['id', 'name', 'role', 'createdAt', 'expiresAt', 'status']);
  }

  @Query(() => ListMetadata)
  async _allApiKeysMeta(@Args(() => ListArgs) _a: ListArgs, @Arg('filter', () => ApiKeyFilter, { nullable: true }) f: ApiKeyFilter | undefined, @Ctx() ctx: RequestContext) {
    return { count: await ctx.em.count(ApiKey, simpleWhere(f as Record<string, unknown>, ['status', 'role'])) };
  }

  @Mutation(() => CreatedApiKey, { description: 'A key for the caller\'s own role (role may be left out), purposes it may declare and its contractor' })
  createApiKey(
    @Arg('name', () => String) name: string, @Arg('purposes', () => [String]) purposes: string[],
    @Arg('role', () => String, { nullable: true }) role: string | null, @Arg('expiresInDays', () => Int, { nullable: true, description: 'Default 90, at most 365' }) expiresInDays: number | null,
    @Ctx() ctx: RequestContext,
  ) { return createApiKey(ctx, { name, role, purposes, expiresInDays }); }

  @Mutation(() => ApiKey)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return revokeApiKey(ctx, id); }

  @FieldResolver(() => ID, { nullable: true, description: 'The staff member who issued it (the key acts as itself, never as them)' })
  createdById(@Root() k: ApiKey) { return k.createdBy?.id ?? null; }
}
