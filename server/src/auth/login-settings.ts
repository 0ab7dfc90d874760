import { isProduction } from '../config';
import { isRoleKey, MFA_ROLES_IN_PRODUCTION, type RoleKey } from '../../../schema/policy';
import { SettingError, TrustedProxies } from './client-address';

/** The settings of logins, parsed once when the app starts: a bad value stops it with a message naming the variable. */
export interface LoginSettings {
  trustedProxies: TrustedProxies;
  /** Roles whose logins need a second factor (TOTP). */
  mfaRoles: ReadonlySet<RoleKey>;
  /** Failures of one account within a day (from any address) after which it is locked hard. */
  accountLockFailures: number;
}

export function loginSettingsFrom(env: NodeJS.ProcessEnv = process.env): LoginSettings {
  return {
    trustedProxies: TrustedProxies.parse(env.MAMORI_TRUSTED_PROXIES),
    mfaRoles: mfaRolesFrom(env.MAMORI_MFA_ROLES),
    accountLockFailures: integerSetting('MAMORI_LOGIN_MAX_FAILURES', env.MAMORI_LOGIN_MAX_FAILURES, 50, 10, 100_000),
  };
}

/** Unset: the production default (none outside production); empty or `none`: no role. */
function mfaRolesFrom(value: string | undefined): ReadonlySet<RoleKey> {
  if (value === undefined) return new Set(isProduction() ? MFA_ROLES_IN_PRODUCTION : []);
  const names = value.split(/[\s,]+/).filter(Boolean);
  if (names.length === 1 && names[0].toLowerCase() === 'none') return new Set();
  const unknown = names.find((n) => !isRoleKey(n));
  if (unknown) throw new SettingError(`MAMORI_MFA_ROLES: "${unknown}" is not a role (roles are e.g. PRIVACY_MANAGER, AUDITOR, ADMIN; "none" for none)`);
  return new Set(names as RoleKey[]);
}

function integerSetting(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) throw new SettingError(`${name}: "${value}" is not a whole number from ${min} to ${max}`);
  return n;
}

/** The app's login settings, read from the environment the first time they are asked for (startApp asks at start). */
export function loginSettingsOf(deps: { logins?: LoginSettings }): LoginSettings {
  return (deps.logins ??= loginSettingsFrom());
}
