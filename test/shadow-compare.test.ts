// Shadow mode (issue #18 item 4): with MAMORI_SHADOW_COMPARE=1 every answer of the compiled read path is run
// again through graphql-js, unrecorded, and a difference is logged and counted. Proven here on the real
// server: alike answers are counted as such and leave one trail entry per subject; a real difference — a
// customer changed between the compiled read and the shadow run, held apart by a lock on the trail — is
// logged (where, never the value) and counted in mamori_shadow_compare_total{result="different"}, for a
// read of the trail too. Reads of the trail are compared against the trail as the compiled request read it
// (trail/trail-horizon.ts): not its own entries, nor entries another writer committed before the shadow run
// read the trail.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLog } from '../server/src/ops/log';
import { metrics } from '../server/src/ops/metrics';
import { APPEND_SQL, chainEntries, prepareEntry, SELECT_HEAD_FOR_UPDATE } from '../server/src/trail/trail-writer';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, any>);

beforeAll(async () => {
  process.env.MAMORI_SHADOW_COMPARE = '1';
  s = await startTestServer({ customers: 20, ops: { log: createLog('info', { write: (line: string) => { lines.push(line); } }) } });
});
afterAll(async () => {
  delete process.env.MAMORI_SHADOW_COMPARE;
  await s?.stop();
});

async function counts(): Promise<Record<string, number>> {
  const { values } = await metrics().shadowCompare.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.result), v.value]));
}

async function post(body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as any };
}

describe('MAMORI_SHADOW_COMPARE=1', () => {
  test('compiled answers and refusals alike through graphql-js are counted as the same, and recorded once', async () => {
    const before = await counts();
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const headers = { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' };
    const served = await post({ query: '{ allCustomers(perPage: 5, sortField: "id") { __typename id name phone email orders(last: 2) { id shipTo { name city } } maskedFields } }' },
      { ...headers, 'x-request-id': 'shadow-same-1' });
    expect(served.status).toBe(200);
    expect(served.body.data.allCustomers).toHaveLength(5);
    const refused = await post({ query: '{ allCustomers(perPage: 5) { id name } }' }, { ...headers, 'x-purpose': 'PROMOTION', 'x-request-id': 'shadow-same-2' });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN_PURPOSE');
    await expect.poll(async () => ((await counts()).same ?? 0) - (before.same ?? 0)).toBe(2);
    expect((await counts()).different ?? 0).toBe(before.different ?? 0);
    // The shadow run records nothing: one entry per customer served, as without shadow mode.
    const { rows } = await s.sql.query(`select count(*)::int as n from trail_entry where request_id = 'shadow-same-1'`);
    expect(rows[0].n).toBe(5);
  });

  test.each([
    ['a list read', 'SUPPORT', 'INQUIRY_RESPONSE', ''],
    ['a read of the trail', 'PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', ' accessHistory(last: 3) { id operation }'],
  ] as const)('a customer changed between the compiled read and the shadow run (%s): the difference is logged, without the value, and counted',
    async (_, role, purpose, more) => {
      const client = await s.asRole(role, purpose);
      const { rows: [first] } = await s.sql.query(`select id, customer_number, name from customer where status = 'ACTIVE' order by id limit 1`);
      const before = await counts();
      const requestId = `shadow-differ-${role}`;
      // The compiled path reads its rows, then (a personal field served: name) waits for its trail entries to commit before it answers; the shadow
      // run starts after the answer. A lock on the trail holds the request between the two while the customer changes.
      const lock = new pg.Client({ connectionString: s.db.url });
      await lock.connect();
      try {
        await lock.query('begin');
        await lock.query('lock table trail_record in share mode');
        const answer = post({ query: `{ allCustomers(perPage: 1, sortField: "id", filter: { ids: ["${first.id}"] }) { id customerNumber name${more} } }` },
          { authorization: `Bearer ${client.token}`, 'x-purpose': purpose, 'x-request-id': requestId });
        await untilWaiting(1);
        await lock.query(`update customer set customer_number = 'SHADOW-' || customer_number where id = $1`, [first.id]);
        await lock.query('commit');
        const { body } = await answer;
        expect(body.data.allCustomers).toMatchObject([{ id: String(first.id), customerNumber: first.customer_number, name: first.name }]);
        // The shadow run has compared before the customer is put back (it starts once the answer has gone).
        await expect.poll(async () => ((await counts()).different ?? 0) - (before.different ?? 0)).toBe(1);
      } finally {
        await lock.end();
        await s.sql.query('update customer set customer_number = $2 where id = $1', [first.id, first.customer_number]);
      }
      expect((await counts()).skipped ?? 0).toBe(before.skipped ?? 0);
      const line = logged().find((l) => l.requestId === requestId && l.msg.startsWith('shadow compare'));
      expect(line).toMatchObject({ level: 'warn', operation: 'allCustomers', role, purpose, part: 'answer',
        where: 'data.allCustomers[0].customerNumber: two different string values' });
      expect(JSON.stringify(line)).not.toContain(first.customer_number);
    });
});

/** Waits until `n` backends wait for a lock on the trail's record table (an append behind a test's lock, or a read). */
async function untilWaiting(n: number, except?: number) {
  await expect.poll(async () => (await s.sql.query(`select count(distinct l.pid)::int as n from pg_locks l join pg_class c on c.oid = l.relation
    where c.relname = 'trail_record' and not l.granted and l.pid is distinct from $1`, [except ?? null])).rows[0].n, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
}

/** A compiled answer of a read of the trail, and how the process counted it. */
async function historyOf(customerId: number, requestId: string, headers: Record<string, string>) {
  const served = async () => (await metrics().compiledReads.get()).values.find((v) => v.labels.outcome === 'served')?.value ?? 0;
  const before = await served();
  const answer = post({ query: `{ allCustomers(perPage: 1, filter: { ids: ["${customerId}"] }) { id name accessHistory(last: 50) { id requestId operation clearFieldsRead } } }` },
    { ...headers, 'x-request-id': requestId });
  return { answer, compiled: async () => (await served()) > before };
}

describe('MAMORI_SHADOW_COMPARE=1 on reads of the trail (a trail horizon)', () => {
  test('a read of the trail is compared against the trail as the compiled request read it: alike, not skipped, its own entries unseen', async () => {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const headers = { authorization: `Bearer ${pm.token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' };
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id offset 2 limit 1`);
    const before = await counts();
    // Twice: the second reads the first's entries (its read of the name, its read of the trail), and writes its own after.
    for (const n of [1, 2]) {
      const read = await historyOf(c.id, `shadow-trail-${n}`, headers);
      const { status, body } = await read.answer;
      expect(status).toBe(200);
      expect(await read.compiled()).toBe(true);
      const seen = body.data.allCustomers[0].accessHistory.map((e: { requestId: string }) => e.requestId);
      expect(seen).not.toContain(`shadow-trail-${n}`);
      if (n === 2) expect(seen).toContain('shadow-trail-1');
      await expect.poll(async () => ((await counts()).same ?? 0) - (before.same ?? 0)).toBe(n);
    }
    const after = await counts();
    expect({ different: after.different ?? 0, skipped: after.skipped ?? 0, failed: after.failed ?? 0 })
      .toEqual({ different: before.different ?? 0, skipped: before.skipped ?? 0, failed: before.failed ?? 0 });
    // Each request's entries are on the trail now: the shadow runs, which came after them, did not see them.
    const { rows } = await s.sql.query(`select count(*)::int as n from trail_entry where customer_id = $1 and request_id like 'shadow-trail-%'`, [c.id]);
    expect(rows[0].n).toBe(2);
  });

  test('an entry another writer commits between the compiled read and the shadow run\'s read of the trail is no false difference', async () => {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const headers = { authorization: `Bearer ${pm.token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' };
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id offset 3 limit 1`);
    const before = await counts();
    // `hold` keeps the compiled request between its read of the trail and its append; `other` then takes the trail for
    // itself (queued behind that append, so granted once the request's entries are committed): the shadow run, which
    // starts once the answer has gone, waits for it before it reads the trail, and `other` appends an entry about the
    // same customer first, as another process's writer would.
    const hold = new pg.Client({ connectionString: s.db.url });
    const other = new pg.Client({ connectionString: s.db.url });
    await hold.connect();
    await other.connect();
    try {
      const { rows: [{ pid }] } = await other.query('select pg_backend_pid() as pid');
      await hold.query('begin');
      await hold.query('lock table trail_record in share mode');
      const read = await historyOf(c.id, 'shadow-trail-held', headers);
      await untilWaiting(1);
      await other.query('begin');
      const taken = other.query('lock table trail_record in access exclusive mode');
      await untilWaiting(2);
      await hold.query('commit');
      const { status, body } = await read.answer;
      await taken;
      expect(status).toBe(200);
      expect(await read.compiled()).toBe(true);
      await untilWaiting(1, pid);
      const { rows: [head] } = await other.query(SELECT_HEAD_FOR_UPDATE);
      const entry = prepareEntry({ kind: 'ACCESS', staffId: null, apiKeyId: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'allCustomers',
        queryHash: null, requestId: 'shadow-trail-other', clientAddress: null, customerId: c.id, clearFields: ['name'], maskedFields: [], detail: {} });
      const { rowCount } = await other.query(APPEND_SQL, [JSON.stringify(chainEntries(head, [entry]).rows)]);
      expect(rowCount).toBe(1);
      await other.query('commit');
      expect(body.data.allCustomers[0].accessHistory.map((e: { requestId: string }) => e.requestId)).not.toContain('shadow-trail-other');
      await expect.poll(async () => ((await counts()).same ?? 0) - (before.same ?? 0)).toBe(1);
    } finally {
      await hold.end();
      await other.end();
    }
    expect((await counts()).different ?? 0).toBe(before.different ?? 0);
    // Read now, the history holds the other writer's entry and the request's own: the shadow run saw neither.
    const { rows } = await s.sql.query(`select request_id from trail_entry where customer_id = $1 and request_id in ('shadow-trail-held', 'shadow-trail-other')`, [c.id]);
    expect(rows.map((r) => r.request_id).sort()).toEqual(['shadow-trail-held', 'shadow-trail-other']);
  });
  test('reads of the trail side by side with requests writing about the same customers: each compared, none a false difference', async () => {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id offset 4 limit 2`);
    const ids = JSON.stringify(rows.map((r) => String(r.id)));
    const history = `{ allCustomers(perPage: 2, filter: { ids: ${ids} }) { id name accessHistory(last: 20) { id requestId clearFieldsRead } } }`;
    const names = `{ allCustomers(perPage: 2, filter: { ids: ${ids} }) { id name phone } }`;
    const before = await counts();
    const compared = async () => { const c = await counts(); return ['same', 'different', 'failed', 'skipped'].reduce((n, k) => n + (c[k] ?? 0) - (before[k] ?? 0), 0); };
    // Each round: two reads of the histories and two reads that add to them, at once (their entries committed in any
    // order around the histories' statements and the shadow runs); the round's shadow runs end before the next round
    // (at most 4 at once: none skipped).
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        post({ query: history }, { authorization: `Bearer ${pm.token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION', 'x-request-id': `shadow-side-${round}-h1` }),
        post({ query: names }, { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': `shadow-side-${round}-n1` }),
        post({ query: history }, { authorization: `Bearer ${pm.token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION', 'x-request-id': `shadow-side-${round}-h2` }),
        post({ query: names }, { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': `shadow-side-${round}-n2` }),
      ]);
      expect(answers.map((a) => a.body.data.allCustomers.length)).toEqual([2, 2, 2, 2]);
      await expect.poll(compared).toBe(4 * (round + 1));
    }
    const after = await counts();
    expect({ same: (after.same ?? 0) - (before.same ?? 0), different: (after.different ?? 0) - (before.different ?? 0) }).toEqual({ same: 20, different: 0 });
    const { rows: [n] } = await s.sql.query(`select count(*)::int as n from trail_entry where request_id like 'shadow-side-%-n_'`);
    expect(n.n).toBe(20);
  });
});
