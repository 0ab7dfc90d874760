import { GraphQLError } from 'graphql';
import { generateSecret, generateURI, verify } from 'otplib';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../common/errors';
import { idOf } from '../common/list';
import { textArray } from '../common/sql';
import { inTransaction, type RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import { Staff } from '../modules/staff/staff.entity';
import { Session } from './auth.entities';
import { openSession, type LoginAnswer } from './sessions';
import { countLoginFailure, withinLoginLimits } from './lockout';
import { loginSettingsOf } from './login-settings';
import type { LoginStep } from './login-steps';
import { canonicalRecoveryCode, newRecoveryCodes, openTotpSecret, recoveryCodeHash, sealTotpSecret } from './mfa-secrets';

/** TOTP as authenticator apps expect it (RFC 6238: SHA-1, 6 digits, 30 s); one step of clock drift either way. */
const TOTP = { digits: 6, period: 30, epochTolerance: 30 } as const;
const ISSUER = 'Mamori';

const sql = (ctx: RequestContext) => ctx.em.getConnection();

/** What a password login leads to: a second factor if enrolled, an enrolment if the role needs one, else nothing. */
export async function stepAfterPassword(ctx: RequestContext, staff: Staff): Promise<LoginStep | null> {
  const [row] = await sql(ctx).execute(`select confirmed_at is not null as enrolled from staff_mfa where staff_id = ?`, [staff.id]);
  if (row?.enrolled) return 'SECOND_FACTOR';
  return loginSettingsOf(ctx.deps).mfaRoles.has(staff.role!) ? 'ENROL_MFA' : null; // login refuses an account without a role before this
}

/** The staff member enrolling: a staff session, or a login at its enrolment step. */
function enrollingStaffId(ctx: RequestContext): number {
  const id = ctx.actor?.kind === 'staff' ? ctx.actor.staffId : ctx.loginInProgress?.step === 'ENROL_MFA' ? ctx.loginInProgress.staffId : null;
  if (!id) throw unauthenticated();
  return id;
}

/**
 * Starts (or restarts) an enrolment: a new secret, sealed, not yet in force. Shown once with its otpauth://
 * URI for the QR code. Refused while a confirmed one stands: only a privacy manager's reset removes it.
 */
export async function beginEnrolment(ctx: RequestContext): Promise<{ secret: string; otpauthUri: string }> {
  const staffId = enrollingStaffId(ctx);
  const staff = await ctx.em.findOneOrFail(Staff, { id: staffId });
  const secret = generateSecret({ length: 20 });
  const rows = await sql(ctx).execute(
    `insert into staff_mfa (staff_id, secret_sealed) values (?, ?)
     on conflict (staff_id) do update set secret_sealed = excluded.secret_sealed, created_at = now(), last_time_step = null
       where staff_mfa.confirmed_at is null
     returning staff_id`, [staffId, sealTotpSecret(ctx.deps.secret, staffId, secret)]);
  if (!rows.length) throw alreadyEnrolled();
  return { secret, otpauthUri: generateURI({ issuer: ISSUER, label: staff.email, secret, ...TOTP }) };
}

/**
 * Puts the enrolment in force once a code from the app proves it was scanned; issues the recovery codes
 * (shown once, stored hashed). A login at its enrolment step becomes a full session.
 */
export async function confirmEnrolment(ctx: RequestContext, code: string): Promise<{ recoveryCodes: string[]; login: LoginAnswer | null }> {
  const staffId = enrollingStaffId(ctx);
  const digits = totpCode(code);
  const [row] = await sql(ctx).execute(`select secret_sealed, confirmed_at from staff_mfa where staff_id = ?`, [staffId]);
  if (!row) throw badInput('code', '先に二要素認証の登録を開始してください', 'Start the enrolment first');
  if (row.confirmed_at) throw alreadyEnrolled();
  const step = await verifiedTimeStep(ctx, staffId, row.secret_sealed, digits, null);
  if (step === null) throw badInput('code', '確認コードが正しくありません。アプリに表示されている6桁を入力してください', 'The code does not match; enter the 6 digits the app shows');
  const recoveryCodes = newRecoveryCodes();
  await inTransaction(ctx, async (tx) => {
    const confirmed = await sql(tx).execute(
      `update staff_mfa set confirmed_at = now(), last_time_step = ? where staff_id = ? and confirmed_at is null returning staff_id`, [step, staffId]);
    if (!confirmed.length) throw alreadyEnrolled();
    await storeRecoveryCodes(tx, staffId, recoveryCodes);
  });
  await recordSecurityEvent(ctx, 'MFA_ENROLLED', { staffId });
  let login: LoginAnswer | null = null;
  if (ctx.loginInProgress?.step === 'ENROL_MFA') {
    await endStepSession(ctx);
    login = await openSession(ctx, await ctx.em.findOneOrFail(Staff, { id: staffId }), 'FULL', { factor: 'totp' });
  }
  return { recoveryCodes, login };
}

/** The second factor of a login: a code from the app, or one unused recovery code. Throttled like a password. */
export async function verifySecondFactor(ctx: RequestContext, code: string): Promise<LoginAnswer> {
  const pending = ctx.loginInProgress;
  if (pending?.step !== 'SECOND_FACTOR') throw unauthenticated();
  const typed = String(code ?? '').trim();
  const digits = /^\d{6}$/.test(typed.replace(/\s/g, '')) ? typed.replace(/\s/g, '') : null;
  const recovery = digits ? null : canonicalRecoveryCode(typed);
  if (!digits && !recovery) throw badInput('code', '6桁の確認コードか回復コードを入力してください', 'Enter the 6-digit code or a recovery code');
  const factor = await withinLoginLimits(ctx, pending.email, async () => {
    const ok = digits ? await useTotp(ctx, pending.staffId, digits) : await useRecoveryCode(ctx, pending.staffId, recovery!);
    if (!ok) {
      await countLoginFailure(ctx, pending.email, pending.staffId, 'second_factor');
      throw wrongCode();
    }
    return digits ? 'totp' : 'recovery_code';
  });
  await endStepSession(ctx);
  return openSession(ctx, await ctx.em.findOneOrFail(Staff, { id: pending.staffId }), 'FULL', { factor });
}

/**
 * Removes a staff member's second factor and ends their sessions (they enrol again at their next login).
 * Only another privacy manager may do it: whoever could reset their own would not need the factor.
 */
export async function resetMfa(ctx: RequestContext, id: string, reason: string): Promise<Staff> {
  const staff = await otherStaff(ctx, id, 'reset');
  const why = checkedReason(reason);
  await inTransaction(ctx, async (tx) => {
    await sql(tx).execute(`delete from staff_recovery_code where staff_id = ?`, [staff.id]);
    await sql(tx).execute(`delete from staff_mfa where staff_id = ?`, [staff.id]);
    await sql(tx).execute(`update staff set token_version = token_version + 1 where id = ?`, [staff.id]);
  });
  await recordSecurityEvent(ctx, 'MFA_RESET', { staffId: staff.id, email: staff.email, reason: why });
  await ctx.em.refresh(staff);
  return staff;
}

/** Lifts an account's hard lock (and its per-address slow-downs) before it lapses: another privacy manager only. */
export async function unlockLogin(ctx: RequestContext, id: string, reason: string): Promise<Staff> {
  const staff = await otherStaff(ctx, id, 'unlock');
  const why = checkedReason(reason);
  await sql(ctx).execute(`delete from login_throttle where (scope = 'account' and key = ?) or (scope = 'pair' and split_part(key, '|', 1) = ?)`,
    [staff.email, staff.email]);
  await recordSecurityEvent(ctx, 'LOGIN_UNLOCKED', { staffId: staff.id, email: staff.email, reason: why });
  return staff;
}

/** Whether a staff member has a second factor in force, and how many recovery codes are left. */
export async function mfaStatusOf(ctx: RequestContext, staffId: number): Promise<{ enrolled: boolean; recoveryCodesLeft: number }> {
  const [row] = await sql(ctx).execute(
    `select exists (select 1 from staff_mfa where staff_id = ? and confirmed_at is not null) as enrolled,
            (select count(*)::int from staff_recovery_code where staff_id = ? and used_at is null) as left`, [staffId, staffId]);
  return { enrolled: row.enrolled, recoveryCodesLeft: row.left };
}

async function otherStaff(ctx: RequestContext, id: string, what: 'reset' | 'unlock'): Promise<Staff> {
  const staff = await ctx.em.findOne(Staff, { id: idOf(id) });
  if (!staff) throw notFound('Staff');
  if (staff.id === ctx.actor?.staffId) {
    throw what === 'reset'
      ? forbidden('Your own second factor can only be reset by another privacy manager', '自分の二要素認証は別の個人情報保護管理者しかリセットできません')
      : forbidden('Your own account can only be unlocked by another privacy manager', '自分のアカウントは別の個人情報保護管理者しかロック解除できません');
  }
  return staff;
}

function checkedReason(reason: string): string {
  const r = String(reason ?? '').trim();
  if (!r || [...r].length > 500) throw badInput('reason', '理由を1〜500文字で入力してください', 'Give a reason of 1–500 characters');
  return r;
}

function totpCode(code: string): string {
  const digits = String(code ?? '').replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) throw badInput('code', '確認コードは6桁の数字です', 'The code is 6 digits');
  return digits;
}

/** The time step a code matches (after `after`, so no code is accepted twice), or null. */
async function verifiedTimeStep(ctx: RequestContext, staffId: number, sealed: string, digits: string, after: number | null): Promise<number | null> {
  const secret = openTotpSecret(ctx.deps.secret, staffId, sealed);
  // A secret sealed under another MAMORI_SECRET cannot be checked: it fails like a wrong code (a reset mends it).
  if (!secret) return null;
  const result = await verify({ secret, token: digits, ...TOTP, ...(after === null ? {} : { afterTimeStep: after }) });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** A TOTP code for a login: valid, and of a later time step than the last one used (claimed atomically). */
async function useTotp(ctx: RequestContext, staffId: number, digits: string): Promise<boolean> {
  const [row] = await sql(ctx).execute(`select secret_sealed, last_time_step from staff_mfa where staff_id = ? and confirmed_at is not null`, [staffId]);
  if (!row) return false;
  const last = row.last_time_step === null ? null : Number(row.last_time_step);
  const step = await verifiedTimeStep(ctx, staffId, row.secret_sealed, digits, last);
  if (step === null) return false;
  const claimed = await sql(ctx).execute(
    `update staff_mfa set last_time_step = ? where staff_id = ? and (last_time_step is null or last_time_step < ?) returning staff_id`, [step, staffId, step]);
  return claimed.length === 1;
}

async function useRecoveryCode(ctx: RequestContext, staffId: number, canonical: string): Promise<boolean> {
  const used = await sql(ctx).execute(
    `update staff_recovery_code set used_at = now() where staff_id = ? and code_hash = ? and used_at is null returning id`,
    [staffId, recoveryCodeHash(ctx.deps.secret, canonical)]);
  if (!used.length) return false;
  const { recoveryCodesLeft } = await mfaStatusOf(ctx, staffId);
  await recordSecurityEvent(ctx, 'RECOVERY_CODE_USED', { staffId, recoveryCodesLeft });
  return true;
}

async function storeRecoveryCodes(ctx: RequestContext, staffId: number, codes: string[]): Promise<void> {
  await sql(ctx).execute(`delete from staff_recovery_code where staff_id = ?`, [staffId]);
  const canonical = codes.map((c) => canonicalRecoveryCode(c)!);
  await sql(ctx).execute(
    `insert into staff_recovery_code (staff_id, code_hash) select ?, unnest(?::text[])`,
    [staffId, textArray(canonical.map((c) => recoveryCodeHash(ctx.deps.secret, c)))]);
}

/** The step's session ends when the step is done: the full session that follows has its own id. */
async function endStepSession(ctx: RequestContext): Promise<void> {
  if (ctx.loginInProgress) await ctx.em.nativeUpdate(Session, { id: ctx.loginInProgress.sessionId }, { revokedAt: new Date() });
}

const alreadyEnrolled = () => conflict(
  '二要素認証は登録済みです。再登録には別の個人情報保護管理者によるリセットが必要です',
  'A second factor is already enrolled; another privacy manager must reset it before a new enrolment');

/** UNAUTHENTICATED (the login is not done), naming the field, so the form asks again rather than starting over. */
const wrongCode = () => new GraphQLError('確認コードが正しくありません / The code is not right', {
  extensions: { code: 'UNAUTHENTICATED', reason: 'WRONG_CODE', field: 'code', messageJa: '確認コードが正しくありません', messageEn: 'The code is not right' },
});
