// The floor: a minimal node-postgres + node:http server serving the same rows and fields as JSON.
// GET /customers?n=20&orders=1 → the first n customers by id, all personal fields, and their last 3 orders.
// The loads of #18's Speed section (bench/suites/reads.ts):
// GET /orders?n=50 → the first n orders by id with their customer and items;
// GET /customer?id=7&interactions=20 → one customer with its last n interactions;
// GET /interactions?n=100 → the first n interactions by id with their customer.
// BENCH_PROFILE_PROBE=1: the parent may profile it as it profiles Mamori (profile-probe.ts; nothing on the request path).
import { createServer } from 'node:http';
import pg from 'pg';
import { announce } from './announce';
import { serveProfileProbe } from './profile-probe';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const CUSTOMERS = `select id, customer_number as "customerNumber", name, name_kana as "nameKana", postal_code as "postalCode",
  prefecture, city, address_line as "addressLine", phone, email, to_char(birth_date, 'YYYY-MM-DD') as "birthDate", gender,
  lifestyle, occupation, card_brand as "cardBrand", card_last4 as "cardNumber", card_expiry as "cardExpiry"
  from customer where status <> 'ERASED' order by id limit $1`;
const LAST_ORDERS = `select o.customer_id, o.id, o.order_number as "orderNumber", o.placed_at as "placedAt", o.total_yen as "totalYen",
  o.status, o.ship_to_name, o.ship_to_postal_code, o.ship_to_prefecture, o.ship_to_city, o.ship_to_address_line, o.ship_to_phone
  from unnest($1::int[]) as c(id)
  cross join lateral (select * from "order" o where o.customer_id = c.id order by o.placed_at desc, o.id desc limit 3) o`;

const ORDERS = `select o.id, o.order_number as "orderNumber", o.placed_at as "placedAt", o.total_yen as "totalYen", o.status,
  o.payment_status as "paymentStatus", o.ship_to_name, o.ship_to_postal_code, o.ship_to_prefecture, o.ship_to_city, o.ship_to_address_line,
  o.ship_to_phone, c.id as c_id, c.customer_number as c_number, c.name as c_name, c.name_kana as c_kana, c.phone as c_phone
  from "order" o join customer c on c.id = o.customer_id where c.status <> 'ERASED' order by o.id limit $1`;
const ITEMS = `select order_id, id, product_name as "productName", quantity, unit_price_yen as "unitPriceYen"
  from order_item where order_id = any($1::int[]) order by id`;
const INTERACTION = `i.id, i.kind, i.channel, i.direction, i.occurred_at as "occurredAt", i.summary`;
const CUSTOMER_INTERACTIONS = `select ${INTERACTION} from interaction i where i.customer_id = $1 order by i.occurred_at desc, i.id desc limit $2`;
const INTERACTIONS = `select ${INTERACTION}, c.id as c_id, c.customer_number as c_number, c.name as c_name, c.name_kana as c_kana, c.phone as c_phone
  from interaction i join customer c on c.id = i.customer_id where c.status <> 'ERASED' order by i.id limit $1`;

const customerOf = (r: Record<string, any>) => ({ id: r.c_id, customerNumber: r.c_number, name: r.c_name, nameKana: r.c_kana, phone: r.c_phone });
const count = (url: URL, name: string, fallback: number) => Math.min(500, Math.max(1, Number(url.searchParams.get(name) ?? fallback)));

/** The pages of the #18 loads, or null for another path. */
async function readLoad(url: URL): Promise<unknown> {
  if (url.pathname === '/orders') {
    const { rows } = await pool.query(ORDERS, [count(url, 'n', 50)]);
    const orders = rows.map((o) => ({
      id: o.id, orderNumber: o.orderNumber, placedAt: o.placedAt, totalYen: o.totalYen, status: o.status, paymentStatus: o.paymentStatus,
      shipTo: { name: o.ship_to_name, postalCode: o.ship_to_postal_code, prefecture: o.ship_to_prefecture, city: o.ship_to_city,
        addressLine: o.ship_to_address_line, phone: o.ship_to_phone },
      customer: customerOf(o), items: [] as unknown[],
    }));
    const byId = new Map(orders.map((o) => [o.id, o]));
    for (const { order_id, ...item } of (await pool.query(ITEMS, [orders.map((o) => o.id)])).rows) byId.get(order_id)!.items.push(item);
    return { allOrders: orders };
  }
  if (url.pathname === '/customer') {
    const id = Number(url.searchParams.get('id'));
    const { rows: [customer] } = await pool.query(`${CUSTOMERS.replace(/where status <> 'ERASED' order by id limit \$1$/, '')} where id = $1 and status <> 'ERASED'`, [id]);
    if (customer) customer.interactions = (await pool.query(CUSTOMER_INTERACTIONS, [id, count(url, 'interactions', 20)])).rows;
    return { Customer: customer ?? null };
  }
  if (url.pathname === '/interactions') {
    const { rows } = await pool.query(INTERACTIONS, [count(url, 'n', 100)]);
    return { allInteractions: rows.map(({ c_id, c_number, c_name, c_kana, c_phone, ...i }) => ({ ...i, customer: customerOf({ c_id, c_number, c_name, c_kana, c_phone }) })) };
  }
  return null;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = url.pathname === '/customers' ? null : await readLoad(url);
    if (page) { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: page })); return; }
    if (url.pathname !== '/customers') { res.writeHead(404).end(); return; }
    const n = Math.min(500, Math.max(1, Number(url.searchParams.get('n') ?? 20)));
    const { rows: customers } = await pool.query(CUSTOMERS, [n]);
    if (url.searchParams.get('orders') === '1') {
      const byCustomer = new Map<number, unknown[]>(customers.map((c) => [c.id, (c.orders = [])]));
      const { rows } = await pool.query(LAST_ORDERS, [customers.map((c) => c.id)]);
      for (const o of rows) {
        byCustomer.get(o.customer_id)!.push({
          id: o.id, orderNumber: o.orderNumber, placedAt: o.placedAt, totalYen: o.totalYen, status: o.status,
          shipTo: { name: o.ship_to_name, postalCode: o.ship_to_postal_code, prefecture: o.ship_to_prefecture, city: o.ship_to_city,
            addressLine: o.ship_to_address_line, phone: o.ship_to_phone },
        });
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { allCustomers: customers } }));
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
serveProfileProbe();
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  announce(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, async () => { server.close(); await pool.end(); });
});
