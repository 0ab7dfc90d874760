// Consent history survives an erasure (#21): marketing's consented reads made before a DELETION are not
// raised as 同意のないマーケティング利用 afterwards; the deleted consents leave pseudonymised evidence only
// (no name or contact; a birth date only for a minor), which the application may add to but not rewrite.
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PURPOSES } from '../schema/policy';
import { appendTrail } from '../server/src/trail/trail-writer';
import { demoEmail } from '../server/src/seeders';
import { startTestServer, type TestServer } from './helpers/server';
import { eraseApproved } from './helpers/erasure';

let s: TestServer;
const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const yearsAgo = (n: number) => `${Number(jstToday().slice(0, 4)) - n}${jstToday().slice(4)}`;
const who: Record<string, number> = {};

async function insertCustomer(n: string, birthDate: string): Promise<number> {
  const { rows: [c] } = await s.sql.query(
    `insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, phone_digits, email, birth_date, gender, source)
     values ($1, '同意 花子', 'ドウイ ハナコ', '100-0001', '東京都', '千代田区', '1-1', '090-1111-2222', '09011112222', $2, $3, 'FEMALE', 'WEB') returning id`,
    [`CH${n}`, `consent-${n}@example.invalid`, birthDate]);
  return c.id;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  const { rows: [m] } = await s.sql.query('select id from staff where email = $1', [demoEmail('MARKETING')]);
  who.marketing = m.id;
  // A: an adult who consented to PROMOTION 60 days ago. B: a minor who consented without a guardian.
  // C: an adult who never consented. Each is read by marketing under PROMOTION today.
  who.a = await insertCustomer('A', '1985-05-05');
  who.b = await insertCustomer('B', yearsAgo(15));
  who.c = await insertCustomer('C', '1990-01-01');
  for (const id of [who.a, who.b]) {
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', now() - interval '60 days', 'WEB')`, [id]);
  }
  // A's read goes through the server, as marketing works; B's and C's (which the server would refuse) are written to the trail.
  const marketing = await s.asRole('MARKETING', 'PROMOTION');
  const read = await marketing('query($id: ID!) { Customer(id: $id) { id name email } }', { id: String(who.a) });
  expect(read.errors).toBeUndefined();
  await s.orm.em.fork().transactional((em) => appendTrail(em as EntityManager, [who.b, who.c].map((customerId) => ({
    kind: 'ACCESS' as const, staffId: who.marketing, apiKeyId: null, role: 'MARKETING', purpose: 'PROMOTION', operation: 'Customer', queryHash: null,
    requestId: 'consent-history-test', clientAddress: '127.0.0.1', customerId, clearFields: ['Customer.name'], maskedFields: [], detail: {},
  }))));
  // Then A, B and C are erased at their request.
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  for (const id of [who.a, who.b, who.c]) {
    const created = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(id) });
    const rid = created.data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: REGISTERED_PHONE_CALLBACK) { id } }', { id: rid });
    const done = await eraseApproved(s, pm, rid, 'pseudonymId');
    expect(done.errors).toBeUndefined();
  }
});
afterAll(async () => { await s?.stop(); });

describe('an audit after an erasure', () => {
  test('judges marketing\'s reads by the consent as it stood: A\'s consented read is no finding, B (minor) and C still are', async () => {
    expect((await s.sql.query('select count(*)::int as n from consent where customer_id = any($1)', [[who.a, who.b, who.c]])).rows[0].n).toBe(0);
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const created = await auditor('mutation($d: String!) { createAudit(title: "消去後の監査", periodFrom: $d, periodTo: $d) { id } }', { d: jstToday() });
    const run = await auditor('mutation($id: ID!) { runAudit(id: $id) { findings { code customerId data detail } } }', { id: created.data.createAudit.id });
    expect(run.errors).toBeUndefined();
    const marketing = run.data.runAudit.findings.filter((f: any) => ['MARKETING_WITHOUT_CONSENT', 'MINOR_WITHOUT_GUARDIAN_CONSENT'].includes(f.code));
    const found = marketing.map((f: any) => [f.code, f.data.customerIds]).sort((x: any, y: any) => x[1][0] - y[1][0]);
    expect(found).toEqual([['MINOR_WITHOUT_GUARDIAN_CONSENT', [who.b]], ['MARKETING_WITHOUT_CONSENT', [who.c]]]);
    // In words: the purpose by its label, not its key.
    for (const f of marketing) expect(f.detail).toContain(`利用目的「${PURPOSES.PROMOTION.ja}」`);
  });

  test('the evidence kept is pseudonymised: purpose and times by internal id, a birth date only for the minor', async () => {
    const { rows } = await s.sql.query(`select * from consent_evidence where customer_id = any($1) order by customer_id`, [[who.a, who.b, who.c]]);
    expect(rows.map((r) => [r.customer_id, r.purpose, r.guardian_consent, r.birth_date && 'kept'])).toEqual([
      [who.a, 'PROMOTION', false, null], [who.b, 'PROMOTION', false, 'kept'],
    ]);
    expect(Object.keys(rows[0]).sort()).toEqual(
      ['birth_date', 'consent_id', 'customer_id', 'deleted_at', 'granted_at', 'guardian_consent', 'guardian_consent_at', 'id', 'purpose', 'withdrawn_at']);
    const { rows: [erased] } = await s.sql.query('select name, email, birth_date from customer where id = $1', [who.a]);
    expect(erased.email).toBe('');
    expect(erased.birth_date).toBeNull();
  });

  test('the application role may add evidence but not rewrite or delete it', async () => {
    const app = new pg.Client({ connectionString: s.db.appUrl });
    await app.connect();
    try {
      for (const sql of ['update consent_evidence set withdrawn_at = granted_at', 'delete from consent_evidence']) {
        await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
      }
    } finally {
      await app.end();
    }
    expect((await s.sql.query('select count(*)::int as n from consent_evidence where customer_id = any($1)', [[who.a, who.b]])).rows[0].n).toBe(2);
  });
});
