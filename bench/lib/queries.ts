// The same page — customers by id, every personal field, optionally their last 3 orders — as each server asks for it.
import type { Target } from './load';

export interface PageShape {
  customers: number;
  orders: boolean;
}

export const shapeName = (s: PageShape) => `${s.customers} customers${s.orders ? ' + last 3 orders' : ''}`;

const CUSTOMER_FIELDS = 'id customerNumber name nameKana postalCode prefecture city addressLine phone email birthDate gender lifestyle occupation cardBrand cardNumber cardExpiry';
const ORDER_FIELDS = 'id orderNumber placedAt totalYen status';
const SHIP_TO = 'name postalCode prefecture city addressLine phone';

export function mamoriPage(s: PageShape): string {
  const orders = s.orders ? ` orders(last: 3) { ${ORDER_FIELDS} shipTo { ${SHIP_TO} } }` : '';
  return `query Page { allCustomers(perPage: ${s.customers}, sortField: "id") { ${CUSTOMER_FIELDS}${orders} } }`;
}

/** PostGraphile names: `cardLast4` is the column behind Mamori's `cardNumber`; the ship-to block is flat. */
export function peerPage(s: PageShape): string {
  const fields = CUSTOMER_FIELDS.replace('cardNumber', 'cardLast4');
  const orders = s.orders
    ? ` ordersByCustomerId(first: 3, orderBy: [PLACED_AT_DESC, ID_DESC]) { nodes { ${ORDER_FIELDS} shipToName shipToPostalCode shipToPrefecture shipToCity shipToAddressLine shipToPhone } }`
    : '';
  return `query Page { allCustomers(first: ${s.customers}, orderBy: PRIMARY_KEY_ASC, condition: {}) { nodes { ${fields}${orders} } } }`;
}

export function mamoriTarget(url: string, token: string, purpose: string | null, query: string): Target {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'bench-[<id>]' };
  if (purpose) headers['x-purpose'] = purpose;
  return { url: `${url}/graphql`, method: 'POST', headers, body: JSON.stringify({ query }) };
}

export function peerTarget(url: string, s: PageShape): Target {
  return { url: `${url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: peerPage(s) }) };
}

export function floorTarget(url: string, s: PageShape): Target {
  return { url: `${url}/customers?n=${s.customers}&orders=${s.orders ? 1 : 0}` };
}

/** Sends one request and returns the parsed JSON answer (to check a server answers the page before loading it). */
export async function fetchOnce(t: Target): Promise<any> {
  const res = await fetch(t.url, { method: t.method ?? 'GET', headers: { ...t.headers, 'x-request-id': 'bench-check' }, body: t.body });
  const text = await res.text();
  try { return JSON.parse(text); } catch { return { status: res.status, text: text.slice(0, 300) }; }
}
