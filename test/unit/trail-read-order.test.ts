// A request's reads of the trail are written in one order whatever order they ran in (issue #18 item 4): the two
// executors batch a level's relations differently, and their entries must be identical.
import { describe, expect, test } from 'vitest';
import { accessEntries, type AccessRecord } from '../../server/src/trail/access-entries';
import { seededRandom } from '../helpers/attack';

const who: AccessRecord['who'] = {
  kind: 'ACCESS', staffId: 3, apiKeyId: null, role: 'AUDITOR', purpose: 'PRIVACY_ADMINISTRATION', operation: 'allInteractions',
  queryHash: null, requestId: 'r1', clientAddress: null, policyVersion: 1,
};

/** Reads as a request makes them: customers' histories (some twice: aliases with other sizes), lists with filters. */
const READS: AccessRecord['reads'] = [
  ...[17, 4, 120, 9, 33].map((id) => ({ kind: 'ACCESS', returned: id % 4, filter: { customerId: String(id) } })),
  { kind: 'ACCESS', returned: 1, filter: { customerId: '4' } },
  { kind: 'ACCESS', returned: 3, filter: { customerId: '4' } },
  { kind: 'ACCESS', returned: 25, filter: { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' } },
  { kind: 'ACCESS', returned: 25, filter: { purpose: 'AFTER_SALES', role: 'SUPPORT' } },
  { kind: 'CHANGE', returned: 2, filter: { customerId: '9', entity: 'Customer' } },
  { kind: 'AUDIT_RUN', returned: 0, filter: { auditId: 5, scope: { to: '2026-12-01', from: '2026-11-01' } } },
];

const readsOf = (entries: ReturnType<typeof accessEntries>) => entries.map((e) => e.detail);

describe('reads of the trail', () => {
  test('are written in the same order whatever order they ran in', () => {
    const rnd = seededRandom(20261207);
    const expected = readsOf(accessEntries({ who, subjects: [], reads: READS }));
    expect(expected).toHaveLength(READS.length);
    for (let n = 0; n < 50; n++) {
      expect(readsOf(accessEntries({ who, subjects: [], reads: rnd.sample(READS, READS.length) }))).toEqual(expected);
    }
  });

  test('a filter\'s keys in another order are the same filter', () => {
    const a = { kind: 'ACCESS', returned: 25, filter: { role: 'SUPPORT', purpose: 'X' } };
    const b = { kind: 'ACCESS', returned: 25, filter: { purpose: 'X', role: 'SUPPORT' } };
    const c = { kind: 'ACCESS', returned: 25, filter: { purpose: 'W', role: 'SUPPORT' } };
    const order = (reads: AccessRecord['reads']) => readsOf(accessEntries({ who, subjects: [], reads })).map((d) => (d.filter as { purpose: string }).purpose);
    expect(order([a, c])).toEqual(['W', 'X']);
    expect(order([c, b])).toEqual(['W', 'X']);
  });

  test('follow the subjects served, customers\' reads by customer number', () => {
    const subject = { clear: new Set(['Customer.name']), masked: new Set<string>() };
    const entries = accessEntries({ who, subjects: [[120, subject]], reads: READS.slice(0, 5) });
    expect(entries[0].customerId).toBe(120);
    expect(entries.slice(1).map((e) => (e.detail.filter as { customerId: string }).customerId)).toEqual(['4', '9', '17', '33', '120']);
  });
});
