// Target 6: the disclosure export (開示) of one customer with 1k orders + 5k interactions: under 1 s, and linear
// in size (the same customer file at ¼, ½ and full size; time per record compared).
import pg from 'pg';
import { createBenchDatabase } from '../lib/database';
import { BENCH_SECRET } from '../lib/fixture';
import { loginAs } from '../lib/mamori';
import { columnsOf } from '../lib/multiply';
import { median } from '../lib/load';
import { startServerProcess } from '../lib/processes';
import { ms, type BenchContext } from '../lib/report';

const SIZES = [{ orders: 250, interactions: 1_250 }, { orders: 500, interactions: 2_500 }, { orders: 1_000, interactions: 5_000 }];
const REPEATS = 3;

export async function disclosure(ctx: BenchContext): Promise<void> {
  const db = await createBenchDatabase('disclosure', 200, ctx.log);
  const server = await startServerProcess('mamori', { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET });
  try {
    const token = await loginAs(server.url, 'PRIVACY_MANAGER');
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json() as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
      return body.data;
    };
    const perRecord: number[] = [];
    for (const size of SIZES) {
      const customerId = await customerWith(db.url, size.orders, size.interactions);
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const { createPrivacyRequest: req } = await gql('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(customerId) });
        for (const status of ['VERIFYING', 'IN_PROGRESS']) {
          await gql('mutation($id: ID!, $s: PrivacyRequestStatus) { updatePrivacyRequest(id: $id, status: $s, identityCheck: ID_DOCUMENT_COPY) { id } }', { id: req.id, s: status });
        }
        const t0 = performance.now();
        const { fulfilDisclosureRequest: ticket } = await gql('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { bytes } }', { id: req.id });
        times.push(performance.now() - t0);
        if (!(ticket.bytes > 0)) throw new Error('empty disclosure file');
      }
      const t = median(times);
      perRecord.push(t / (size.orders + size.interactions));
      ctx.report({
        target: '6 disclosure export', measure: `${size.orders} orders + ${size.interactions} interactions (median of ${REPEATS})`, value: ms(t),
        goal: size === SIZES[SIZES.length - 1] ? '< 1 s' : undefined, pass: size === SIZES[SIZES.length - 1] ? t < 1000 : undefined,
      });
    }
    ctx.report({
      target: '6 disclosure export', measure: 'linear: time per record at full size vs at ¼ size', value: `${(perRecord[2] * 1000).toFixed(0)} µs`,
      baseline: `${(perRecord[0] * 1000).toFixed(0)} µs`, ratio: perRecord[2] / perRecord[0], goal: '≈ 1× (≤ 1.5×)', pass: perRecord[2] / perRecord[0] <= 1.5,
    });
  } finally {
    await server.stop();
    await db.drop();
  }
}

/** A customer of the seeded data given `orders` orders and `interactions` interactions (copies of seeded ones). */
async function customerWith(url: string, orders: number, interactions: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [c] } = await client.query(`select id from customer c where status = 'ACTIVE' and not exists (select 1 from privacy_request r where r.customer_id = c.id)
      and exists (select 1 from "order" o where o.customer_id = c.id) order by id limit 1`);
    const copy = async (table: string, n: number, overrides: Record<string, string>) => {
      const cols = await columnsOf(client, table);
      const select = cols.map((k) => overrides[k] ?? `t."${k}"`).join(', ');
      await client.query(`insert into "${table}" (${cols.map((k) => `"${k}"`).join(', ')})
        select ${select} from (select *, row_number() over () as n from "${table}" limit ${n}) t`);
    };
    const ids = async (t: string) => Number((await client.query(`select max(id) as m from "${t}"`)).rows[0].m);
    const [O, I] = [await ids('order'), await ids('interaction')];
    await copy('order', orders, { id: `${O} + t.n`, order_number: `'BENCH-' || (${O} + t.n)`, customer_id: String(c.id) });
    await copy('interaction', interactions, { id: `${I} + t.n`, customer_id: String(c.id), order_id: 'null' });
    for (const t of ['order', 'interaction']) await client.query(`select setval(pg_get_serial_sequence('"${t}"', 'id'), (select max(id) from "${t}"))`);
    return c.id;
  } finally {
    await client.end();
  }
}
