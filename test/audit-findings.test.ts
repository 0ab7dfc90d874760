// Finding generators as functions (no server): checks that cannot run say so, and the trail rules' edges.
import { describe, expect, test } from 'vitest';
import { defaultAuditSettings } from '../server/src/modules/audits/audit-settings';
import { clearReadVolumeFindings } from '../server/src/modules/audits/findings/clear-read-volume';
import { findLeakReportsOverdue } from '../server/src/modules/audits/findings/leak-reports-overdue';
import { manyReadersFindings } from '../server/src/modules/audits/findings/many-readers';
import { findPrivacyRequestsOverdue } from '../server/src/modules/audits/findings/privacy-requests-overdue';
import { findRetentionNotSwept } from '../server/src/modules/audits/findings/retention-sweep';
import type { AuditRun } from '../server/src/modules/audits/findings/types';

const settings = { ...defaultAuditSettings(), manyReadersThreshold: 4, manyReadersWindowMinutes: 60, dailyClearReadLimit: 10, spikeMultiplier: 3 };

/** A run on a database where the privacy-request workflow's tables do not exist (or lack `columns`). */
function runWithout(columns: Record<string, string[]> = {}): AuditRun {
  return {
    em: null as never, settings, now: new Date('2026-11-25T03:00:00Z'),
    scope: { from: new Date('2026-11-01T00:00:00+09:00'), to: new Date('2026-11-02T00:00:00+09:00'), periodFrom: '2026-11-01', periodTo: '2026-11-01', roles: [], purposes: [], contractorIds: [] },
    async query(sql: string, params: unknown[] = []) {
      if (sql.includes('to_regclass')) return [{ present: String(params[0]) in columns }] as any;
      if (sql.includes('information_schema')) return (columns[String(params[0])] ?? []).map((c) => ({ column_name: c })) as any;
      throw new Error(`unexpected query ${sql}`);
    },
  };
}

describe('checks on tables of the privacy-request workflow', () => {
  test('without privacy_request and leak_incident, each check is skipped with a note saying so', async () => {
    const [request] = await findPrivacyRequestsOverdue(runWithout());
    expect(request).toMatchObject({ code: 'CHECK_SKIPPED', severity: 'INFO', data: { table: 'privacy_request', tableExists: false } });
    expect(request.detail).toContain('privacy_request がまだ存在しない');
    const [leak] = await findLeakReportsOverdue(runWithout());
    expect(leak).toMatchObject({ code: 'CHECK_SKIPPED', data: { table: 'leak_incident', tableExists: false } });
    const retention = await findRetentionNotSwept(runWithout());
    expect(retention.map((f) => [f.code, f.data?.table])).toEqual([['CHECK_SKIPPED', 'customer_erasure'], ['CHECK_SKIPPED', 'disclosure_download'],
      ['CHECK_SKIPPED', 'privacy_setting']]);
  });

  test('a table without the columns the check reads is skipped naming them', async () => {
    const [f] = await findPrivacyRequestsOverdue(runWithout({ privacy_request: ['id', 'customer_id', 'kind', 'status', 'received_at'] }));
    expect(f).toMatchObject({ code: 'CHECK_SKIPPED', data: { missingColumns: ['due_at', 'completed_at'], tableExists: true } });
  });
});

describe('rules of the trail checks', () => {
  const at = (hhmm: string) => new Date(`2026-11-02T${hhmm}:00+09:00`);
  const reads = (list: [number, string, number][]) => list.map(([id, hhmm, staffId]) => ({ id, customerId: 7, at: at(hhmm), staffId, apiKeyId: null }));

  test('four readers within the hour are a burst; the same four spread over two hours are not', () => {
    expect(manyReadersFindings(reads([[1, '10:00', 1], [2, '10:20', 2], [3, '10:40', 3], [4, '10:59', 4]]), settings).map((f) => f.evidence)).toEqual([[1, 2, 3, 4]]);
    expect(manyReadersFindings(reads([[1, '10:00', 1], [2, '10:40', 2], [3, '11:20', 3], [4, '12:00', 4]]), settings)).toEqual([]);
  });

  test('two bursts of the same customer on one day are two findings', () => {
    const found = manyReadersFindings(reads([[1, '09:00', 1], [2, '09:05', 2], [3, '09:10', 3], [4, '09:15', 4],
      [5, '15:00', 1], [6, '15:05', 2], [7, '15:10', 3], [8, '15:15', 5]]), settings);
    expect(found.map((f) => f.evidence)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
  });

  test('the usual volume is the median over 30 days, idle days counting 0; an occasional reader has none', () => {
    const day = (d: string, customers: number, staffId = 1) => ({ staffId, apiKeyId: null, role: 'SUPPORT', day: d, customers });
    const period = { periodFrom: '2026-11-30', periodTo: '2026-11-30' };
    const busy = Array.from({ length: 15 }, (_, i) => day(`2026-11-${String(15 + i).padStart(2, '0')}`, 2));
    // 15 days of 2 and 15 idle days: the median is (0 + 2) / 2 = 1, so 4 reads exceed 3 × 1.
    expect(clearReadVolumeFindings([...busy, day('2026-11-30', 4)], period, settings).map((f) => [f.code, f.data?.median30])).toEqual([['CLEAR_READ_SPIKE', 1]]);
    expect(clearReadVolumeFindings([...busy, day('2026-11-30', 3)], period, settings)).toEqual([]);
    expect(clearReadVolumeFindings([day('2026-11-20', 1, 2), day('2026-11-30', 9, 2)], period, settings)).toEqual([]);
    expect(clearReadVolumeFindings([day('2026-11-30', 11, 2)], period, settings).map((f) => f.code)).toEqual(['CLEAR_READ_VOLUME']);
  });
});
