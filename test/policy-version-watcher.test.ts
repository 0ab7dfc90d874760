// The version in force reaches every request even when the watcher's connection fails (#23): while the listener is
// lost, requests are refused (SERVICE_UNAVAILABLE), never decided under a version that may have been replaced; a
// publication made meanwhile is in force once it is back; one whose announcement never arrives is found by the
// heartbeat. The watcher's connection goes through a TCP relay the test can cut, so the loss is deterministic.
import net from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { canonicalJson, seedPolicyDocument, type PolicyDocument } from '../schema/policy';
import { policyDocumentHash } from '../server/src/policy/policy-hash';
import { closePolicyVersions, policyVersionsOf, startPolicyVersions, type PolicyVersionWatcher } from '../server/src/policy/policy-versions';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let support: GqlClient;
let relay: Relay;
let watcher: PolicyVersionWatcher;
const errors: string[] = [];
const READ = '{ allCustomers(perPage: 2, sortField: "id") { id name } }';
const TIMING = { heartbeatMs: 300, queryTimeoutMs: 1_000, reconnectMs: 100 };

/** A TCP relay to PostgreSQL that can refuse and cut connections. */
interface Relay { port: number; cut(): void; resume(): void; close(): Promise<void> }

async function relayTo(host: string, port: number): Promise<Relay> {
  const open = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((down) => {
    if (refusing) { down.destroy(); return; }
    const up = net.connect(port, host);
    for (const [a, b] of [[down, up], [up, down]]) {
      open.add(a);
      a.on('close', () => { open.delete(a); b.destroy(); });
      // A cut connection errors on both sides: the watcher's client reports it, the relay only closes.
      a.on('error', () => b.destroy());
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() { refusing = true; for (const sock of open) sock.destroy(); },
    resume() { refusing = false; },
    close: () => new Promise((resolve) => { for (const sock of open) sock.destroy(); server.close(() => resolve()); }),
  };
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Publishes `doc` as the next version directly in the database; with `silently`, no announcement is sent. */
async function publish(doc: PolicyDocument, number: number, silently = false): Promise<void> {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  // session_replication_role = replica skips ordinary triggers, the announcing one included.
  await s.sql.query(`begin; ${silently ? 'set local session_replication_role = replica;' : ''}
    update policy_version set state = 'RETIRED', retired_at = now() where state = 'PUBLISHED';
    insert into policy_version (number, document, hash, state, published_at, reason)
      values (${number}, ${quote(canonicalJson(doc))}::jsonb, ${quote(policyDocumentHash(doc))}, 'PUBLISHED', now(), 'watcher test'); commit;`);
}

const namesHidden = (label: string) => {
  const doc = seedPolicyDocument();
  doc.label = label;
  doc.matrix.INQUIRY_RESPONSE['contact.name'] = 'HIDDEN';
  return doc;
};

beforeAll(async () => {
  s = await startTestServer({ customers: 4 });
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const url = new URL(s.db.appUrl);
  relay = await relayTo(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${relay.port}`;
  // The app's own watcher is replaced by one on the relay, with short beats so the test is quick.
  await closePolicyVersions(s.orm);
  watcher = await startPolicyVersions(s.orm, (e) => errors.push(e.message), { url: url.toString(), timing: TIMING });
}, 120_000);

afterAll(async () => {
  await closePolicyVersions(s.orm);
  await relay?.close();
  await s?.stop();
});

test('while the listener is lost requests are refused; back, they follow what was published meanwhile', async () => {
  const before = await support(READ);
  expect(before.errors).toBeUndefined();
  expect(before.data.allCustomers.every((c: { name: string | null }) => typeof c.name === 'string')).toBe(true);

  relay.cut();
  await waitFor(() => watcher.inForce() === null);
  // Published while this process cannot hear it.
  await publish(namesHidden('watcher v2'), 2);
  // Reconnections keep failing while the relay refuses: every request meanwhile is refused, nothing is read.
  for (let i = 0; i < 3; i++) {
    const r = await support(READ);
    expect(r.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(r.data?.allCustomers ?? null).toBeNull();
    await new Promise((res) => setTimeout(res, 150));
  }
  expect(errors.length).toBeGreaterThan(0);

  relay.resume();
  await waitFor(() => watcher.inForce()?.number === 2);
  const after = await support(READ);
  expect(after.errors).toBeUndefined();
  expect(after.data.allCustomers.map((c: { name: string | null }) => c.name)).toEqual([null, null]);
});

test('a publication whose announcement never arrives is in force within one heartbeat', async () => {
  const v3 = seedPolicyDocument();
  v3.label = 'watcher v3';
  await publish(v3, 3, true);
  const published = Date.now();
  await waitFor(() => policyVersionsOf(s.orm)?.inForce()?.number === 3, 3_000);
  expect(Date.now() - published).toBeLessThan(TIMING.heartbeatMs + 1_000);
  const r = await support(READ);
  expect(r.errors).toBeUndefined();
  expect(r.data.allCustomers.every((c: { name: string | null }) => typeof c.name === 'string')).toBe(true);
});
