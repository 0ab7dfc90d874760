import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Session tokens: `mamori.<payload>.<hmac>`, payload = base64url JSON { sid, exp }. */
export function signSessionToken(secret: string, sessionId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ sid: sessionId, exp: expiresAt.getTime() })).toString('base64url');
  return `mamori.${payload}.${hmac(secret, payload)}`;
}

/** The session id of a valid, unexpired token; null for anything else. */
export function verifySessionToken(secret: string, token: string, now = Date.now()): string | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'mamori') return null;
  const expected = Buffer.from(hmac(secret, parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { sid, exp } = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof sid !== 'string' || typeof exp !== 'number' || exp <= now) return null;
    return sid;
  } catch {
    return null;
  }
}

function hmac(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** API keys: `mk_<prefix>_<secret>`; the prefix finds the row, the secret's sha256 is stored. */
export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { key: `mk_${prefix}_${secret}`, prefix, secretHash: sha256(secret) };
}

export function parseApiKey(key: string): { prefix: string; secretHash: string } | null {
  const m = /^mk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(key);
  return m ? { prefix: m[1], secretHash: sha256(m[2]) } : null;
}

export function sha256(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}
