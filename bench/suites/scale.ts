// Target 5 (opt-in: --only scale): the same searches and list pages on 10k and on 1M customers; p95 at 1M
// within 1.5× of p95 at 10k. The 1M database is the 10k one copied 100 times (bench/lib/multiply.ts);
// BENCH_SCALE_SEEDER=1 seeds it with the seeder instead (about an hour here).
import pg from 'pg';
import { createBenchDatabase } from '../lib/database';
import { BENCH_SECRET } from '../lib/fixture';
import { loginAs } from '../lib/mamori';
import { multiplyCustomers } from '../lib/multiply';
import { percentile } from '../lib/load';
import { startServerProcess, type ServerProcess } from '../lib/processes';
import { ms, type BenchContext } from '../lib/report';

const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_SCALE_CUSTOMERS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 60);
const PAGE = 'id customerNumber name nameKana phone prefecture createdAt';

/** Each case draws its variables from rows of the small database (present in both: the large one copies it). */
interface Case { name: string; query: string; vars: (s: Samples, i: number) => Record<string, unknown> }
interface Samples { phones: string[]; numbers: string[]; kana: string[] }

const CASES: Case[] = [
  { name: 'search by phone (filter.phone)', query: `query($v: String) { allCustomers(filter: { phone: $v }) { ${PAGE} } }`, vars: (s, i) => ({ v: s.phones[i % s.phones.length] }) },
  { name: 'search box: phone digits prefix (q)', query: `query($v: String) { allCustomers(filter: { q: $v }) { ${PAGE} } }`, vars: (s, i) => ({ v: s.phones[i % s.phones.length].replace(/\D/g, '').slice(0, 7) }) },
  { name: 'search by kana prefix (filter.nameKana)', query: `query($v: String) { allCustomers(filter: { nameKana: $v }, sortField: "nameKana") { ${PAGE} } }`, vars: (s, i) => ({ v: s.kana[i % s.kana.length] }) },
  { name: 'search by customer number (filter.customerNumber)', query: `query($v: String) { allCustomers(filter: { customerNumber: $v }) { ${PAGE} } }`, vars: (s, i) => ({ v: s.numbers[i % s.numbers.length] }) },
  { name: 'search box: customer number (q)', query: `query($v: String) { allCustomers(filter: { q: $v }) { ${PAGE} } }`, vars: (s, i) => ({ v: s.numbers[i % s.numbers.length] }) },
  { name: 'list: prefecture, newest first, page 1 of 25', query: `query($v: String) { allCustomers(filter: { prefecture: $v }, sortField: "createdAt", sortOrder: "DESC", perPage: 25) { ${PAGE} } }`, vars: (_s, i) => ({ v: ['東京都', '大阪府', '北海道', '福岡県'][i % 4] }) },
  { name: 'list: all, newest first, page 1 of 25', query: `query { allCustomers(sortField: "createdAt", sortOrder: "DESC", perPage: 25) { ${PAGE} } }`, vars: () => ({}) },
  { name: '_allCustomersMeta: all', query: 'query { _allCustomersMeta { count estimated } }', vars: () => ({}) },
  { name: '_allCustomersMeta: prefecture', query: 'query($v: String) { _allCustomersMeta(filter: { prefecture: $v }) { count estimated } }', vars: (_s, i) => ({ v: ['東京都', '大阪府', '北海道', '福岡県'][i % 4] }) },
];

export async function scale(ctx: BenchContext): Promise<void> {
  ctx.log(`scale: seeding ${SMALL} customers twice, then copying one to ${LARGE}`);
  const small = await createBenchDatabase('scale_small', SMALL, ctx.log);
  const large = await createBenchDatabase('scale_large', process.env.BENCH_SCALE_SEEDER === '1' ? LARGE : SMALL, ctx.log);
  if (process.env.BENCH_SCALE_SEEDER !== '1') {
    const counts = await multiplyCustomers(large.url, Math.round(LARGE / SMALL), ctx.log);
    ctx.log(`scale: large database has ${JSON.stringify(counts)}`);
    ctx.report({ target: '5 scale', measure: 'large database (10k seeded, copied in SQL)', value: Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}s`).join(', ') });
  }
  const samples = await samplesFrom(small.url);
  const servers: Record<string, ServerProcess> = {
    small: await startServerProcess('mamori', { DATABASE_URL: small.url, MAMORI_SECRET: BENCH_SECRET }),
    large: await startServerProcess('mamori', { DATABASE_URL: large.url, MAMORI_SECRET: BENCH_SECRET }),
  };
  const tokens = { small: await loginAs(servers.small.url, 'SUPPORT'), large: await loginAs(servers.large.url, 'SUPPORT') };
  try {
    for (const c of CASES) {
      ctx.log(`scale: ${c.name}`);
      const times: Record<string, number[]> = { small: [], large: [] };
      let estimated = false;
      // Alternating request by request (small, large, small, …): both see the same machine noise.
      for (let i = 0; i < REQUESTS; i++) {
        for (const k of ['small', 'large'] as const) {
          const t0 = performance.now();
          const body = await ask(servers[k].url, tokens[k], c.query, c.vars(samples, i));
          times[k].push(performance.now() - t0);
          if (k === 'large' && body.data?._allCustomersMeta?.estimated) estimated = true;
        }
      }
      const [a, b] = [percentile(times.large.slice(5), 95), percentile(times.small.slice(5), 95)];
      ctx.report({
        target: '5 scale', measure: `p95 ${c.name}${estimated ? ' (1M: estimated count)' : ''}`, value: `1M ${ms(a)}`, baseline: `10k ${ms(b)}`,
        ratio: a / b, goal: '≤ 1.5×', pass: a / b <= 1.5,
      });
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    await small.drop();
    if (process.env.BENCH_KEEP_SCALE_DB !== '1') await large.drop();
  }
}

async function ask(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'INQUIRY_RESPONSE' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json() as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors).slice(0, 200)}`);
  return body;
}

async function samplesFrom(url: string): Promise<Samples> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`select phone, customer_number, left(name_kana, 2) as kana from customer where status = 'ACTIVE' order by md5(id::text) limit 50`);
    return { phones: rows.map((r) => r.phone), numbers: rows.map((r) => r.customer_number), kana: rows.map((r) => r.kana) };
  } finally {
    await client.end();
  }
}
