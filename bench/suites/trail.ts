// Target 7 (opt-in: --only trail): one customer's trail among BENCH_TRAIL_LARGE entries vs among 1M (p95 within
// 1.5×), in monthly partitions; and how fast the chain verifies. Bulk entries are generated in SQL
// (INSERT … SELECT generate_series, one statement per month); the chain verified is real (appendTrail).
import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendTrail, type TrailEntryInput } from '../../server/src/trail/trail-writer';
import { verifyTrail } from '../../server/src/trail/verify';
import { initOrm } from '../../server/src/db/orm';
import { createBenchDatabase, type BenchDatabase } from '../lib/database';
import { BENCH_SECRET } from '../lib/fixture';
import { loginAs } from '../lib/mamori';
import { percentile } from '../lib/load';
import { startServerProcess } from '../lib/processes';
import { buildStoredTree, timeInclusionProofs } from '../lib/trail-tree';
import { ms, perSecond, type BenchContext } from '../lib/report';

const SMALL = 1_000_000;
const LARGE = Number(process.env.BENCH_TRAIL_LARGE ?? 10_000_000);
const MONTHS = 24;
const CHAIN = 20_000;
const PROBE_CUSTOMER = 424_242;
const PROBE_ENTRIES = 200;
const SUBJECTS_PER_RECORD = 20;
const REQUESTS = 60;
const PROOF_PROBES = 200;
const QUERY = `query($c: ID) { allAccessEvents(filter: { customerId: $c }, sortField: "at", sortOrder: "DESC", perPage: 25) { id at role purpose customerId clearFieldsRead }
  _allAccessEventsMeta(filter: { customerId: $c }) { count } }`;

export async function trail(ctx: BenchContext): Promise<void> {
  const dbs: Record<'small' | 'large', BenchDatabase> = {
    small: await createBenchDatabase('trail_small', 20, ctx.log),
    large: await createBenchDatabase('trail_large', 20, ctx.log),
  };
  try {
    const verified: Record<string, number> = {};
    const proofs: Record<string, { p50: number; p95: number }> = {};
    for (const [k, n] of [['small', SMALL], ['large', LARGE]] as const) {
      verified[k] = await writeChain(dbs[k].url);
      const t0 = Date.now();
      await bulkEntries(dbs[k].url, n, (m) => ctx.log(`trail ${k}: ${m}`));
      ctx.log(`trail ${k}: ${n.toLocaleString('en')} entries in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      // #20: the Merkle tree over every entry, stored as the checkpointer stores it; one entry's proof timed.
      const size = await entriesIn(dbs[k].url);
      const t1 = Date.now();
      const root = await buildStoredTree(dbs[k].url, size, (m) => ctx.log(`trail ${k}: ${m}`));
      ctx.log(`trail ${k}: tree over ${size.toLocaleString('en')} entries in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
      proofs[k] = await timeInclusionProofs(dbs[k].url, size, root, PROOF_PROBES);
    }
    ctx.report({
      target: '#20 proofs', measure: `inclusion proof of one entry (read, ~log2(n) hashes, checked), p95 of ${PROOF_PROBES}`,
      value: `${(LARGE / 1e6).toFixed(0)}M entries ${ms(proofs.large.p95)}`, baseline: `1M ${ms(proofs.small.p95)}`,
      ratio: proofs.large.p95 / proofs.small.p95, goal: '< 50 ms', pass: proofs.large.p95 < 50,
    });
    ctx.report({
      target: '7 trail growth', measure: `chain verification, ${CHAIN.toLocaleString('en')} real entries`, value: `${perSecond(verified.large)} entries (in ${(LARGE / 1e6).toFixed(0)}M)`,
      baseline: `${perSecond(verified.small)} (in 1M)`, ratio: verified.large / verified.small,
    });
    const servers = {
      small: await startServerProcess('mamori', { DATABASE_URL: dbs.small.url, MAMORI_SECRET: BENCH_SECRET }),
      large: await startServerProcess('mamori', { DATABASE_URL: dbs.large.url, MAMORI_SECRET: BENCH_SECRET }),
    };
    try {
      const tokens = { small: await loginAs(servers.small.url, 'PRIVACY_MANAGER'), large: await loginAs(servers.large.url, 'PRIVACY_MANAGER') };
      const times: Record<string, number[]> = { small: [], large: [] };
      for (let i = 0; i < REQUESTS; i++) {
        for (const k of ['small', 'large'] as const) {
          const t0 = performance.now();
          const res = await fetch(`${servers[k].url}/graphql`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k]}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' },
            body: JSON.stringify({ query: QUERY, variables: { c: String(PROBE_CUSTOMER) } }),
          });
          const body = await res.json() as { data?: { _allAccessEventsMeta: { count: number } }; errors?: unknown };
          times[k].push(performance.now() - t0);
          if (body.errors || (body.data?._allAccessEventsMeta.count ?? 0) < PROBE_ENTRIES) throw new Error(`trail page: ${JSON.stringify(body).slice(0, 200)}`);
        }
      }
      const [a, b] = [percentile(times.large.slice(5), 95), percentile(times.small.slice(5), 95)];
      ctx.report({
        target: '7 trail growth', measure: `p95 one customer's trail (newest 25 + count), ${MONTHS} monthly partitions`,
        value: `${(LARGE / 1e6).toFixed(0)}M entries ${ms(a)}`, baseline: `1M ${ms(b)}`, ratio: a / b, goal: '≤ 1.5×', pass: a / b <= 1.5,
      });
    } finally {
      await Promise.all(Object.values(servers).map((s) => s.stop()));
    }
  } finally {
    await dbs.small.drop();
    await dbs.large.drop();
  }
}

/** CHAIN real entries through the server's writer, then the verifier's speed over them (entries/s). */
async function writeChain(url: string): Promise<number> {
  const orm = await initOrm(url, { pool: { min: 0, max: 2 } });
  try {
    const entry = (i: number): TrailEntryInput => ({
      kind: 'ACCESS', staffId: null, apiKeyId: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'Bench', queryHash: null,
      requestId: `chain-${i}`, clientAddress: '127.0.0.1', customerId: 1 + (i % 20), clearFields: ['Customer.name', 'Customer.phone'], maskedFields: ['Customer.cardNumber'], detail: {},
    });
    for (let i = 0; i < CHAIN; i += 1_000) {
      await orm.em.fork().transactional((em) => appendTrail(em as EntityManager, Array.from({ length: 1_000 }, (_, j) => entry(i + j))));
    }
    const t0 = performance.now();
    const v = await verifyTrail(orm.em.fork() as EntityManager);
    if (!v.ok || v.checked !== CHAIN) throw new Error(`chain did not verify: ${JSON.stringify(v)}`);
    return CHAIN / ((performance.now() - t0) / 1000);
  } finally {
    await orm.close(true);
  }
}

/**
 * `total` entries after the chain (ids past the head: the verifier's range is the chain), spread over MONTHS monthly
 * partitions, one INSERT per month, as records of SUBJECTS_PER_RECORD customers each (a list page read under one
 * purpose: how the trail stores reads); every (total / PROBE_ENTRIES)-th entry is about the probe customer.
 */
async function bulkEntries(url: string, total: number, log: (m: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '256MB'`);
    const records = Math.ceil(total / SUBJECTS_PER_RECORD);
    const perMonth = Math.ceil(records / MONTHS);
    const every = Math.floor(total / PROBE_ENTRIES);
    for (let m = 1; m <= MONTHS; m++) {
      const month = `date_trunc('month', now() at time zone 'UTC') - interval '${m} months'`;
      await client.query(`select ensure_trail_partition((${month})::date)`);
      // Rows past the head, not chained: written around the chain trigger (a superuser session).
      await client.query(`set session_replication_role = replica`);
      const first = (m - 1) * perMonth;
      const last = Math.min(records, first + perMonth) - 1;
      // Record g holds entries g × SUBJECTS_PER_RECORD … + SUBJECTS_PER_RECORD - 1 (entry id = CHAIN + 1 + entry).
      await client.query(`insert into trail_record (id, at, kind, staff_id, role, purpose, operation, request_id, client_address, customer_ids,
          clear_fields, masked_fields, detail, prev_hash, hash)
        select ${CHAIN + 1} + g * ${SUBJECTS_PER_RECORD}, (${month}) + ((g - ${first}) * interval '1 second' * (2419200.0 / ${perMonth})), 'ACCESS', 1 + g % 15,
          'SUPPORT', 'INQUIRY_RESPONSE', 'Page', 'bulk-' || g, '127.0.0.1',
          array(select case when e % ${every} = 0 then ${PROBE_CUSTOMER} else (e * 7919) % 1000000 + 1 end
                from generate_series(g * ${SUBJECTS_PER_RECORD}, g * ${SUBJECTS_PER_RECORD} + ${SUBJECTS_PER_RECORD - 1}) as e),
          '{Customer.name,Customer.phone}', '{Customer.cardNumber}', '{}', md5(g::text) || md5((g + 1)::text), md5((g + 2)::text) || md5((g + 3)::text)
        from generate_series(${first}::bigint, ${last}::bigint) as g`);
      if (m % 6 === 0) log(`${m}/${MONTHS} months`);
    }
    await client.query('analyze trail_record');
  } finally {
    await client.end();
  }
}

/** Entries in the trail, bulk ones past the head included (the last record's last entry id). */
async function entriesIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [r] } = await client.query(`select id + greatest(cardinality(customer_ids), 1) - 1 as last from trail_record order by id desc limit 1`);
    return Number(r.last);
  } finally {
    await client.end();
  }
}
