// The seven loads the speed tools measure (#18): target 2's four customer pages and the three read loads, each with
// the floor's path serving the same rows raw and the Mamori query, role and purpose that read them.
import type { PurposeKey, RoleKey } from '../../schema/policy';
import { mamoriPage, mamoriTarget } from './queries';
import type { Target } from './load';

export interface Load { name: string; key: string; connections: number; floor: (customer: number) => string; role: RoleKey; purpose: PurposeKey; query: string }

const CUSTOMER = 'id customerNumber name nameKana phone';
const SHIP_TO = 'name postalCode prefecture city addressLine phone';
const INTERACTION = 'id kind channel direction occurredAt summary';
export const LOADS: Load[] = [
  { key: '20c', name: '20 customers', connections: 50, floor: () => '/customers?n=20&orders=0', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: mamoriPage({ customers: 20, orders: false }) },
  { key: '20co', name: '20 + orders', connections: 50, floor: () => '/customers?n=20&orders=1', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: mamoriPage({ customers: 20, orders: true }) },
  { key: '100c', name: '100 customers', connections: 10, floor: () => '/customers?n=100&orders=0', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: mamoriPage({ customers: 100, orders: false }) },
  { key: '100co', name: '100 + orders', connections: 10, floor: () => '/customers?n=100&orders=1', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: mamoriPage({ customers: 100, orders: true }) },
  { key: '50o', name: '50 orders', connections: 10, floor: () => '/orders?n=50', role: 'FULFILLMENT', purpose: 'SHIPPING',
    query: `query Orders { allOrders(perPage: 50, sortField: "id") { id orderNumber placedAt totalYen status paymentStatus shipTo { ${SHIP_TO} } customer { ${CUSTOMER} } items { id productName quantity unitPriceYen } } }` },
  { key: '1c20i', name: 'customer + 20 interactions', connections: 10, floor: (id) => `/customer?id=${id}&interactions=20`, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE',
    query: `query Customer { Customer(id: "CUSTOMER") { ${CUSTOMER} email postalCode prefecture city addressLine interactions { ${INTERACTION} } } }` },
  { key: '100i', name: '100 interactions', connections: 10, floor: () => '/interactions?n=100', role: 'SUPPORT', purpose: 'AFTER_SALES',
    query: `query Interactions { allInteractions(perPage: 100, sortField: "id") { ${INTERACTION} customer { ${CUSTOMER} } } }` },
];

export function loadNamed(key: string): Load {
  const l = LOADS.find((x) => x.key === key);
  if (!l) throw new Error(`unknown load ${key} (one of ${LOADS.map((x) => x.key).join(', ')})`);
  return l;
}

/** The customer the by-id load reads: one with at least 20 interactions (as the reads suite picks it). */
export async function busyCustomer(url: string): Promise<number> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [busy] } = await client.query(`select customer_id as id from interaction group by customer_id order by count(*) desc, customer_id limit 1`);
    return Number(busy.id);
  } finally {
    await client.end();
  }
}

/** A load's request to the floor at `url`, or to Mamori at `url` with `token` (of the load's role). */
export function loadTarget(l: Load, url: string, customer: number, token?: string): Target {
  return token === undefined ? { url: `${url}${l.floor(customer)}` } : mamoriTarget(url, token, l.purpose, l.query.replace('CUSTOMER', String(customer)));
}
