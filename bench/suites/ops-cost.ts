// What operability costs (#22 item 6): the same server with a JSON log line per request (written to
// /dev/null) and every metric counted, against it without either. A/B/A/B on the throughput target's load.
import { alternate, loadFor, medianOf, type LoadResult } from '../lib/load';
import { sharedServer, tokenFor } from '../lib/fixture';
import { fetchOnce, mamoriPage, mamoriTarget } from '../lib/queries';
import { ms, perSecond, type BenchContext } from '../lib/report';

const CASES = [
  { name: '20 customers (compiled read path), 50 clients', query: mamoriPage({ customers: 20, orders: false }), connections: 50 },
  { name: 'one customer and orders (graphql-js), 50 clients', query: 'query One { Customer(id: 7) { id name phone email orders { id totalYen shipTo { name phone } } } }', connections: 50 },
];

export async function opsCost(ctx: BenchContext): Promise<void> {
  const [bare, ops] = await Promise.all([sharedServer('mamori', ctx.log), sharedServer('mamori-ops', ctx.log)]);
  for (const c of CASES) {
    const targets = {
      bare: mamoriTarget(bare.url, await tokenFor(bare, 'SUPPORT'), 'INQUIRY_RESPONSE', c.query),
      ops: mamoriTarget(ops.url, await tokenFor(ops, 'SUPPORT'), 'INQUIRY_RESPONSE', c.query),
    };
    for (const t of Object.values(targets)) {
      const sample = await fetchOnce(t);
      if (sample.errors || !sample.data) throw new Error(`${c.name}: ${JSON.stringify(sample).slice(0, 200)}`);
    }
    ctx.log(`ops-cost: ${c.name}`);
    const runs = await alternate({ bare: () => loadFor(targets.bare, c.connections, ctx.seconds), ops: () => loadFor(targets.ops, c.connections, ctx.seconds) }, ctx.rounds);
    const rps = (rs: LoadResult[]) => medianOf(rs, (r) => r.rps);
    const errors = [...runs.bare, ...runs.ops].reduce((n, r) => n + r.errors, 0);
    ctx.report({
      target: '6 ops cost', measure: `${c.name}: log + metrics on vs off`,
      value: `${perSecond(rps(runs.ops))} p99 ${ms(medianOf(runs.ops, (r) => r.p99))}${errors ? `, ${errors} errors` : ''}`,
      baseline: `${perSecond(rps(runs.bare))} p99 ${ms(medianOf(runs.bare, (r) => r.p99))}`, ratio: rps(runs.ops) / rps(runs.bare),
      goal: '≥ 0.95×', pass: rps(runs.ops) / rps(runs.bare) >= 0.95 && errors === 0,
    });
  }
}
