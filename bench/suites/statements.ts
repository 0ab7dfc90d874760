// Target 3: SQL statements per request for nested pages, at 10, 100 and 500 customers: constant.
import { startApp } from '../../server/src/app';
import { initOrm } from '../../server/src/db/orm';
import { BENCH_SECRET, sharedDatabase } from '../lib/fixture';
import { loginAs } from '../lib/mamori';
import type { BenchContext } from '../lib/report';

const QUERIES: Record<string, string> = {
  'customers→orders→items': 'query($n: Int) { allCustomers(perPage: $n, sortField: "id") { id name orders { id totalYen shipTo { name } items { productName quantity } } } }',
  'customers→interactions': 'query($n: Int) { allCustomers(perPage: $n, sortField: "id") { id name interactions { id summary transcript staff { name } } } }',
};
const SIZES = [10, 100, 500];

export async function statements(ctx: BenchContext): Promise<void> {
  const db = await sharedDatabase(ctx.log);
  let count = 0;
  // Every statement the server sends goes through the ORM's query logger (the trail's BEGIN/INSERT/COMMIT too).
  const orm = await initOrm(db.url, { debug: ['query'], logger: () => { count += 1; } });
  const app = await startApp({ orm, secret: BENCH_SECRET });
  try {
    const token = await loginAs(app.url, 'PRIVACY_MANAGER');
    const ask = async (name: string, query: string, n: number) => {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' },
        body: JSON.stringify({ query, variables: { n } }),
      });
      const body = await res.json() as { data?: { allCustomers: unknown[] }; errors?: unknown };
      if (body.errors || body.data?.allCustomers.length !== n) throw new Error(`${name} at ${n}: ${JSON.stringify(body.errors)}`);
    };
    // Once each, uncounted: the first request of a token resolves its session in a statement of its own (later
    // ones confirm it inside the page's statement), a cost per process and token, not per page size.
    for (const [name, query] of Object.entries(QUERIES)) await ask(name, query, 1);
    for (const [name, query] of Object.entries(QUERIES)) {
      const perSize: number[] = [];
      for (const n of SIZES) {
        const before = count;
        await ask(name, query, n);
        perSize.push(count - before);
      }
      ctx.report({
        target: '3 nested queries', measure: `SQL statements per request, ${name}, ${SIZES.join(' / ')} customers`,
        value: perSize.join(' / '), goal: 'constant', pass: perSize.every((c) => c === perSize[0]),
      });
    }
  } finally {
    await app.stop();
    await orm.close(true);
  }
}
