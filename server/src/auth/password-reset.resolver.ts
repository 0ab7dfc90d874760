import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { changeMyPassword, issuePasswordReset } from './password-reset';

/** Passwords are their owner's: a reset is a link mailed to the owner, a change needs the current password. */
@Resolver()
export class PasswordResetResolver {
  @Mutation(() => Boolean, { description: 'Mails the account\'s owner a one-time link to set a new password and ends its sessions; the link is never answered' })
  issuePasswordReset(@Arg('staffId', () => ID) staffId: string, @Ctx() ctx: RequestContext) { return issuePasswordReset(ctx, staffId); }

  @Mutation(() => Boolean, { description: 'Changes the caller\'s own password; the caller\'s other sessions end' })
  changeMyPassword(@Arg('current', () => String) current: string, @Arg('next', () => String) next: string, @Ctx() ctx: RequestContext) {
    return changeMyPassword(ctx, current, next);
  }
}
