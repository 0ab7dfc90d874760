// The trail's key (#20), kept outside the database: an Ed25519 key that signs checkpoints and, through
// HKDF, the key that wraps each customer's data key (crypto-shredding). One secret to keep.
import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProduction, mamoriHome, SettingsError, settings } from '../config';
import { makeHome } from '../db/embedded-runtime';

export interface TrailKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The first 16 hex digits of the sha256 of the raw public key: names the key in each checkpoint. */
  keyId: string;
  /** 32 bytes derived from the private key, never stored: wraps the per-customer data keys. */
  wrappingKey: Buffer;
}

// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410), before the 32 raw bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const rawBytes = (text: string): Buffer | null => {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return b.length === 32 ? b : null;
};

/** A private key from a PKCS#8 PEM or the base64 of its 32-byte seed; throws on anything else. */
export function trailKeyFrom(text: string): TrailKey {
  const seed = rawBytes(text);
  const privateKey = seed
    ? createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
    : createPrivateKey(text);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the trail key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const d = Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url');
  const wrappingKey = Buffer.from(hkdfSync('sha256', d, Buffer.alloc(0), 'mamori trail subject keys/1', 32));
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), wrappingKey };
}

/** A public key from an SPKI PEM or the base64 of its 32 raw bytes. */
export function publicKeyFrom(text: string): KeyObject {
  const raw = rawBytes(text);
  const key = raw ? createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) : createPublicKey(text);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the trail key must be an Ed25519 key');
  return key;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

export const rawPublicKey = (publicKey: KeyObject): Buffer => Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
export const publicKeyPem = (publicKey: KeyObject): string => String(publicKey.export({ format: 'pem', type: 'spki' }));

/** A new private key as PKCS#8 PEM. */
export function generateTrailKeyPem(): string {
  return String(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

/**
 * The trail key: MAMORI_TRAIL_KEY (PEM or base64 seed), or the file MAMORI_TRAIL_KEY_FILE names; outside
 * production, else a key generated once into MAMORI_HOME/trail-key.pem (owner only). Production without
 * one refuses to start.
 */
export function loadTrailKey(): TrailKey {
  const { MAMORI_TRAIL_KEY: inline, MAMORI_TRAIL_KEY_FILE: file } = settings();
  try {
    if (inline) return trailKeyFrom(inline);
    if (file) return trailKeyFrom(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsError([`${inline ? 'MAMORI_TRAIL_KEY' : 'MAMORI_TRAIL_KEY_FILE'} must hold an Ed25519 private key (PEM, or the base64 of its 32 bytes): ${(error as Error).message}`]);
  }
  if (isProduction()) throw new SettingsError(['MAMORI_TRAIL_KEY or MAMORI_TRAIL_KEY_FILE is required when NODE_ENV=production (npm run trail:keygen makes one)']);
  const path = join(mamoriHome(), 'trail-key.pem');
  if (!existsSync(path)) {
    makeHome(mamoriHome());
    writeFileSync(path, generateTrailKeyPem(), { mode: 0o600, flag: 'wx' });
  }
  return trailKeyFrom(readFileSync(path, 'utf8'));
}

/** Private keys in one text: PEM blocks, or base64 seeds separated by commas or whitespace. */
export function trailKeysFrom(text: string): TrailKey[] {
  const pems = text.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g) ?? [];
  const rest = text.replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, ' ').split(/[\s,]+/).filter(Boolean);
  return [...pems, ...rest].map(trailKeyFrom);
}

/**
 * Trail keys retired by a rotation (MAMORI_TRAIL_RETIRED_KEYS): they sign nothing more; they open the
 * customers' data keys still wrapped under them and endorse their successor (key-transition.ts).
 */
export function loadRetiredTrailKeys(): TrailKey[] {
  const text = settings().MAMORI_TRAIL_RETIRED_KEYS;
  if (!text) return [];
  try {
    return trailKeysFrom(text);
  } catch (error) {
    throw new SettingsError([`MAMORI_TRAIL_RETIRED_KEYS must hold Ed25519 private keys (PEM, or base64 seeds separated by commas): ${(error as Error).message}`]);
  }
}

/** Where checkpoints are written: MAMORI_TRAIL_CHECKPOINT_DIR, else MAMORI_HOME/trail-checkpoints. */
export function checkpointDir(): string {
  return settings().MAMORI_TRAIL_CHECKPOINT_DIR ?? join(mamoriHome(), 'trail-checkpoints');
}
