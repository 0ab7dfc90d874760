import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { unauthenticated } from '../common/errors';
import type { RequestContext } from '../context';
import { Staff } from '../modules/staff/staff.entity';
import { LoginResult } from './auth.resolver';
import { loginSettingsOf } from './login-settings';
import { readField } from '../policy/projection-sources';
import { beginEnrolment, confirmEnrolment, mfaStatusOf, resetMfa, unlockLogin, verifySecondFactor } from './mfa.service';

@ObjectType({ description: 'A second factor being enrolled: shown once; scan the URI as a QR code or type the secret' })
export class MfaEnrolment {
  @Field(() => String, { description: 'Base32 TOTP secret, for typing into the app by hand' }) secret!: string;
  @Field(() => String, { description: 'otpauth:// URI, drawn as a QR code' }) otpauthUri!: string;
}

@ObjectType()
export class MfaConfirmation {
  @Field(() => [String], { description: 'Single-use recovery codes: shown once, stored hashed' }) recoveryCodes!: string[];
  @Field(() => LoginResult, { nullable: true, description: 'The full session, when the enrolment was the step a login owed' }) login!: LoginResult | null;
}

@ObjectType()
export class MfaStatus {
  @Field(() => Boolean) enrolled!: boolean;
  @Field(() => Boolean, { description: 'Whether this account’s role must log in with a second factor (MAMORI_MFA_ROLES)' }) required!: boolean;
  @Field(() => Int) recoveryCodesLeft!: number;
}

@Resolver(() => Staff)
export class MfaResolver {
  @Mutation(() => LoginResult, { description: 'The second factor of a login: a 6-digit code from the app, or a recovery code' })
  verifySecondFactor(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext) { return verifySecondFactor(ctx, code); }

  @Mutation(() => MfaEnrolment)
  beginMfaEnrolment(@Ctx() ctx: RequestContext) { return beginEnrolment(ctx); }

  @Mutation(() => MfaConfirmation)
  confirmMfaEnrolment(@Arg('code', () => String) code: string, @Ctx() ctx: RequestContext) { return confirmEnrolment(ctx, code); }

  @Mutation(() => Staff, { description: 'Removes a staff member’s second factor and ends their sessions; another privacy manager only' })
  resetStaffMfa(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return resetMfa(ctx, id, reason);
  }

  @Mutation(() => Staff, { description: 'Lifts the hard lock of an account after many failed logins; another privacy manager only' })
  unlockStaffLogin(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return unlockLogin(ctx, id, reason);
  }

  @Query(() => MfaStatus, { description: 'The caller’s own second factor' })
  async mfaStatus(@Ctx() ctx: RequestContext): Promise<MfaStatus> {
    const actor = ctx.actor;
    if (actor?.kind !== 'staff' || !actor.staffId) throw unauthenticated();
    return { ...(await mfaStatusOf(ctx, actor.staffId)), required: loginSettingsOf(ctx.deps).mfaRoles.has(actor.role) };
  }

  @FieldResolver(() => Boolean, { description: 'Locked after too many failed logins (MAMORI_LOGIN_MAX_FAILURES); lifted by unlockStaffLogin or a day after the last' })
  loginLocked(@Root() staff: Staff, @Ctx() ctx: RequestContext): unknown {
    return readField('Staff', 'loginLocked', staff, ctx.deps);
  }

  @FieldResolver(() => Boolean, { description: 'Whether a second factor is in force for this account' })
  async mfaEnrolled(@Root() staff: Staff, @Ctx() ctx: RequestContext): Promise<boolean> {
    // Read with the row (a formula of the entity); an account not read from the database is asked on its own.
    return (readField('Staff', 'mfaEnrolled', staff) as boolean | undefined) ?? (await mfaStatusOf(ctx, staff.id)).enrolled;
  }
}
