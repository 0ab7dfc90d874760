// The checkpointer's row-at-a-time leaf hashes are the leaves of tree-leaves.ts's entry text, byte for byte
// (the person's verifier and the disclosure's proofs hash each entry with leafText).
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { leafHash, nodeHash } from '../../server/src/trail/merkle';
import { entryLeafHash, leafEntriesOfRow, leafHashesOfRow } from '../../server/src/trail/tree-leaves';

const rows = [
  { id: '41', at: new Date('2026-12-06T12:34:56.789Z'), kind: 'ACCESS', staff_id: 5, api_key_id: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE',
    operation: 'allCustomers', customer_ids: [7, 3, 12, 9], clear_fields: ['name', 'email', 'address.city'], masked_fields: ['phone', 'birthDate'], hash: 'ab'.repeat(32) },
  { id: 7, at: '2026-01-01T00:00:00.000Z', kind: 'SECURITY', staff_id: null, api_key_id: '3', role: null, purpose: null, operation: 'login「失敗」"\\',
    customer_ids: null, clear_fields: null, masked_fields: [], hash: 'cd'.repeat(32) },
  { id: 100, at: new Date(0), kind: 'CHANGE', staff_id: 1, role: 'PRIVACY_MANAGER', customer_ids: [], clear_fields: ['z', 'a'], hash: 'ef'.repeat(32) },
  // Ids and subjects crossing a number of digits within the row; a subject that is not a safe whole number.
  { id: '9997', at: new Date('2026-12-07T00:00:00.001Z'), kind: 'ACCESS', staff_id: 12, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'Page',
    customer_ids: [0, 9, 10, 99, 100, 2 ** 31 - 1, -5, 1.5, 2 ** 53], clear_fields: ['Customer.name'], masked_fields: [], hash: '01'.repeat(32) },
  // Longer than the leaf buffer the checkpointer starts with, and a subject longer than the room left: it grows.
  { id: 5, at: new Date(1), kind: 'ACCESS', staff_id: 2, role: 'AUDITOR', purpose: '監査', operation: 'x'.repeat(3000),
    customer_ids: [1, '"長い"'.repeat(4000), 2], clear_fields: Array.from({ length: 400 }, (_, i) => `Customer.氏名${i}`), masked_fields: ['b', 'a'], hash: '23'.repeat(32) },
];

describe('leaf hashes of a trail row', () => {
  test.each(rows.map((r) => [r.id, r] as const))('row %s: every entry, and every entry after each cut', (_, row) => {
    const expected = leafEntriesOfRow(row).map(entryLeafHash);
    expect(leafHashesOfRow(row)).toEqual({ first: Number(row.id), hashes: expected });
    for (let cut = Number(row.id) - 2; cut <= Number(row.id) + expected.length; cut++) {
      const first = Math.max(Number(row.id), cut + 1);
      expect(leafHashesOfRow(row, cut)).toEqual({ first, hashes: expected.slice(first - Number(row.id)) });
    }
  });

  test('one-shot hashes are RFC 9162 leaf and node hashes', () => {
    for (const text of ['', 'entry 1', '「個人情報」', '\u0000x']) {
      expect(leafHash(text)).toEqual(createHash('sha256').update(Buffer.from([0])).update(text).digest());
      expect(leafHash(Buffer.from(text))).toEqual(leafHash(text));
    }
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(nodeHash(a, b)).toEqual(createHash('sha256').update(Buffer.from([1])).update(a).update(b).digest());
    expect(nodeHash(b, a)).not.toEqual(nodeHash(a, b));
  });
});
