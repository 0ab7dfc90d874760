// Rotating the trail key (#20, docs/trail.md section 7): checkpoints name the key that signed them (keyId);
// when a new key takes over, the old and the new key both sign a transition — "checkpoints by <to> continue
// the log of <from>" — written to the checkpoint directory. A verifier holding any one key of the chain (the
// one the store published first, or the current one) then trusts every key linked to it by transitions both
// keys signed, and nothing else: a key added to the directory without the old key's signature is not trusted.
import { type KeyObject, sign, verify } from 'node:crypto';
import { publicKeyFrom, rawPublicKey, type TrailKey } from './trail-key';
import { TRAIL_ORIGIN } from './checkpoint';

export const TRANSITION_FORMAT = 'mamori-trail-key-transition/1';

export interface KeyTransition {
  format: typeof TRANSITION_FORMAT;
  origin: string;
  /** The key retired and its successor: key ids and raw public keys, base64. */
  from: { keyId: string; publicKey: string };
  to: { keyId: string; publicKey: string };
  time: string;
  /** Ed25519 over `transitionMessage` by each key, base64. */
  signatures: { from: string; to: string };
}

export function transitionMessage(t: Omit<KeyTransition, 'signatures'>): string {
  return `${t.format}\n${t.origin}\n${t.from.keyId} ${t.from.publicKey}\n${t.to.keyId} ${t.to.publicKey}\n${t.time}\n`;
}

/** The transition from `from` to `to`, signed by both. */
export function signTransition(from: TrailKey, to: TrailKey, time = new Date().toISOString()): KeyTransition {
  const body = {
    format: TRANSITION_FORMAT, origin: TRAIL_ORIGIN, time,
    from: { keyId: from.keyId, publicKey: rawPublicKey(from.publicKey).toString('base64') },
    to: { keyId: to.keyId, publicKey: rawPublicKey(to.publicKey).toString('base64') },
  } as const;
  const message = Buffer.from(transitionMessage(body));
  return { ...body, signatures: { from: sign(null, message, from.privateKey).toString('base64'), to: sign(null, message, to.privateKey).toString('base64') } };
}

/** Both keys of the transition, when both signed it (else null). */
function transitionKeys(t: KeyTransition): { from: KeyObject; to: KeyObject } | null {
  try {
    if (t.format !== TRANSITION_FORMAT || t.origin !== TRAIL_ORIGIN) return null;
    const from = publicKeyFrom(t.from.publicKey);
    const to = publicKeyFrom(t.to.publicKey);
    const message = Buffer.from(transitionMessage(t));
    const ok = verify(null, message, from, Buffer.from(t.signatures.from, 'base64')) && verify(null, message, to, Buffer.from(t.signatures.to, 'base64'));
    return ok ? { from, to } : null;
  } catch {
    return null; // not a transition at all: trusts nothing
  }
}

/**
 * The keys trusted from `anchors`: each anchor, and every key linked to a trusted one by a transition both
 * keys signed (in either direction: the first published key reaches the current one, and back).
 */
export function trustedKeys(anchors: readonly KeyObject[], transitions: readonly KeyTransition[]): KeyObject[] {
  const trusted = new Map(anchors.map((k) => [rawPublicKey(k).toString('base64'), k]));
  const links = transitions.map(transitionKeys).filter((l): l is { from: KeyObject; to: KeyObject } => l !== null);
  for (let grew = true; grew;) {
    grew = false;
    for (const { from, to } of links) {
      const [f, t] = [rawPublicKey(from).toString('base64'), rawPublicKey(to).toString('base64')];
      if (trusted.has(f) !== trusted.has(t)) {
        trusted.set(f, from);
        trusted.set(t, to);
        grew = true;
      }
    }
  }
  return [...trusted.values()];
}
