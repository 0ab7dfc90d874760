// The access entries of one request grouped into records (trail/access-entries.ts): every subject served has its
// entry with its own fields; subjects served with the same fields share a record whether or not they were served
// one after the other (a page of customers with their last orders: those with orders and those without alternate).
import { describe, expect, test } from 'vitest';
import { sharedFields, type SubjectAccess } from '../../server/src/policy/access-recorder';
import { accessEntries, type AccessRecord, MAX_SUBJECTS_PER_RECORD } from '../../server/src/trail/access-entries';

const who: AccessRecord['who'] = {
  kind: 'ACCESS', staffId: 3, apiKeyId: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'allCustomers',
  queryHash: null, requestId: 'r1', clientAddress: null, policyVersion: 1,
};

const customer = sharedFields(['Customer.name', 'Customer.phone'], ['Customer.birthDate']);
const withOrders = sharedFields(['Customer.name', 'Customer.phone', 'ShipTo.name'], ['Customer.birthDate']);
/** The same fields as `withOrders`, in sets of their own (a subject recorded field by field). */
const alike: SubjectAccess = { clear: new Set(['ShipTo.name', 'Customer.phone', 'Customer.name']), masked: new Set(['Customer.birthDate']) };

/** Each record's subjects and fields. */
const records = (subjects: [number, SubjectAccess][]) => accessEntries({ who, subjects, reads: [] })
  .map((e) => ({ subjects: [e.customerId, ...(e.moreCustomerIds ?? [])], clear: e.clearFields, masked: e.maskedFields }));

describe('records of a request\'s access entries', () => {
  test('subjects served alike share one record, consecutive or not, records in the order of their first subject', () => {
    const served: [number, SubjectAccess][] = [[5, withOrders], [6, customer], [7, withOrders], [8, alike], [9, customer], [10, withOrders]];
    expect(records(served)).toEqual([
      { subjects: [5, 7, 8, 10], clear: ['Customer.name', 'Customer.phone', 'ShipTo.name'], masked: ['Customer.birthDate'] },
      { subjects: [6, 9], clear: ['Customer.name', 'Customer.phone'], masked: ['Customer.birthDate'] },
    ]);
  });

  test('a full record is followed by a new one, after the records made so far', () => {
    const many = Array.from({ length: MAX_SUBJECTS_PER_RECORD + 1 }, (_, i) => i + 2);
    const served: [number, SubjectAccess][] = [[1, customer], ...many.map((id): [number, SubjectAccess] => [id, withOrders]), [MAX_SUBJECTS_PER_RECORD + 3, customer]];
    expect(records(served).map((r) => r.subjects)).toEqual([[1, MAX_SUBJECTS_PER_RECORD + 3], many.slice(0, -1), [MAX_SUBJECTS_PER_RECORD + 2]]);
  });
});
