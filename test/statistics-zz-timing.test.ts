import { test } from 'vitest';
import { FACTS } from '../server/src/modules/statistics/statistics.service';
import { suppressCube } from '../server/src/modules/statistics/suppression';
import { startTestServer } from './helpers/server';
test('timing', async () => {
  const s = await startTestServer({ customers: 5000 });
  try {
    const cols = ['prefecture', 'age_band', 'gender', 'product', 'month'];
    let t = Date.now();
    const { rows } = await s.sql.query(`select grouping(${cols.join(', ')})::int as rolled_up, ${cols.join(', ')}, count(distinct customer_id)::int as customers, count(distinct order_id)::int as orders, coalesce(sum(revenue), 0)::float8 as revenue from (${FACTS}) f group by cube(${cols.join(', ')})`);
    console.log('TIMING sql', Date.now() - t, rows.length);
    const n = 5;
    const cells = rows.map((r: any) => { const mask = cols.reduce((m, _, i) => ((r.rolled_up >> (n - 1 - i)) & 1 ? m : m | (1 << i)), 0); return { mask, values: cols.map((c, i) => (mask & (1 << i) ? r[c] ?? null : null)), customers: r.customers, orders: r.orders, revenue: r.revenue }; });
    t = Date.now();
    const hidden = suppressCube(cells, { k: 5, disjoint: [true, true, true, false, false] });
    console.log('TIMING js', Date.now() - t, hidden.size, 'primary', cells.filter((c: any) => c.customers < 5).length);
  } finally { await s.stop(); }
}, 900_000);
