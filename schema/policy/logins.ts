import type { RoleKey } from './roles';
import { hasPower, POWERS } from './powers';

/** How long a failed login counts (for throttling and the hard lock): a day after the last failure. */
export const LOGIN_FAILURES_LAPSE_HOURS = 24;

/**
 * Roles that log in with a second factor (TOTP) in production unless MAMORI_MFA_ROLES names others: the
 * roles that see the trail, run people's requests or manage accounts and keys. Outside production the
 * default is none, so the demo accounts of `npm start` keep password-only logins.
 */
export const MFA_ROLES_IN_PRODUCTION: readonly RoleKey[] = ['PRIVACY_MANAGER', 'AUDITOR', 'ADMIN'];

/** The powers over logins and what API keys may run: a view of POWERS (powers.ts), declared there once. */
const LOGIN_POWER_KEYS = [
  'resetLogins', 'readTrustedDocuments', 'registerTrustedDocuments', 'approveTrustedDocuments', 'revokeTrustedDocuments',
] as const;
export type LoginPower = (typeof LOGIN_POWER_KEYS)[number];

/** Holders of each login power, read from POWERS. */
export const LOGIN_POWERS = Object.fromEntries(LOGIN_POWER_KEYS.map((p) => [p, POWERS[p].holders])) as { [P in LoginPower]: (typeof POWERS)[P]['holders'] };

export function hasLoginPower(role: unknown, power: LoginPower): boolean {
  return hasPower(role, power);
}
