// The person can check it (#20): a disclosure file carries, for each access record about the person, its
// RFC 9162 inclusion proof against a checkpoint signed just before, the public key and a verifier script,
// which checks everything offline (node, no network, nothing installed) and refuses any change to it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTrailKeyPem, publicKeyPem, trailKeyFrom } from '../server/src/trail/trail-key';
import { runVerifier, unzip } from './helpers/disclosure-zip';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let person: number;
let dir: string;
let files: Map<string, Buffer>;

const verifier = runVerifier;

/** The unzipped file in a fresh folder, with `change` applied to its parsed JSON files first. */
function extracted(change?: (proofs: any, disclosure: any) => void): string {
  const folder = mkdtempSync(path.join(dir, 'x-'));
  const proofs = JSON.parse(files.get('trail-proofs.json')!.toString('utf8'));
  const disclosure = JSON.parse(files.get('disclosure.json')!.toString('utf8'));
  change?.(proofs, disclosure);
  for (const [name, data] of files) writeFileSync(path.join(folder, name), data);
  writeFileSync(path.join(folder, 'trail-proofs.json'), JSON.stringify(proofs));
  writeFileSync(path.join(folder, 'disclosure.json'), JSON.stringify(disclosure));
  return folder;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 40 });
  dir = mkdtempSync(path.join(tmpdir(), 'mamori-person-proofs-'));
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  ({ rows: [{ id: person }] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`));
  // Over 256 entries, so that proofs go through stored nodes; the person read alone and within lists.
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  for (let i = 0; i < 8; i++) expect((await support('{ allCustomers(perPage: 40) { id name phone } }')).errors).toBeUndefined();
  await support('query($id: ID!) { Customer(id: $id) { name email } }', { id: String(person) });
  const marketing = await s.asRole('MARKETING', 'PROMOTION');
  await marketing('{ allCustomers(perPage: 40) { id name } }');
  const r = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(person) });
  const id = r.data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  const ticket = (await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id })).data.fulfilDisclosureRequest;
  const zip = Buffer.from(await (await fetch(`${s.url}${ticket.url}`, { headers: { authorization: `Bearer ${pm.token}` } })).arrayBuffer());
  writeFileSync(path.join(dir, 'disclosure.zip'), zip);
  files = unzip(zip);
  writeFileSync(path.join(dir, 'verify-trail.mjs'), files.get('verify-trail.mjs')!);
});
afterAll(async () => {
  await s?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the disclosure file proves each access record about the person', () => {
  test('every record listed has its proof against a checkpoint signed for the file, and names only this person', () => {
    const proofs = JSON.parse(files.get('trail-proofs.json')!.toString('utf8'));
    const listed = JSON.parse(files.get('disclosure.json')!.toString('utf8')).accessTrail;
    expect(listed.length).toBeGreaterThanOrEqual(10);
    expect(proofs.entries.map((e: any) => e.leaf.id)).toEqual(listed.map((r: any) => r.entry_id));
    expect(proofs.unproven).toEqual([]);
    expect(proofs.checkpoint).toMatchObject({ keyId: s.checkpoints.key.keyId });
    expect(proofs.checkpoint.size).toBeGreaterThan(256);
    expect(proofs.publicKey).toBe(publicKeyPem(s.checkpoints.key.publicKey));
    for (const e of proofs.entries) {
      expect(e.leaf.customerId).toBe(person);
      // ~log2(size) hashes: the path of one entry among all.
      expect(e.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(proofs.checkpoint.size)));
    }
    expect(files.get('README.txt')!.toString('utf8')).toContain('node verify-trail.mjs');
  });

  test('the verifier, on the ZIP or its unzipped folder, offline, says they are all in the signed trail', async () => {
    const onZip = await verifier(dir, 'disclosure.zip');
    expect(onZip).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: \d+ 件の閲覧記録が署名付きの記録に含まれています/m) });
    expect(await verifier(extracted())).toMatchObject({ code: 0 });
    const published = path.join(dir, 'published.pem');
    writeFileSync(published, publicKeyPem(s.checkpoints.key.publicKey));
    expect(await verifier(extracted(), '--public-key', published)).toMatchObject({ code: 0 });
  });

  test('it refuses another key, a changed record, a record listed without proof, and a changed checkpoint', async () => {
    const other = path.join(dir, 'other.pem');
    writeFileSync(other, publicKeyPem(trailKeyFrom(generateTrailKeyPem()).publicKey));
    const refused = async (folder: string, ...args: string[]) => {
      const r = await verifier(folder, ...args);
      expect(r.code, r.out).toBe(1);
      return r.out;
    };
    expect(await refused(extracted(), '--public-key', other)).toMatch(/not signed by key/);
    // A purpose rewritten in the proved record: its leaf is no longer in the tree.
    expect(await refused(extracted((p) => { p.entries[0].leaf.purpose = 'STATISTICS'; }))).toMatch(/is not in the signed tree/);
    // The list shown to the person says another role than the record proved.
    expect(await refused(extracted((_p, d) => { d.accessTrail[0].role = 'AUDITOR'; }))).toMatch(/says something else than its proof/);
    expect(await refused(extracted((p) => { p.entries.pop(); }))).toMatch(/has no proof/);
    expect(await refused(extracted((p) => { p.checkpoint.size += 1; }))).toMatch(/checkpoint is not signed/);
    expect(await refused(extracted((p) => { p.entries[1].path[0] = p.entries[1].path[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0')); }))).toMatch(/is not in the signed tree/);
  });

  test('the verifier needs only Node.js: it imports nothing but node: modules', () => {
    const source = readFileSync(path.join(dir, 'verify-trail.mjs'), 'utf8');
    expect([...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]).every((m) => m.startsWith('node:'))).toBe(true);
  });
});
