import type { RoleKey } from './roles';

/**
 * Roles that log in with a second factor (TOTP) in production unless MAMORI_MFA_ROLES names others: the
 * roles that see the trail, run people's requests or manage accounts and keys. Outside production the
 * default is none, so the demo accounts of `npm start` keep password-only logins.
 */
export const MFA_ROLES_IN_PRODUCTION: readonly RoleKey[] = ['PRIVACY_MANAGER', 'AUDITOR', 'ADMIN'];
