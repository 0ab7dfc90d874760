// One-time links that let a staff member set their own password: for the first accounts (staff:bootstrap)
// and for an ADMIN's reset. No password ever travels on a command line or in a message: only a link, whose
// token is stored as its sha256, expires, works once, and is voided by a newer link for the same account.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import argon2 from 'argon2';
import { GraphQLError } from 'graphql';
import { settings } from '../config';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import { entryFromRequest } from '../trail/trail-context';
import { appendTrail, type TrailEntryInput } from '../trail/trail-writer';
import { badInput, notFound } from '../common/errors';
import { sha256 } from './tokens';
import { sqlIn } from '../common/sql';

export { sqlIn };

/** BOOTSTRAP: a first account (staff:bootstrap); INVITE: a new account; RESET: an account's owner resets it. */
export type PasswordSetupReason = 'BOOTSTRAP' | 'INVITE' | 'RESET';

/** How long a link can be used: the first accounts' and new accounts' links travel further than a reset's. */
export const PASSWORD_SETUP_TTL_MS: Record<PasswordSetupReason, number> = {
  BOOTSTRAP: 72 * 3_600_000, INVITE: 72 * 3_600_000, RESET: 24 * 3_600_000,
};

export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** Who issues a link, for its trail entry: a request (an ADMIN), or a command run on the server. */
export type PasswordSetupIssuer = RequestContext | { em: EntityManager; command: string };

export interface IssuedPasswordSetup {
  url: string;
  expiresAt: Date;
}

/** Why a link does not work (extensions.reason of its NOT_FOUND error). */
export type LinkRefusal = 'UNKNOWN' | 'USED' | 'EXPIRED' | 'REPLACED' | 'DEACTIVATED';

const REFUSALS: Record<LinkRefusal, [string, string]> = {
  UNKNOWN: ['このリンクは無効です', 'This link is not valid'],
  USED: ['このリンクはすでに使われました', 'This link has already been used'],
  EXPIRED: ['このリンクは有効期限が切れています', 'This link has expired'],
  REPLACED: ['このリンクは新しいリンクに置き換えられました', 'A newer link replaced this one'],
  DEACTIVATED: ['このアカウントは無効化されています', 'The account is deactivated'],
};

function refused(reason: LinkRefusal): GraphQLError {
  const [ja, en] = REFUSALS[reason];
  return new GraphQLError(`${ja}。管理者に新しいリンクを依頼してください / ${en}; ask an administrator for a new link`, {
    extensions: { code: 'NOT_FOUND', reason, messageJa: ja, messageEn: en },
  });
}

/**
 * The address people open the admin UI at: MAMORI_PUBLIC_URL, else the server's own listen address. Never
 * taken from a request's Host header, which whoever asks for a reset could forge.
 */
export function publicUrl(): string {
  const { MAMORI_PUBLIC_URL: configured, HOST, PORT } = settings();
  if (configured) return configured.toString().replace(/\/+$/, '');
  return `http://${HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST}:${PORT}`;
}

/** The admin UI's page for a token (a fragment: it never reaches a server's or a proxy's log). */
export const setupLinkUrl = (token: string, base = publicUrl()) => `${base}/#/set-password?token=${encodeURIComponent(token)}`;


function trailEntry(by: PasswordSetupIssuer | RequestContext, event: string, detail: Record<string, unknown>): TrailEntryInput {
  const who = 'deps' in by ? entryFromRequest(by, 'SECURITY')
    : { kind: 'SECURITY' as const, staffId: null, apiKeyId: null, role: null, purpose: null, operation: by.command, queryHash: null, requestId: null, clientAddress: null };
  return { ...who, customerId: null, clearFields: [], maskedFields: [], detail: { event, ...detail } };
}

/**
 * Issues a link for `staffId` and returns it: shown once, to be handed to that person. Earlier unused links
 * of the account stop working. Recorded in the trail in the same transaction.
 */
export async function issuePasswordSetup(by: PasswordSetupIssuer, staffId: number, reason: PasswordSetupReason): Promise<IssuedPasswordSetup> {
  return by.em.transactional(async (tem) => {
    const sql = sqlIn(tem);
    const [staff] = await sql('select id, active from staff where id = ? for update', [staffId]);
    if (!staff) throw notFound('Staff');
    if (!staff.active) throw badInput('staffId', '無効化されたアカウントにはリンクを発行できません', 'The account is deactivated');
    await sql('update password_setup set voided_at = now() where staff_id = ? and used_at is null and voided_at is null', [staffId]);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + PASSWORD_SETUP_TTL_MS[reason]);
    const issuedBy = 'deps' in by ? by.actor?.staffId ?? null : null;
    const [link] = await sql(
      'insert into password_setup (staff_id, token_hash, reason, issued_by_id, expires_at) values (?, ?, ?, ?, ?) returning id',
      [staffId, sha256(token), reason, issuedBy, expiresAt]);
    await appendTrail(tem, [trailEntry(by, 'PASSWORD_SETUP_ISSUED', { staffId, reason, linkId: link.id, expiresAt: expiresAt.toISOString() })]);
    return { url: setupLinkUrl(token), expiresAt };
  });
}

interface LinkRow { id: number; staff_id: number; reason: PasswordSetupReason; expires_at: Date; email: string; name: string; role: string }

/** The link of `token` if it can still be used (locked with `forUpdate`); else the reason it cannot. */
async function usableLink(em: EntityManager, token: string, forUpdate: boolean): Promise<LinkRow | LinkRefusal> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return 'UNKNOWN';
  const [row] = await sqlIn(em)(
    `select p.id, p.staff_id, p.reason, p.expires_at, p.used_at, p.voided_at, p.expires_at <= now() as expired, s.active, s.email, s.name, s.role
     from password_setup p join staff s on s.id = p.staff_id where p.token_hash = ?${forUpdate ? ' for update of p, s' : ''}`, [sha256(token)]);
  if (!row) return 'UNKNOWN';
  if (row.used_at) return 'USED';
  if (row.voided_at) return 'REPLACED';
  if (row.expired) return 'EXPIRED';
  if (!row.active) return 'DEACTIVATED';
  return row as LinkRow;
}

/** What the set-password page shows before the person chooses a password. */
export async function describePasswordSetup(em: EntityManager, token: string) {
  const link = await usableLink(em, token, false);
  if (typeof link === 'string') throw refused(link);
  return {
    name: link.name, email: link.email, role: link.role, reason: link.reason, expiresAt: new Date(link.expires_at), minPasswordLength: PASSWORD_LENGTH.min,
  };
}

/** The rules for a password someone chooses: its length, and not the account's own e-mail address. */
export function checkNewPassword(password: string, email: string): string {
  if (typeof password !== 'string' || password.length < PASSWORD_LENGTH.min) {
    throw badInput('password', `パスワードは${PASSWORD_LENGTH.min}文字以上にしてください`, `The password needs at least ${PASSWORD_LENGTH.min} characters`);
  }
  if (password.length > PASSWORD_LENGTH.max) {
    throw badInput('password', `パスワードは${PASSWORD_LENGTH.max}文字以内にしてください`, `The password may have at most ${PASSWORD_LENGTH.max} characters`);
  }
  if (password.trim().toLowerCase() === email.toLowerCase()) {
    throw badInput('password', 'メールアドレスをパスワードにはできません', 'The password may not be the e-mail address');
  }
  return password;
}

/**
 * Sets the password of the link's account and uses the link up. Every session of that account ends (its
 * token version moves on and its sessions are revoked). A refused link is recorded, and changes nothing.
 */
export async function completePasswordSetup(ctx: RequestContext, token: string, password: string): Promise<boolean> {
  const outcome = await ctx.em.transactional(async (tem) => {
    const link = await usableLink(tem, token, true);
    if (typeof link === 'string') return link;
    const hash = await argon2.hash(checkNewPassword(password, link.email), { type: argon2.argon2id });
    const sql = sqlIn(tem);
    await sql('update staff set password_hash = ?, token_version = token_version + 1 where id = ?', [hash, link.staff_id]);
    await sql('update session set revoked_at = now() where staff_id = ? and revoked_at is null', [link.staff_id]);
    await sql('update password_setup set used_at = now() where id = ?', [link.id]);
    await appendTrail(tem, [trailEntry(ctx, 'PASSWORD_SET', { staffId: link.staff_id, reason: link.reason, linkId: link.id })]);
    return null;
  });
  if (outcome) {
    await recordSecurityEvent(ctx, 'PASSWORD_SETUP_REFUSED', { reason: outcome });
    throw refused(outcome);
  }
  return true;
}
