import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { Staff } from '../modules/staff/staff.entity';
import { login, logout } from './auth.service';

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
  @Field(() => String, { description: 'The label of the policy version this request was decided under (policyInForce has its number)' }) policyVersion!: string;
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
      purpose: ctx.purpose, policyVersion: String(ctx.policy.rules.document.label ?? ''),
    };
  }
}
