// #18 Speed, the new loads: personal reads beyond the customer list, each against a floor serving the same
// rows raw (bench/servers/floor.ts) — 50 orders with their customer and items (FULFILLMENT / SHIPPING), one
// customer by id with its last 20 interactions (SUPPORT / INQUIRY_RESPONSE), 100 interactions with their
// customer (SUPPORT / AFTER_SALES). Goal ≥ 0.6× the floor; trail entries = subjects served; and which executor
// answered them: the compiled path, or graphql-js after the compiled path found no plan (`unplanned{reason}`).
import type pg from 'pg';
import type { PurposeKey, RoleKey } from '../../schema/policy';
import { fetchOnce, mamoriTarget } from '../lib/queries';
import { alternate, loadFor, medianOf, type LoadResult, type Target } from '../lib/load';
import { metricsUrlOf, sharedDatabase, sharedServer, tokenFor } from '../lib/fixture';
import { poolOn } from '../lib/database';
import { ms, perSecond, type BenchContext } from '../lib/report';

const CUSTOMER = 'id customerNumber name nameKana phone';
const SHIP_TO = 'name postalCode prefecture city addressLine phone';
const INTERACTION = 'id kind channel direction occurredAt summary';
const CONNECTIONS = 10;

interface ReadLoad {
  name: string;
  role: RoleKey;
  purpose: PurposeKey;
  query: (customerId: number) => string;
  floor: (customerId: number) => string;
  /** The rows of an answer (Mamori's or the floor's: the same shape), and the customers each is about. */
  rows: (data: any) => { id: unknown; customer: number }[];
}

const LOADS: ReadLoad[] = [
  {
    name: '50 orders + customer + items', role: 'FULFILLMENT', purpose: 'SHIPPING',
    query: () => `query Orders { allOrders(perPage: 50, sortField: "id") { id orderNumber placedAt totalYen status paymentStatus shipTo { ${SHIP_TO} } customer { ${CUSTOMER} } items { id productName quantity unitPriceYen } } }`,
    floor: () => '/orders?n=50',
    rows: (d) => d.allOrders.map((o: any) => ({ id: o.id, customer: Number(o.customer?.id) })),
  },
  {
    name: 'customer by id + 20 interactions', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE',
    query: (id) => `query Customer { Customer(id: "${id}") { ${CUSTOMER} email postalCode prefecture city addressLine interactions { ${INTERACTION} } } }`,
    floor: (id) => `/customer?id=${id}&interactions=20`,
    rows: (d) => [{ id: d.Customer.id, customer: Number(d.Customer.id) }, ...d.Customer.interactions.map((i: any) => ({ id: `i${i.id}`, customer: Number(d.Customer.id) }))],
  },
  {
    name: '100 interactions + customer', role: 'SUPPORT', purpose: 'AFTER_SALES',
    query: () => `query Interactions { allInteractions(perPage: 100, sortField: "id") { ${INTERACTION} customer { ${CUSTOMER} } } }`,
    floor: () => '/interactions?n=100',
    rows: (d) => d.allInteractions.map((i: any) => ({ id: i.id, customer: Number(i.customer?.id) })),
  },
];

export async function reads(ctx: BenchContext): Promise<void> {
  const [floor, mamori] = await Promise.all([sharedServer('floor', ctx.log), sharedServer('mamori-metrics', ctx.log)]);
  const metricsUrl = metricsUrlOf('mamori-metrics');
  const db = await sharedDatabase(ctx.log);
  const sql = poolOn(db.url);
  try {
    const customerId = await customerWithInteractions(sql, 20);
    for (const l of LOADS) {
      const token = await tokenFor(mamori, l.role);
      const targets: Record<string, Target> = {
        floor: { url: `${floor.url}${l.floor(customerId)}` },
        mamori: mamoriTarget(mamori.url, token, l.purpose, l.query(customerId)),
      };
      const subjects = await assertRowsMatch(targets, l);
      const label = `${l.name} as ${l.role} / ${l.purpose}, ${CONNECTIONS} clients`;
      ctx.log(`reads: ${label}`);
      const before = await accessEntries(sql);
      const counted = await compiledOutcomes(metricsUrl);
      const runs = await alternate(Object.fromEntries(Object.entries(targets).map(([k, t]) => [k, () => loadFor(t, CONNECTIONS, ctx.seconds)])), ctx.rounds);
      const after = await accessEntries(sql);
      const floorRps = medianOf(runs.floor, (r) => r.rps);
      const rps = medianOf(runs.mamori, (r) => r.rps);
      const errors = runs.mamori.reduce((n, r: LoadResult) => n + r.errors, 0);
      ctx.report({
        target: '#18 reads', measure: `mamori: ${label}`,
        value: `${perSecond(rps)} p50 ${ms(medianOf(runs.mamori, (r) => r.p50))} p99 ${ms(medianOf(runs.mamori, (r) => r.p99))}${errors ? ` ${errors} errors` : ''}`,
        baseline: `floor ${perSecond(floorRps)}`, ratio: rps / floorRps, goal: '≥ 0.6× floor, 0 errors', pass: rps / floorRps >= 0.6 && errors === 0,
      });
      const answered = runs.mamori.reduce((n, r) => n + r.answered, 0);
      const outcomes = diff(await compiledOutcomes(metricsUrl), counted);
      ctx.report({
        target: '#18 reads', measure: `answered by: ${l.name}`,
        value: Object.entries(outcomes).filter(([k, n]) => n && k !== 'compiled unplanned').map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing counted',
        baseline: `${answered} answers`,
      });
      ctx.report({
        target: '#18 reads', measure: `trail entries vs subjects served: ${l.name}`,
        value: `${after - before} entries`, baseline: `${answered * subjects} subjects (${answered} answers × ${subjects})`,
        goal: 'equal', pass: after - before === answered * subjects,
      });
    }
  } finally {
    await sql.end();
  }
}

/**
 * A customer every role here may see with `n` interactions: the one with the most, topped up with copies
 * of its own (the seed gives a customer a handful at most).
 */
async function customerWithInteractions(sql: pg.Pool, n: number): Promise<number> {
  const { rows: [c] } = await sql.query(`select i.customer_id as id, count(*)::int as n from interaction i join customer c on c.id = i.customer_id
    where c.status = 'ACTIVE' group by 1 order by 2 desc, 1 limit 1`);
  if (c.n < n) {
    await sql.query(`insert into interaction (customer_id, channel, direction, kind, occurred_at, summary, transcript)
      select customer_id, channel, direction, kind, occurred_at - (g || ' days')::interval, summary, transcript
      from interaction, generate_series(1, $2) g where id = (select min(id) from interaction where customer_id = $1)`, [c.id, n - c.n]);
  }
  return c.id;
}

/** Both servers must answer the same rows about the same customers before their speed means anything; returns the subjects per answer. */
async function assertRowsMatch(targets: Record<string, Target>, l: ReadLoad): Promise<number> {
  const seen: Record<string, string> = {};
  let subjects = 0;
  for (const [name, t] of Object.entries(targets)) {
    const body = await fetchOnce(t);
    if (!body?.data || body.errors) throw new Error(`${name} did not answer ${l.name}: ${JSON.stringify(body).slice(0, 300)}`);
    const rows = l.rows(body.data);
    seen[name] = rows.map((r) => `${r.id}:${r.customer}`).sort().join(',');
    subjects = new Set(rows.map((r) => r.customer)).size;
  }
  if (new Set(Object.values(seen)).size !== 1) throw new Error(`floor and mamori answered different rows for ${l.name}: ${JSON.stringify(seen).slice(0, 400)}`);
  return subjects;
}

/** The compiled path's counters (`mamori_compiled_reads_total{outcome}`, `…_unplanned_total{reason}`) from /metrics. */
async function compiledOutcomes(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^mamori_compiled_reads(_unplanned)?_total\{(?:outcome|reason)="([a-z]+)"\} (\d+)/gm)) {
    out[m[1] ? `unplanned{reason=${m[2]}}` : `compiled ${m[2]}`] = Number(m[3]);
  }
  return out;
}

const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - (before[k] ?? 0)]));

async function accessEntries(sql: pg.Pool): Promise<number> {
  const { rows: [r] } = await sql.query(`select count(*)::int as n from trail_entry where kind = 'ACCESS' and request_id like 'bench-%'`);
  return r.n;
}
