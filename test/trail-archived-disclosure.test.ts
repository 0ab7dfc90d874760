// The person can check archived records too (#20): months past the retention leave the database for archive
// files (trail:archive); a disclosure lists the person's archived access records with the live ones, each
// proved from its archive file (audit path to the archive's root, consistency proof to a signed checkpoint),
// and the verifier in the ZIP checks them offline and refuses any change. A missing archive is named.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { initOrm } from '../server/src/db/orm';
import { archiveTrail } from '../server/src/trail/archive';
import { checkpointerFor } from '../server/src/trail/checkpointer-thread';
import { APPEND_SQL, chainEntries, prepareEntry } from '../server/src/trail/trail-writer';
import { runVerifier, unzip } from './helpers/disclosure-zip';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

// Where the server finds archive files (read once, when the settings are first read: before the server starts).
const archives = mkdtempSync(path.join(tmpdir(), 'mamori-archived-disclosure-'));
process.env.MAMORI_TRAIL_ARCHIVE_DIR = archives;

interface ArchivedProof { treeSize: number; treeRoot: string; checkpoint: { size: number }; entries: { leaf: { id: number; customerId: number; clearFields: string[] }; path: string[] }[] }
interface Proofs { archived: ArchivedProof[]; archivesUnread: string[] }
interface Disclosure { accessTrail: { entry_id: number; at: string; purpose: string }[] }

let s: TestServer;
let app: pg.Client;
let ownerOrm: MikroORM;
let pm: GqlClient;
let customers: number[];
let files: Map<string, Buffer>;

/** `records` access records about the 10 customers, chained in January 2024, appended as the server appends. */
async function appendOld(records: number) {
  await app.query(`select ensure_trail_partition('2024-01-15'::date)`);
  for (let i = 0; i < records; i++) {
    const { rows: [head] } = await app.query('select last_id, last_hash from trail_head');
    const chained = chainEntries(head, [prepareEntry({
      kind: 'ACCESS', staffId: null, apiKeyId: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'allCustomers', queryHash: null,
      requestId: null, clientAddress: null, customerId: customers[0], moreCustomerIds: customers.slice(1), clearFields: ['Customer.name'], maskedFields: [], detail: {},
    })], new Date(`2024-01-10T00:${String(i % 60).padStart(2, '0')}:00Z`));
    expect((await app.query(APPEND_SQL, [JSON.stringify(chained.rows)])).rowCount).toBe(1);
  }
}

/** The person's disclosure file as the privacy manager hands it over: its files. */
async function disclosureOf(customerId: number): Promise<Map<string, Buffer>> {
  const id = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(customerId) })).data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  const ticket = (await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id })).data.fulfilDisclosureRequest;
  return unzip(Buffer.from(await (await fetch(`${s.url}${ticket.url}`, { headers: { authorization: `Bearer ${pm.token}` } })).arrayBuffer()));
}

/** The files in a fresh folder, `change` applied to the parsed proofs and disclosure first; the verifier's answer there. */
async function verifyIn(change?: (proofs: Proofs, disclosure: Disclosure) => void): Promise<{ code: number; out: string }> {
  const folder = mkdtempSync(path.join(archives, 'x-'));
  const proofs = JSON.parse(files.get('trail-proofs.json')!.toString('utf8'));
  const disclosure = JSON.parse(files.get('disclosure.json')!.toString('utf8'));
  change?.(proofs, disclosure);
  for (const [name, data] of files) writeFileSync(path.join(folder, name), data);
  writeFileSync(path.join(folder, 'trail-proofs.json'), JSON.stringify(proofs));
  writeFileSync(path.join(folder, 'disclosure.json'), JSON.stringify(disclosure));
  return runVerifier(folder);
}

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  app = new pg.Client({ connectionString: s.db.appUrl });
  await app.connect();
  ownerOrm = await initOrm(s.db.ownerUrl, { pool: { min: 0, max: 2 } });
  customers = (await app.query('select id from customer order by id limit 10')).rows.map((r) => r.id);
  // January 2024: 30 records of 10 subjects (300 entries, 30 about each customer), signed, then archived as of 2025.
  await appendOld(30);
  expect((await checkpointerFor(s.orm)!.checkpointNow())!.size).toBe(300);
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  expect((await pm('mutation { updateLegalRetentionSettings(trailRetentionMonths: 12) { trailRetentionMonths } }')).errors).toBeUndefined();
  const archived = await archiveTrail(ownerOrm.em.fork(), { publicKeys: [s.checkpoints.key.publicKey], dir: archives, now: new Date('2025-02-15T00:00:00Z') });
  expect(archived).toMatchObject({ records: 30, dropped: ['trail_entry_2024_01'] });
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  for (let i = 0; i < 3; i++) expect((await support('{ allCustomers(perPage: 10) { id name } }')).errors).toBeUndefined();
  files = await disclosureOf(customers[0]);
});
afterAll(async () => {
  await Promise.all([app?.end(), ownerOrm?.close(true)]);
  await s?.stop();
  rmSync(archives, { recursive: true, force: true });
});

describe('archived access records in the disclosure file', () => {
  test('08 lists the archived records with the live ones; each has its proof from the archive, tied to a signed checkpoint', () => {
    const listed = JSON.parse(files.get('disclosure.json')!.toString('utf8')).accessTrail as { entry_id: number; at: string }[];
    const old = listed.filter((r) => r.entry_id <= 300);
    expect(old).toHaveLength(30);
    expect(old[0].at).toMatch(/^2024-01-10T09:00:00\+09:00$/);
    expect(listed.length).toBeGreaterThan(30);
    const proofs = JSON.parse(files.get('trail-proofs.json')!.toString('utf8')) as Proofs;
    expect(proofs.archivesUnread).toEqual([]);
    expect(proofs.archived).toHaveLength(1);
    expect(proofs.archived[0]).toMatchObject({ treeSize: 300, checkpoint: { size: 300, keyId: s.checkpoints.key.keyId } });
    expect(proofs.archived[0].entries.map((e) => e.leaf.id)).toEqual(old.map((r) => r.entry_id));
    expect(proofs.archived[0].entries.every((e) => e.leaf.customerId === customers[0])).toBe(true);
    expect(files.get('README.txt')!.toString('utf8')).toContain('08 にはアーカイブの記録も含めており');
  });

  test('the verifier checks them offline with the live ones', async () => {
    const r = await verifyIn();
    expect(r, r.out).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: \d+ 件の閲覧記録が署名付きの記録に含まれています.*うち 30 件はアーカイブの記録です/m) });
  });

  test('it refuses an archived record changed, its audit path, the archive\'s root or consistency proof, and a listed record unlike its proof', async () => {
    const refused = async (change: (proofs: Proofs, disclosure: Disclosure) => void, why: RegExp) => {
      const r = await verifyIn(change);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(why);
    };
    await refused((p) => { p.archived[0].entries[3].leaf.clearFields = []; }, /archived entry \d+ is not in the signed tree/);
    await refused((p) => { p.archived[0].entries[3].path.reverse(); }, /archived entry \d+ is not in the signed tree/);
    await refused((p) => { p.archived[0].treeRoot = p.archived[0].treeRoot.replace(/^./, (c: string) => (c === '0' ? '1' : '0')); }, /is not tied to a checkpoint signed/);
    await refused((p) => { p.archived[0].checkpoint.size += 1; }, /is not tied to a checkpoint signed/);
    await refused((_p, d) => { d.accessTrail[0].purpose = 'STATISTICS'; }, /says something else than its proof/);
    await refused((p) => { p.archived[0].entries.pop(); }, /has no proof/);
  });

  test('an archive the server cannot read is named, and the file says its records are not all listed', async () => {
    const [file] = (await app.query('select file from trail_archive')).rows.map((r) => r.file as string);
    renameSync(path.join(archives, file), path.join(archives, `${file}.away`));
    try {
      files = await disclosureOf(customers[1]);
      const proofs = JSON.parse(files.get('trail-proofs.json')!.toString('utf8'));
      expect(proofs.archivesUnread).toEqual([expect.stringContaining(`${file}: not found`)]);
      expect((JSON.parse(files.get('disclosure.json')!.toString('utf8')) as Disclosure).accessTrail.every((r) => r.entry_id > 300)).toBe(true);
      expect(files.get('README.txt')!.toString('utf8')).toContain('08 には含まれていない記録があります');
      const r = await verifyIn();
      expect(r, r.out).toMatchObject({ code: 0, out: expect.stringMatching(/an archive was not read/) });
    } finally {
      renameSync(path.join(archives, `${file}.away`), path.join(archives, file));
    }
  });
});
