// #23 bench target 2: deciding every request under the policy version in force (the document read from
// PostgreSQL, compiled once, bound per request) against the compiled-in policy (the same server keeping no
// version watcher: every decision from the seed compiled into the code), in the same run, A/B/A/B. The version
// in force is a published copy of the seed, so both answer byte for byte the same; only where the decisions
// come from differs. The load average is recorded with each figure (the machine is shared).
import { loadavg } from 'node:os';
import { canonicalJson, seedPolicyDocument } from '../../schema/policy';
import { policyDocumentHash } from '../../server/src/policy/policy-hash';
import { createBenchDatabase, poolOn } from '../lib/database';
import { BENCH_SECRET } from '../lib/fixture';
import { alternate, loadFor, medianOf, type LoadResult } from '../lib/load';
import { loginAs } from '../lib/mamori';
import { startServerProcess } from '../lib/processes';
import { mamoriPage, mamoriTarget } from '../lib/queries';
import { ms, perSecond, type BenchContext } from '../lib/report';

const CUSTOMERS = Number(process.env.BENCH_VERSIONS_CUSTOMERS ?? 500);
const CASES = [
  { name: '20 customers (compiled read path), 50 clients', query: mamoriPage({ customers: 20, orders: false }), connections: 50 },
  { name: '100 customers + last 3 orders, 10 clients', query: mamoriPage({ customers: 100, orders: true }), connections: 10 },
  { name: 'one customer and orders (graphql-js), 50 clients', query: 'query One { Customer(id: 7) { id name phone email birthDate orders { id totalYen shipTo { name phone } } } }', connections: 50 },
];
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

export async function versions(ctx: BenchContext): Promise<void> {
  const db = await createBenchDatabase('versions', CUSTOMERS, ctx.log);
  const sql = poolOn(db.url);
  try {
    // Version 2: the seed again, as data (another label, so another document and hash), published and in force.
    const doc = seedPolicyDocument('bench: the seed as a published version');
    await sql.query(`begin; update policy_version set state = 'RETIRED', retired_at = now() where state = 'PUBLISHED';
      insert into policy_version (number, document, hash, state, published_at, reason) values (2, $$${canonicalJson(doc)}$$::jsonb, '${policyDocumentHash(doc)}', 'PUBLISHED', now(), 'bench'); commit;`);
    const env = { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET };
    const [versioned, compiledIn] = await Promise.all([
      startServerProcess('mamori', env), startServerProcess('mamori', { ...env, BENCH_POLICY_COMPILED_IN: '1' }),
    ]);
    try {
      const tokens = { versioned: await loginAs(versioned.url, 'SUPPORT'), compiledIn: await loginAs(compiledIn.url, 'SUPPORT') };
      for (const c of CASES) {
        const targets = {
          versioned: mamoriTarget(versioned.url, tokens.versioned, 'INQUIRY_RESPONSE', c.query),
          compiledIn: mamoriTarget(compiledIn.url, tokens.compiledIn, 'INQUIRY_RESPONSE', c.query),
        };
        await sameAnswers(sql, targets, c.name);
        const before = load();
        ctx.log(`versions: ${c.name} (load ${before})`);
        const runs = await alternate({
          versioned: () => loadFor(targets.versioned, c.connections, ctx.seconds),
          compiledIn: () => loadFor(targets.compiledIn, c.connections, ctx.seconds),
        }, ctx.rounds);
        const rps = (rs: LoadResult[]) => medianOf(rs, (r) => r.rps);
        const errors = [...runs.versioned, ...runs.compiledIn].reduce((n, r) => n + r.errors, 0);
        const ratio = rps(runs.versioned) / rps(runs.compiledIn);
        ctx.report({
          target: '#23 target 2', measure: `${c.name}: version in force vs compiled-in (load ${before} → ${load()})`,
          value: `${perSecond(rps(runs.versioned))} p50 ${ms(medianOf(runs.versioned, (r) => r.p50))} p99 ${ms(medianOf(runs.versioned, (r) => r.p99))}${errors ? `, ${errors} errors` : ''}`,
          baseline: `${perSecond(rps(runs.compiledIn))} p50 ${ms(medianOf(runs.compiledIn, (r) => r.p50))} p99 ${ms(medianOf(runs.compiledIn, (r) => r.p99))}`,
          ratio, goal: '≥ 0.95× (within 5 %)', pass: ratio >= 0.95 && errors === 0,
        });
      }
    } finally {
      await Promise.all([versioned.stop(), compiledIn.stop()]);
    }
  } finally {
    await sql.end();
    await db.drop();
  }
}

/** Both servers answer the same bytes, and each decided under the version it should (2 in force; 1 compiled in). */
async function sameAnswers(sql: ReturnType<typeof poolOn>, targets: Record<'versioned' | 'compiledIn', ReturnType<typeof mamoriTarget>>, name: string) {
  const bodies: Record<string, string> = {};
  for (const [k, t] of Object.entries(targets)) {
    const id = `bench-versions-${k}-${Date.now()}`;
    const res = await fetch(t.url, { method: 'POST', headers: { ...t.headers, 'x-request-id': id }, body: t.body });
    bodies[k] = await res.text();
    if (bodies[k].includes('"errors"')) throw new Error(`${name}: ${k} answered ${bodies[k].slice(0, 300)}`);
    const { rows } = await sql.query(`select distinct policy_version from trail_record where request_id = $1`, [id]);
    const want = k === 'versioned' ? 2 : 1;
    if (rows.length !== 1 || rows[0].policy_version !== want) throw new Error(`${name}: ${k} decided under ${JSON.stringify(rows)}, not version ${want}`);
  }
  if (bodies.versioned !== bodies.compiledIn) throw new Error(`${name}: the two servers answered differently`);
}
