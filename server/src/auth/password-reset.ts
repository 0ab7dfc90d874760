// Passwords are set by their owner only: an account gets a one-time link mailed to its own address (a new
// account, or a reset sent by a holder of POWERS.issuePasswordResets), and a signed-in person may change
// their own. No operation takes a password for another account, and no link is ever answered to the issuer.
import argon2 from 'argon2';
import { inTransaction, type RequestContext } from '../context';
import { badInput, notFound, unauthenticated } from '../common/errors';
import { idOf } from '../common/list';
import { jstDateTimeLabel } from '../common/japan-dates';
import { recordSecurityEvent } from '../trail/security-events';
import { queueStaffMail } from './mail-outbox';
import { checkNewPassword, issuePasswordSetup, sqlIn } from './password-setup';

const MAIL: Record<'INVITE' | 'RESET', { kind: 'PASSWORD_INVITE' | 'PASSWORD_RESET'; subject: string; lead: string }> = {
  INVITE: {
    kind: 'PASSWORD_INVITE', subject: '【守り Mamori】アカウントのパスワード設定 / Set your password',
    lead: 'アカウントが作成されました。次のリンクからご自身でパスワードを設定してください。\nAn account was created for you; set your password at this link.',
  },
  RESET: {
    kind: 'PASSWORD_RESET', subject: '【守り Mamori】パスワード再設定 / Reset your password',
    lead: 'パスワードの再設定が依頼されました。次のリンクから新しいパスワードを設定してください。\nA password reset was asked for; set a new password at this link.',
  },
};

/**
 * Issues a one-time link for `staffId` and queues it to the account's own address, in the caller's
 * transaction. Only the expiry is returned: the link itself never reaches the caller.
 */
export async function mailPasswordLink(ctx: RequestContext, staffId: number, reason: 'INVITE' | 'RESET'): Promise<{ expiresAt: Date }> {
  const { url, expiresAt } = await issuePasswordSetup(ctx, staffId, reason);
  const [staff] = await sqlIn(ctx.em)('select name from staff where id = ?', [staffId]);
  const m = MAIL[reason];
  await queueStaffMail(ctx.em, {
    kind: m.kind, staffId, subject: m.subject,
    body: `${staff.name} 様\n\n${m.lead}\n\n${url}\n\n有効期限 / Expires: ${jstDateTimeLabel(expiresAt)}(1回限り / once only)\n`
      + '心当たりがない場合はこのメールを破棄し、個人情報保護管理者に連絡してください。\nIf you did not expect this, discard it and tell the privacy manager.\n',
  });
  return { expiresAt };
}

/**
 * Sends the owner of `staffId` a one-time reset link and ends the account's sessions (its token version moves
 * on). The password stays as it was until the owner sets a new one through the link.
 */
export async function issuePasswordReset(ctx: RequestContext, staffId: unknown): Promise<boolean> {
  const id = idOf(staffId, 'staffId');
  await inTransaction(ctx, async (tx) => {
    const sql = sqlIn(tx.em);
    const [staff] = await sql('select id, active from staff where id = ? for update', [id]);
    if (!staff) throw notFound('Staff');
    if (!staff.active) throw badInput('staffId', '無効化されたアカウントには送れません', 'The account is deactivated');
    await sql('update staff set token_version = token_version + 1 where id = ?', [id]);
    await sql('update session set revoked_at = now() where staff_id = ? and revoked_at is null', [id]);
    await mailPasswordLink(tx, id, 'RESET');
  });
  return true;
}

/**
 * A signed-in staff member changes their own password, giving the current one. Every other session of the
 * account ends; this one goes on.
 */
export async function changeMyPassword(ctx: RequestContext, current: string, next: string): Promise<boolean> {
  const actor = ctx.actor;
  if (actor?.kind !== 'staff' || !actor.staffId || !actor.sessionId) throw unauthenticated();
  const refused = await inTransaction(ctx, async (tx) => {
    const sql = sqlIn(tx.em);
    const [staff] = await sql('select id, email, password_hash from staff where id = ? for update', [actor.staffId]);
    if (!staff) throw unauthenticated();
    const ok = await argon2.verify(staff.password_hash, String(current ?? '')).catch(() => false);
    if (!ok) return true;
    if (next === current) throw badInput('next', '新しいパスワードは現在のものと変えてください', 'The new password must differ from the current one');
    const hash = await argon2.hash(checkNewPassword(next, staff.email), { type: argon2.argon2id });
    const [{ token_version: version }] = await sql('update staff set password_hash = ?, token_version = token_version + 1 where id = ? returning token_version',
      [hash, staff.id]);
    await sql('update session set revoked_at = now() where staff_id = ? and revoked_at is null and id <> ?', [staff.id, actor.sessionId]);
    await sql('update session set token_version = ? where id = ?', [version, actor.sessionId]);
    return false;
  });
  if (refused) {
    await recordSecurityEvent(ctx, 'PASSWORD_CHANGE_REFUSED', { staffId: actor.staffId });
    throw badInput('current', '現在のパスワードが違います', 'The current password is wrong');
  }
  await recordSecurityEvent(ctx, 'PASSWORD_CHANGED', { staffId: actor.staffId });
  return true;
}
