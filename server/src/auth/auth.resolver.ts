import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { POLICY_VERSION } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { ListMetadata } from '../common/list';
import { Staff } from '../modules/staff/staff.entity';
import { ApiKey } from './auth.entities';
import { createApiKey, login, logout, revokeApiKey } from './auth.service';

/** What a login still needs: nothing, a second factor, or the enrolment of one (its token may do only that). */
export enum LoginNext { DONE = 'DONE', SECOND_FACTOR = 'SECOND_FACTOR', ENROL_MFA = 'ENROL_MFA' }
registerEnumType(LoginNext, { name: 'LoginNext' });

@ObjectType()
export class LoginResult {
  @Field(() => String) token!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Staff) staff!: Staff;
  @Field(() => LoginNext, { description: 'DONE: a full session; otherwise the token may only take this step (verifySecondFactor, or beginMfaEnrolment then confirmMfaEnrolment)' })
  next!: LoginNext;
}

@ObjectType()
export class Me {
  @Field(() => ID, { nullable: true }) id!: number | null;
  @Field(() => String) name!: string;
  @Field(() => String) role!: string;
  @Field(() => [String], { description: 'The purposes this account may declare in X-Purpose' }) purposes!: string[];
  @Field(() => ID, { nullable: true }) contractorId!: number | null;
  @Field(() => String, { nullable: true, description: 'The purpose this request declared, if allowed' }) purpose!: string | null;
  @Field(() => String) policyVersion!: string;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => String, { description: 'Shown once: only its hash is stored' }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult)
  login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: RequestContext) {
    return login(ctx, email, password);
  }

  @Mutation(() => Boolean)
  logout(@Ctx() ctx: RequestContext) { return logout(ctx); }

  @Query(() => Me)
  me(@Ctx() ctx: RequestContext): Me {
    const a = ctx.actor!;
    return {
      id: a.staffId, name: a.name, role: a.role, purposes: [...a.purposes], contractorId: a.contractorId,
      purpose: ctx.purpose, policyVersion: POLICY_VERSION,
    };
  }

  @Query(() => [ApiKey])
  allApiKeys(@Ctx() ctx: RequestContext) { return ctx.em.find(ApiKey, {}, { orderBy: { id: 'desc' }, limit: 500 }); }

  @Query(() => ListMetadata)
  async _allApiKeysMeta(@Ctx() ctx: RequestContext) { return { count: await ctx.em.count(ApiKey, {}) }; }

  @Mutation(() => CreatedApiKey)
  createApiKey(
    @Arg('name', () => String) name: string, @Arg('role', () => String) role: string,
    @Arg('purposes', () => [String]) purposes: string[], @Ctx() ctx: RequestContext,
  ) { return createApiKey(ctx, name, role, purposes); }

  @Mutation(() => ApiKey)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) { return revokeApiKey(ctx, id); }
}
