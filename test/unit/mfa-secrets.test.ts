// Sealing of TOTP secrets and hashing of recovery codes: pure functions, no server.
import { describe, expect, test } from 'vitest';
import { canonicalRecoveryCode, newRecoveryCodes, openTotpSecret, recoveryCodeHash, sealTotpSecret } from '../../server/src/auth/mfa-secrets';

const KEY = 'a-mamori-secret-that-is-long-enough-0123';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('a sealed TOTP secret', () => {
  test('opens with the same MAMORI_SECRET and staff id only, and shows nothing of the secret', () => {
    const sealed = sealTotpSecret(KEY, 7, TOTP_SECRET);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(TOTP_SECRET);
    expect(sealTotpSecret(KEY, 7, TOTP_SECRET)).not.toBe(sealed); // a fresh IV each time
    expect(openTotpSecret(KEY, 7, sealed)).toBe(TOTP_SECRET);
    expect(openTotpSecret('another-mamori-secret-long-enough-0123', 7, sealed)).toBeNull();
    expect(openTotpSecret(KEY, 8, sealed)).toBeNull();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = body.slice(0, 3) + (body[3] === 'A' ? 'B' : 'A') + body.slice(4);
    expect(openTotpSecret(KEY, 7, [v, iv, tag, flipped].join('.'))).toBeNull();
    expect(openTotpSecret(KEY, 7, 'plain')).toBeNull();
  });
});

describe('recovery codes', () => {
  test('ten distinct codes, typed in any case with or without the hyphen, hashed under a key', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const c = codes[0];
    expect(canonicalRecoveryCode(` ${c.toUpperCase()} `)).toBe(c.replace('-', ''));
    expect(canonicalRecoveryCode('0000000000')).toBeNull(); // 0, 1, o, l, i are never used
    const hash = recoveryCodeHash(KEY, c.replace('-', ''));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeHash('another-mamori-secret-long-enough-0123', c.replace('-', ''))).not.toBe(hash);
  });
});
