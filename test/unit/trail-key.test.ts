// The trail key (#20): one Ed25519 key, given as PEM or as the base64 of its seed, signs checkpoints; its
// public key alone verifies them; production without one refuses to start.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { loadSettings, SettingsError } from '../../server/src/config';
import { checkpointSignedBy, signCheckpoint } from '../../server/src/trail/checkpoint';
import { generateTrailKeyPem, loadTrailKey, publicKeyFrom, publicKeyPem, rawPublicKey, trailKeyFrom } from '../../server/src/trail/trail-key';

const nodeEnv = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = nodeEnv;
  loadSettings({});
});

describe('the trail key', () => {
  test('PEM and base64 seed are the same key; the public key as PEM or raw verifies its checkpoints, another does not', () => {
    const seed = randomBytes(32);
    const fromSeed = trailKeyFrom(seed.toString('base64'));
    const fromPem = trailKeyFrom(String(fromSeed.privateKey.export({ format: 'pem', type: 'pkcs8' })));
    expect(fromPem.keyId).toBe(fromSeed.keyId);
    expect(fromPem.wrappingKey.equals(fromSeed.wrappingKey)).toBe(true);
    expect(trailKeyFrom(seed.toString('base64url')).keyId).toBe(fromSeed.keyId);
    const c = signCheckpoint(fromSeed, { size: 3, root: 'a'.repeat(64), chainHash: 'b'.repeat(64), time: '2026-12-06T00:00:00.000Z' });
    expect(checkpointSignedBy(c, publicKeyFrom(publicKeyPem(fromSeed.publicKey)))).toBe(true);
    expect(checkpointSignedBy(c, publicKeyFrom(rawPublicKey(fromSeed.publicKey).toString('base64')))).toBe(true);
    expect(checkpointSignedBy(c, trailKeyFrom(generateTrailKeyPem()).publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...c, root: 'c'.repeat(64) }, fromSeed.publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...c, signature: 'not a signature' }, fromSeed.publicKey)).toBe(false);
  });

  test('a key that is not Ed25519, or no key at all in production, stops the start naming the setting', () => {
    loadSettings({ MAMORI_TRAIL_KEY: 'not a key' });
    expect(() => loadTrailKey()).toThrow(SettingsError);
    expect(() => loadTrailKey()).toThrow(/MAMORI_TRAIL_KEY must hold an Ed25519 private key/);
    process.env.NODE_ENV = 'production';
    loadSettings({});
    expect(() => loadTrailKey()).toThrow(/MAMORI_TRAIL_KEY or MAMORI_TRAIL_KEY_FILE is required when NODE_ENV=production/);
  });
});
