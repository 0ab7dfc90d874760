import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where local state lives (embedded database, demo secret): `.mamori/` at the repo root, git-ignored. */
export function mamoriHome(): string {
  return resolve(process.env.MAMORI_HOME ?? '.mamori');
}

export const isProduction = () => process.env.NODE_ENV === 'production';

/**
 * The token signing key: MAMORI_SECRET, or in demo mode a random one kept in `.mamori/secret`.
 * Production without MAMORI_SECRET refuses to start.
 */
export function loadSecret(): string {
  const fromEnv = process.env.MAMORI_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('MAMORI_SECRET must be at least 32 characters');
    return fromEnv;
  }
  if (isProduction()) throw new Error('MAMORI_SECRET is required when NODE_ENV=production');
  const file = join(mamoriHome(), 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(mamoriHome(), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const SESSION_TTL_MS = Number(process.env.MAMORI_SESSION_TTL_MS ?? 8 * 60 * 60 * 1000);

/** The longest a single statement may run, on every connection (MAMORI_STATEMENT_TIMEOUT_MS, default 15 s). */
export function statementTimeoutMs(): number {
  return Number(process.env.MAMORI_STATEMENT_TIMEOUT_MS ?? 15_000);
}
