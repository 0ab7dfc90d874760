// Scaling a seeded database up by copying its rows in SQL: the seeder writes ~300 customers/s here, so a
// million would take about an hour; copies of seeded rows, with new ids, numbers, phones and e-mails,
// take minutes. Each copy keeps its links (orders → customer, interactions → customer and order).
import pg from 'pg';

/** Columns whose value in copy k differs from the original's; every other column is copied as is. */
type Overrides = Record<string, string>;

export async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`, [table]);
  return rows.map((r) => r.column_name as string);
}

/** INSERT … SELECT of `times - 1` copies of `table` (alias t, copy number k ≥ 1). */
async function copyTable(client: pg.Client, table: string, times: number, overrides: Overrides): Promise<void> {
  const cols = await columnsOf(client, table);
  const select = cols.map((c) => overrides[c] ?? `t."${c}"`).join(', ');
  await client.query(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')})
    select ${select} from "${table}" t cross join generate_series(1, ${times - 1}) as k`);
}

/**
 * Multiplies customers, their orders and their interactions `times` over (order items and consents stay with
 * the originals: the scale queries do not read them). Returns the row counts afterwards.
 */
export async function multiplyCustomers(url: string, times: number, log: (m: string) => void): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const max = async (t: string) => Number((await client.query(`select coalesce(max(id), 0) as m from "${t}"`)).rows[0].m);
    const [C, O, I] = [await max('customer'), await max('order'), await max('interaction')];
    await client.query('set maintenance_work_mem = \'256MB\'');
    log(`  copying ${C} customers × ${times - 1}`);
    await copyTable(client, 'customer', times, {
      id: `t.id + k * ${C}`,
      customer_number: `'C' || lpad((t.id + k * ${C})::text, 7, '0')`,
      // Same shape of number, other subscriber digits: phone searches find one customer, as in real data.
      phone: `left(t.phone, length(t.phone) - 4) || lpad(((t.id * 7919 + k * 104729) % 10000)::text, 4, '0')`,
      phone_digits: `left(t.phone_digits, length(t.phone_digits) - 4) || lpad(((t.id * 7919 + k * 104729) % 10000)::text, 4, '0')`,
      email: `k || '.' || t.email`,
      referrer_id: `t.referrer_id + k * ${C}`,
      household_id: `t.household_id || '-' || k`,
      created_at: `t.created_at - k * interval '17 seconds'`,
    });
    log(`  copying ${O} orders × ${times - 1}`);
    await copyTable(client, 'order', times, {
      id: `t.id + k * ${O}`, order_number: `'MO-' || lpad((t.id + k * ${O})::text, 9, '0')`, customer_id: `t.customer_id + k * ${C}`,
    });
    log(`  copying ${I} interactions × ${times - 1}`);
    await copyTable(client, 'interaction', times, {
      id: `t.id + k * ${I}`, customer_id: `t.customer_id + k * ${C}`, order_id: `t.order_id + k * ${O}`,
    });
    for (const t of ['customer', 'order', 'interaction']) {
      await client.query(`select setval(pg_get_serial_sequence('"${t}"', 'id'), (select max(id) from "${t}"))`);
    }
    log('  analyzing');
    await client.query('vacuum analyze customer, "order", interaction');
    const counts: Record<string, number> = {};
    for (const t of ['customer', 'order', 'interaction']) counts[t] = Number((await client.query(`select count(*) as n from "${t}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}
