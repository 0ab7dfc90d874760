import type { RoleKey } from './roles';

/** How long a failed login counts (for throttling and the hard lock): a day after the last failure. */
export const LOGIN_FAILURES_LAPSE_HOURS = 24;

/**
 * Roles that log in with a second factor (TOTP) in production unless MAMORI_MFA_ROLES names others: the
 * roles that see the trail, run people's requests or manage accounts and keys. Outside production the
 * default is none, so the demo accounts of `npm start` keep password-only logins.
 */
export const MFA_ROLES_IN_PRODUCTION: readonly RoleKey[] = ['PRIVACY_MANAGER', 'AUDITOR', 'ADMIN'];

/**
 * Who may act on others' logins and on what API keys may run. The shield's operation rules and the admin
 * UI's buttons are derived from this.
 */
export const LOGIN_POWERS = {
  /** Reset another staff member's second factor, lift another's lock (never one's own: the service refuses it). */
  resetLogins: ['PRIVACY_MANAGER'],
  /** See the documents API keys may run. */
  readTrustedDocuments: ['ADMIN', 'PRIVACY_MANAGER', 'AUDITOR'],
  /** Register a document for an API key (it runs nothing until approved). */
  registerTrustedDocuments: ['ADMIN'],
  /** Approve a registered document: what an internal tool may do with personal data is the privacy manager's call. */
  approveTrustedDocuments: ['PRIVACY_MANAGER'],
  /** Withdraw a document (narrowing is safe in either hand). */
  revokeTrustedDocuments: ['ADMIN', 'PRIVACY_MANAGER'],
} as const satisfies Record<string, readonly RoleKey[]>;

export type LoginPower = keyof typeof LOGIN_POWERS;

export function hasLoginPower(role: unknown, power: LoginPower): boolean {
  return (LOGIN_POWERS[power] as readonly string[]).includes(role as string);
}
