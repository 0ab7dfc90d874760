// Consent evidence (#21: a deleted consent's pseudonymised record, kept for audits) under the live-data schedule
// (#19): kind CONSENT_EVIDENCE, counted from the deletion, never shorter than the trail's retention; swept
// through the owner's function, since the application may only append to the evidence.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 3 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const monthsOf = async () => Object.fromEntries((await pm('{ retentionSchedule { periods { kind months } } }')).data.retentionSchedule.periods
  .map((p: { kind: string; months: number }) => [p.kind, p.months]));

/** A consent deleted (the trigger keeps its evidence) `ago` before now; the evidence row's id. */
async function evidence(ago: string): Promise<number> {
  const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`);
  const { rows: [k] } = await s.sql.query(`insert into consent (customer_id, purpose, granted_at, withdrawn_at, source)
    values ($1, 'SURVEY_EVENT', now() - interval '10 years', now() - interval '9 years', 'WEB') returning id`, [c.id]);
  await s.sql.query('delete from consent where id = $1', [k.id]);
  const { rows: [e] } = await s.sql.query(`update consent_evidence set deleted_at = now() - $2::interval where consent_id = $1 returning id`, [k.id, ago]);
  return e.id;
}
const exists = async (id: number) => (await s.sql.query('select 1 from consent_evidence where id = $1', [id])).rows.length === 1;

describe('consent evidence retention', () => {
  test('a kind of the schedule with its basis; a period shorter than the trail\'s retention, or impossible, is refused naming it, nothing changes', async () => {
    const r = await pm('{ retentionSchedule { periods { kind months defaultMonths setting countedFrom basis } } }');
    const kind = r.data.retentionSchedule.periods.find((p: { kind: string }) => p.kind === 'CONSENT_EVIDENCE');
    expect(kind).toMatchObject({ months: 36, defaultMonths: 36, setting: 'consentEvidenceMonths', basis: expect.stringContaining('アクセス記録の保存期間') });
    const before = await monthsOf();
    for (const m of [0, -3, 1201, 24]) {
      expect(err(await pm(`mutation { updateRetentionSchedule(consentEvidenceMonths: ${m}, recordingsMonths: 6) { updatedAt } }`)), String(m))
        .toEqual(['BAD_USER_INPUT', 'consentEvidenceMonths']);
    }
    expect(await monthsOf()).toEqual(before);
  });

  test('evidence past its months goes, recent evidence stays; the app role cannot delete it itself; the trail counts it', async () => {
    const old = await evidence('40 months');
    const recent = await evidence('2 months');
    const due = await pm('{ retentionDue(days: 30) { kind dueNow } }');
    expect(due.data.retentionDue).toContainEqual({ kind: 'CONSENT_EVIDENCE', dueNow: 1 });
    expect((await pm('mutation { updateRetentionSchedule(consentEvidenceMonths: 36) { updatedAt } }')).errors).toBeUndefined();
    const r = await pm('mutation { sweepLiveData { consentEvidence confirmed } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.sweepLiveData).toEqual({ consentEvidence: 1, confirmed: true });
    expect(await exists(old)).toBe(false);
    expect(await exists(recent)).toBe(true);
    const { rows } = await s.sql.query(`select customer_id, detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'Consent'
      and operation = 'sweepLiveData' order by id desc limit 1`);
    expect(rows[0]).toMatchObject({ customer_id: null, detail: { consentEvidence: 1 } });
    // The evidence stays append-only for the application: only the owner's function erases, and not before 12 months.
    const client = await s.sql.connect();
    try {
      await client.query('begin');
      await client.query('set local role mamori_app');
      await expect(client.query('delete from consent_evidence where id = $1', [recent])).rejects.toThrow(/permission denied/);
      await client.query('rollback');
      await client.query('begin');
      await client.query('set local role mamori_app');
      const { rows: [n] } = await client.query(`select consent_evidence_purge((now() at time zone 'Asia/Tokyo')::date, 1) as n`);
      expect(n.n).toBe(0);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await exists(recent)).toBe(true);
  });
});
