// The floor: a minimal node-postgres + node:http server serving the same rows and fields as JSON.
// GET /customers?n=20&orders=1 → the first n customers by id, all personal fields, and their last 3 orders.
import { createServer } from 'node:http';
import pg from 'pg';
import { announce } from './announce';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const CUSTOMERS = `select id, customer_number as "customerNumber", name, name_kana as "nameKana", postal_code as "postalCode",
  prefecture, city, address_line as "addressLine", phone, email, to_char(birth_date, 'YYYY-MM-DD') as "birthDate", gender,
  lifestyle, occupation, card_brand as "cardBrand", card_last4 as "cardNumber", card_expiry as "cardExpiry"
  from customer where status <> 'ERASED' order by id limit $1`;
const LAST_ORDERS = `select o.customer_id, o.id, o.order_number as "orderNumber", o.placed_at as "placedAt", o.total_yen as "totalYen",
  o.status, o.ship_to_name, o.ship_to_postal_code, o.ship_to_prefecture, o.ship_to_city, o.ship_to_address_line, o.ship_to_phone
  from unnest($1::int[]) as c(id)
  cross join lateral (select * from "order" o where o.customer_id = c.id order by o.placed_at desc, o.id desc limit 3) o`;

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://x');
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
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  announce(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, async () => { server.close(); await pool.end(); });
});
