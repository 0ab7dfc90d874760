import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { LruCache } from '../common/lru';

/**
 * TOTP secrets are stored sealed (AES-256-GCM) under a key derived from MAMORI_SECRET (HKDF-SHA256), bound
 * to their staff id (additional data), so the database alone never yields one and a sealed secret copied to
 * another account does not open. Recovery codes are stored as an HMAC under another derived key.
 * Changing MAMORI_SECRET makes every enrolment unusable: a privacy manager then resets them (docs/logins.md).
 */
// Keys derived per MAMORI_SECRET and use: a server has one secret (two uses); a few kept for tests' servers.
const keys = new LruCache<string, Buffer>('mfa_derived_keys', { max: 16 });
function derivedKey(secret: string, use: 'totp-secret' | 'recovery-code'): Buffer {
  const id = `${use}\0${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'mamori', `mamori/${use}/v1`, 32));
    keys.set(id, key);
  }
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function sealTotpSecret(secret: string, staffId: number, totpSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(secret, 'totp-secret'), iv);
  cipher.setAAD(Buffer.from(`staff:${staffId}`));
  const body = Buffer.concat([cipher.update(totpSecret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The TOTP secret, or null when the sealed value does not open (another key, another account, altered). */
export function openTotpSecret(secret: string, staffId: number, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey(secret, 'totp-secret'), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`staff:${staffId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch (e) {
    if (e instanceof Error && /auth|decrypt/i.test(e.message)) return null; // GCM's tag did not verify: not ours
    throw e;
  }
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: read aloud and typed without doubt
export const RECOVERY_CODE_COUNT = 10;

/** Ten single-use codes of 10 characters (about 49 bits each), shown as `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed (any case, spaces or hyphens) → its canonical form, or null if it cannot be one. */
export function canonicalRecoveryCode(typed: string): string | null {
  const c = typed.toLowerCase().replace(/[\s-]/g, '');
  return c.length === 10 && [...c].every((ch) => RECOVERY_ALPHABET.includes(ch)) ? c : null;
}

export function recoveryCodeHash(secret: string, canonical: string): string {
  return createHmac('sha256', derivedKey(secret, 'recovery-code')).update(canonical).digest('hex');
}
