// Crypto-shredding (#20): personal values the trail keeps about a customer are sealed (AES-256-GCM) with that
// customer's own data key, stored only wrapped by a key outside the database (the trail key, through HKDF).
// The chain and the tree hash the sealed text; an erasure deletes the wrapped key, so the values are
// unreadable forever while every hash still verifies.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { intArray } from '../common/sql';
import { loadRetiredTrailKeys, loadTrailKey } from './trail-key';

/** How a sealed value is written in a trail entry's detail: a string, so the detail keeps its shape. */
export const SEALED_PREFIX = 'sealed:v1:';

const aad = (what: string, customerId: number) => Buffer.from(`mamori ${what}/1:${customerId}`);

function encrypt(key: Buffer, plain: Buffer, associated: Buffer): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associated);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function decrypt(key: Buffer, sealed: Buffer, associated: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(associated);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

export const isSealed = (v: unknown): v is string => typeof v === 'string' && v.startsWith(SEALED_PREFIX);

/** The data keys of customers, wrapped by `wrappingKey`; seals and opens values with them. */
export class SubjectKeyring {
  /** `retired`: wrapping keys of trail keys retired by a rotation; they open what is still wrapped under them. */
  constructor(private readonly wrappingKey: Buffer, private readonly retired: readonly Buffer[] = []) {}

  /**
   * The customer's data key, made on first use; null for an erased customer (nothing personal about them
   * may be written any more: the caller drops the value).
   */
  async keyFor(em: EntityManager, customerId: number): Promise<Buffer | null> {
    const [row] = await em.execute(`select k.wrapped, c.status from customer c left join trail_subject_key k on k.customer_id = c.id where c.id = ?`, [customerId]);
    if (!row || row.status === 'ERASED') return null;
    if (row.wrapped) return this.unwrap(customerId, row.wrapped as Buffer);
    const key = randomBytes(32);
    const wrapped = encrypt(this.wrappingKey, key, aad('subject key', customerId));
    // Two writers making the first key at once: the first one stored wins, both use it.
    await em.execute(`insert into trail_subject_key (customer_id, wrapped) values (?, decode(?, 'hex')) on conflict do nothing`, [customerId, wrapped.toString('hex')]);
    const [stored] = await em.execute(`select wrapped from trail_subject_key where customer_id = ?`, [customerId]);
    return this.unwrap(customerId, stored.wrapped as Buffer);
  }

  /** The data keys of these customers that still exist (an erased customer's is gone). */
  async keysFor(em: EntityManager, customerIds: number[]): Promise<Map<number, Buffer>> {
    const out = new Map<number, Buffer>();
    if (!customerIds.length) return out;
    const rows = await em.execute(`select customer_id, wrapped from trail_subject_key where customer_id = any(?::int[])`, [intArray([...new Set(customerIds)])]);
    for (const r of rows) out.set(Number(r.customer_id), this.unwrap(Number(r.customer_id), r.wrapped as Buffer));
    return out;
  }

  seal(key: Buffer, customerId: number, value: unknown): string {
    return SEALED_PREFIX + encrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), aad('trail value', customerId)).toString('base64url');
  }

  /** The value sealed in `token`, or undefined when its key is gone (erased) or it does not open. */
  open(key: Buffer | undefined, customerId: number, token: string): unknown {
    if (!key) return undefined;
    try {
      return JSON.parse(decrypt(key, Buffer.from(token.slice(SEALED_PREFIX.length), 'base64url'), aad('trail value', customerId)).toString('utf8'));
    } catch {
      return undefined; // tampered, or sealed for another customer: as unreadable as an erased one
    }
  }

  private unwrap(customerId: number, wrapped: Buffer): Buffer {
    const opened = this.unwrapAny(customerId, wrapped);
    if (!opened) throw new Error(`the data key of customer ${customerId} is wrapped by none of the trail keys (MAMORI_TRAIL_KEY, MAMORI_TRAIL_RETIRED_KEYS)`);
    return opened.key;
  }

  /** The data key, and whether the current trail key wrapped it (else a retired one; null: none of them). */
  private unwrapAny(customerId: number, wrapped: Buffer): { key: Buffer; current: boolean } | null {
    for (const [i, k] of [this.wrappingKey, ...this.retired].entries()) {
      try {
        return { key: decrypt(k, Buffer.from(wrapped), aad('subject key', customerId)), current: i === 0 };
      } catch {
        // AES-GCM refuses another key's wrapping (its tag): try the next key
      }
    }
    return null;
  }

  /**
   * After a rotation: every data key still wrapped by a retired trail key, wrapped again by the current one
   * (one transaction), so the retired key can be forgotten. Answers how many were re-wrapped, and how many
   * none of the keys opens (they stay as they are).
   */
  async rewrapAll(em: EntityManager): Promise<{ rewrapped: number; current: number; unreadable: number[] }> {
    return em.transactional(async (tx) => {
      const rows = await tx.execute(`select customer_id, wrapped from trail_subject_key order by customer_id for update`);
      const out = { rewrapped: 0, current: 0, unreadable: [] as number[] };
      for (const r of rows) {
        const id = Number(r.customer_id);
        const opened = this.unwrapAny(id, r.wrapped as Buffer);
        if (!opened) { out.unreadable.push(id); continue; }
        if (opened.current) { out.current += 1; continue; }
        const wrapped = encrypt(this.wrappingKey, opened.key, aad('subject key', id));
        await tx.execute(`update trail_subject_key set wrapped = decode(?, 'hex') where customer_id = ?`, [wrapped.toString('hex'), id]);
        out.rewrapped += 1;
      }
      return out;
    });
  }
}

/** Destroys a customer's data key (an erasure): every value sealed with it is unreadable from now on. */
export async function destroySubjectKey(em: EntityManager, customerId: number): Promise<void> {
  await em.execute(`delete from trail_subject_key where customer_id = ?`, [customerId]);
}

const keyrings = new WeakMap<object, SubjectKeyring>();

/**
 * The keyring of a server (its ORM): registered at start from the trail key the server was given, else
 * made from the configured trail key (a command-line tool; production without one refuses, as at start).
 */
export function keyringFor(orm: object): SubjectKeyring {
  let k = keyrings.get(orm);
  if (!k) {
    k = new SubjectKeyring(loadTrailKey().wrappingKey, loadRetiredTrailKeys().map((r) => r.wrappingKey));
    keyrings.set(orm, k);
  }
  return k;
}

export function registerKeyring(orm: object, wrappingKey: Buffer, retired: readonly Buffer[] = []): void {
  keyrings.set(orm, new SubjectKeyring(wrappingKey, retired));
}

/**
 * Rows of the trail with their sealed values opened where the customer's key still exists; a value whose
 * key is gone (an erasure) reads null. Each row's `detail` is replaced by an opened copy.
 */
export async function openSealedDetails<R extends { customer_id?: number | null; detail?: unknown }>(em: EntityManager, keyring: SubjectKeyring, rows: R[]): Promise<R[]> {
  const sealed = rows.filter((r) => r.customer_id != null && JSON.stringify(r.detail ?? null).includes(SEALED_PREFIX));
  if (!sealed.length) return rows;
  const keys = await keyring.keysFor(em, sealed.map((r) => Number(r.customer_id)));
  const open = (v: unknown, id: number): unknown => {
    if (isSealed(v)) return keyring.open(keys.get(id), id, v) ?? null;
    if (Array.isArray(v)) return v.map((x) => open(x, id));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, open(x, id)]));
    return v;
  };
  return rows.map((r) => (sealed.includes(r) ? { ...r, detail: open(r.detail, Number(r.customer_id)) } : r));
}
