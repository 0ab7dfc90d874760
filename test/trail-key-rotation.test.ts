// Rotating the trail key (#20): checkpoints name their key; the first checkpoint under a new key comes with a
// transition both keys sign, so a verifier holding either the first published key or the current one trusts
// both, and nothing a third key signed; the customers' data keys, wrapped under the old key, open with it
// retired and are re-wrapped by `trail:rewrap`, after which the old private key may go.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emRunner } from '../server/src/db/read-pool';
import { CheckpointDirectory } from '../server/src/trail/checkpoint';
import { TrailCheckpointer } from '../server/src/trail/checkpointer';
import { checkpointerFor } from '../server/src/trail/checkpointer-thread';
import { signTransition, trustedKeys } from '../server/src/trail/key-transition';
import { SubjectKeyring } from '../server/src/trail/subject-keys';
import { generateTrailKeyPem, trailKeyFrom, trailKeysFrom, type TrailKey } from '../server/src/trail/trail-key';
import { verifyAgainstCheckpoints } from '../server/src/trail/verify-checkpoints';
import { runCli } from './helpers/cli';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let a: TrailKey;
const b = trailKeyFrom(generateTrailKeyPem());
let rotated: TrailCheckpointer;
let customerId: number;
let sealed: string;

const pem = (k: TrailKey) => String(k.privateKey.export({ format: 'pem', type: 'pkcs8' }));
const directory = () => new CheckpointDirectory(s.checkpoints.dir);
const verifyWith = (anchors: TrailKey[]) => verifyAgainstCheckpoints(emRunner(s.orm.em.fork()), directory().list().checkpoints,
  trustedKeys(anchors.map((k) => k.publicKey), directory().transitions()));

async function read() {
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  expect((await support('{ allCustomers(perPage: 10) { id name } }')).errors).toBeUndefined();
}

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  a = s.checkpoints.key;
  await read();
  expect((await checkpointerFor(s.orm)!.checkpointNow())!.keyId).toBe(a.keyId);
  // A customer's data key, wrapped under the first key, and a value sealed with it.
  customerId = (await s.sql.query('select id from customer order by id limit 1')).rows[0].id;
  const ring = new SubjectKeyring(a.wrappingKey);
  sealed = ring.seal((await ring.keyFor(s.orm.em.fork(), customerId))!, customerId, '090-1234-5678');
  // The rotation: the new key signs, the old one is retired.
  rotated = new TrailCheckpointer(s.db.appUrl, { key: b, retired: [a], dir: s.checkpoints.dir, intervalMs: 0 });
  await read();
  expect((await rotated.checkpointNow())!.keyId).toBe(b.keyId);
});
afterAll(async () => {
  await rotated?.close();
  await s?.stop();
});

describe('a new trail key', () => {
  test('its first checkpoint comes with a transition both keys signed; either key alone then verifies every checkpoint', async () => {
    expect(existsSync(path.join(s.checkpoints.dir, `key-transition-${a.keyId}-${b.keyId}.json`))).toBe(true);
    expect(directory().list().checkpoints.map((c) => c.keyId)).toEqual([a.keyId, b.keyId]);
    for (const anchor of [a, b]) expect(await verifyWith([anchor])).toMatchObject({ ok: true, checkpoints: 2, problems: [] });
    // Without the transition, the new key alone does not vouch for the old key's checkpoint.
    const alone = await verifyAgainstCheckpoints(emRunner(s.orm.em.fork()), directory().list().checkpoints, [b.publicKey]);
    expect(alone.problems).toEqual([expect.stringMatching(/is not signed by the trail key/)]);
    await read();
    expect((await rotated.checkpointNow())!.keyId).toBe(b.keyId);
    expect(await verifyWith([a])).toMatchObject({ ok: true, checkpoints: 3 });
  });

  test('a key linked only by its own signature (or by nobody) is not trusted', () => {
    const stranger = trailKeyFrom(generateTrailKeyPem());
    const honest = signTransition(a, stranger);
    const forged = { ...honest, signatures: { from: signTransition(stranger, stranger).signatures.from, to: honest.signatures.to } };
    const ids = (keys: ReturnType<typeof trustedKeys>) => keys.length;
    expect(ids(trustedKeys([a.publicKey], [forged]))).toBe(1);
    expect(ids(trustedKeys([a.publicKey], [{ ...honest, to: { ...honest.to, keyId: 'x' } }]))).toBe(1);
    expect(ids(trustedKeys([a.publicKey], [honest]))).toBe(2);
    expect(ids(trustedKeys([b.publicKey], directory().transitions()))).toBe(2);
  });

  test('data keys wrapped under the retired key open with it, and trail:rewrap wraps them under the new one; then the old key may go', async () => {
    const under = (ring: SubjectKeyring) => ring.keyFor(s.orm.em.fork(), customerId);
    await expect(under(new SubjectKeyring(b.wrappingKey))).rejects.toThrow(/wrapped by none of the trail keys/);
    const both = new SubjectKeyring(b.wrappingKey, [a.wrappingKey]);
    expect(both.open((await under(both))!, customerId, sealed)).toBe('090-1234-5678');
    // Retired keys as the operator gives them: a PEM and a base64 seed, comma-separated.
    const other = randomBytes(32).toString('base64');
    expect(trailKeysFrom(`${pem(a)},${other}`).map((k) => k.keyId)).toEqual([a.keyId, trailKeyFrom(other).keyId]);
    const run = await runCli('trail-rewrap.ts', [], { DATABASE_URL: s.db.appUrl, MAMORI_TRAIL_KEY: pem(b), MAMORI_TRAIL_RETIRED_KEYS: `${pem(a)},${other}` });
    expect(run, run.out).toMatchObject({ code: 0, out: expect.stringMatching(/1 re-wrapped by the current trail key, 0 already were/) });
    const only = new SubjectKeyring(b.wrappingKey);
    expect(only.open((await under(only))!, customerId, sealed)).toBe('090-1234-5678');
    expect(await only.rewrapAll(s.orm.em.fork())).toEqual({ rewrapped: 0, current: 1, unreadable: [] });
    await expect(under(new SubjectKeyring(a.wrappingKey))).rejects.toThrow(/wrapped by none/);
  });

  test('trail:verify with only the current public key: every checkpoint, old key and new', async () => {
    const current = readdirSync(s.checkpoints.dir).find((n) => n === `public-key-${b.keyId}.pem`)!;
    const run = await runCli('trail-verify.ts', ['--checkpoints', s.checkpoints.dir, '--public-key', path.join(s.checkpoints.dir, current)],
      { DATABASE_URL: s.db.appUrl, NODE_ENV: 'production' });
    expect(run, run.out).toMatchObject({ code: 0, out: expect.stringMatching(/checkpoints OK: 3 signed[^\n]*2 key\(s\) trusted/) });
  });
});
