// `npx tsx bench/tools/rows-cpu.ts [--iterations 2000] [--only 100c,100co,100i,50o] [--url postgres://…/db]`: the compiled
// read path's CPU per row, in process and insensitive to the machine's load. Each load's statements run once against
// the bench fixture (real PostgreSQL; a database made for the run unless --url names a seeded one); then the executor
// (executePlan: row builders, projector, relations) answers from those rows, replayed, and the answer is stringified,
// ITERATIONS times, each with a request context of its own (its recorder). The floor's equivalent is the same answer
// as plain objects, stringified. "pg" is this process's CPU to run the page's statements for real (node-postgres'
// row decoding included), per row. process.cpuUsage (user + system), the lower quartile of batches of 50, per object.
// ROWS_CPU_ANSWERS=dir writes each answer (to diff two versions); ROWS_CPU_COLUMNS=1 prints the root statement's columns
// under the load's role and purpose; ROWS_CPU_STATEMENTS=1 prints every statement with its parameters (to EXPLAIN them).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import type { GraphQLSchema } from 'graphql';
import type { PurposeKey, RoleKey } from '../../schema/policy';
import { startApp } from '../../server/src/app';
import { PlanCompiler } from '../../server/src/compiled-reads/plan';
import { executePlan } from '../../server/src/compiled-reads/execute';
import { rowBuilder } from '../../server/src/compiled-reads/build-rows';
import { type AppDeps, buildContext } from '../../server/src/context';
import type { RequestContext } from '../../server/src/request-context';
import { createReadPool, type Row, type SqlRunner } from '../../server/src/db/read-pool';
import { initOrm } from '../../server/src/db/orm';
import { buildSchema } from '../../server/src/graphql/schema';
import { createBenchDatabase, dropAllBenchDatabases } from '../lib/database';
import { BENCH_SECRET, SHARED_CUSTOMERS } from '../lib/fixture';
import { loginAs } from '../lib/mamori';
import { mamoriPage } from '../lib/queries';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '2000' }, only: { type: 'string' }, url: { type: 'string' } } });
const ITERATIONS = Number(values.iterations);
const only = values.only ? new Set(values.only.split(',')) : null;

// The loads of bench/tools/cpu-per-request.ts.
const CUSTOMER = 'id customerNumber name nameKana phone';
const SHIP_TO = 'name postalCode prefecture city addressLine phone';
const INTERACTION = 'id kind channel direction occurredAt summary';
interface Load { key: string; role: RoleKey; purpose: PurposeKey; query: string }
const LOADS: Load[] = [
  { key: '100c', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: mamoriPage({ customers: 100, orders: false }) },
  { key: '100co', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: mamoriPage({ customers: 100, orders: true }) },
  { key: '100i', role: 'SUPPORT', purpose: 'AFTER_SALES', query: `query Interactions { allInteractions(perPage: 100, sortField: "id") { ${INTERACTION} customer { ${CUSTOMER} } } }` },
  { key: '50o', role: 'FULFILLMENT', purpose: 'SHIPPING',
    query: `query Orders { allOrders(perPage: 50, sortField: "id") { id orderNumber placedAt totalYen status paymentStatus shipTo { ${SHIP_TO} } customer { ${CUSTOMER} } items { id productName quantity unitPriceYen } } }` },
];

function cpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * CPU µs per call of `run`: the lower quartile of batches of 50 calls (other processes on the 2 cores only ever add
 * to a batch's figure: shared caches and cores; a quartile, not the least, keeps the collector's share), inputs made
 * before each batch (their making is not counted).
 */
async function cpuPerCall<T>(n: number, prepare: () => Promise<T>, run: (t: T) => Promise<unknown> | unknown): Promise<number> {
  const batch = 50;
  const means: number[] = [];
  for (let done = 0; done < n; done += batch) {
    const inputs: T[] = [];
    const size = Math.min(batch, n - done);
    for (let i = 0; i < size; i++) inputs.push(await prepare());
    const started = cpu();
    for (const t of inputs) await run(t);
    means.push((cpu() - started) / size);
  }
  return means.sort((a, b) => a - b)[Math.floor(means.length / 4)];
}

const countRows = (v: unknown): number => Array.isArray(v) ? v.reduce((n: number, x) => n + countRows(x), 0)
  : v && typeof v === 'object' ? 1 + Object.values(v).reduce((n: number, x) => n + (x && typeof x === 'object' ? countRows(x) : 0), 0) : 0;

async function main() {
  const db = values.url ? null : await createBenchDatabase('rowscpu', SHARED_CUSTOMERS, (m) => console.error(m));
  const url = values.url ?? db!.url;
  const orm = await initOrm(url);
  const deps: AppDeps = { orm, secret: BENCH_SECRET };
  const app = await startApp(deps);
  const schema: GraphQLSchema = buildSchema();
  const pool = createReadPool(orm);
  const compiler = new PlanCompiler(schema, orm);
  try {
    console.log(`CPU µs per row (${ITERATIONS} iterations; objects = every object of the answer, customers, orders, ship-to blocks…)`);
    console.log('| load | objects | executor + stringify | floor: stringify | ratio | pg (this process) |\n|---|---|---|---|---|---|');
    for (const l of LOADS) {
      if (only && !only.has(l.key)) continue;
      const token = await loginAs(app.url, l.role);
      const req = { method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}`, 'x-purpose': l.purpose }, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
      const plan = compiler.planFor(l.query, undefined);
      if (!plan) throw new Error(`${l.key} is not planned`);
      const { actor } = await buildContext(deps, req, { runner: pool.run });
      if (!actor) throw new Error(`${l.key}: no actor`);
      // The statements run once; their rows are then replayed by statement and parameters (relations run side by side).
      const captured = new Map<string, Row[]>();
      const statements: [string, readonly unknown[]][] = [];
      const capture: SqlRunner = async (sql, params) => {
        const rows = await pool.run(sql, params);
        captured.set(`${sql}\u0000${JSON.stringify(params)}`, rows);
        statements.push([sql, params]);
        return rows;
      };
      const replay: SqlRunner = (sql, params) => {
        const rows = captured.get(`${sql}\u0000${JSON.stringify(params)}`);
        return rows ? Promise.resolve(rows) : Promise.reject(new Error(`not captured: ${sql.slice(0, 80)}`));
      };
      const context = async (runner: SqlRunner) => buildContext(deps, req, { runner, knownActor: actor });
      // The root statement's columns under this load's role and purpose (those only hidden fields read are left out).
      if (process.env.ROWS_CPU_COLUMNS) console.error(l.key, rowBuilder(await context(pool.run), plan.object).select);
      const answer = JSON.stringify({ data: await executePlan(schema, plan, await context(capture), undefined) });
      // The statements and their parameters (knex's `?`), to EXPLAIN them.
      if (process.env.ROWS_CPU_STATEMENTS) for (const [sql, params] of statements) console.error(`${l.key}: ${sql}\n  ${JSON.stringify(params)}`);
      const replayed = JSON.stringify({ data: await executePlan(schema, plan, await context(replay), undefined) });
      if (replayed !== answer) throw new Error(`${l.key}: the replayed answer differs`);
      // The answer, to compare two versions of the code byte for byte.
      if (process.env.ROWS_CPU_ANSWERS) writeFileSync(`${process.env.ROWS_CPU_ANSWERS}/${l.key}.json`, answer);
      const objects = countRows(JSON.parse(answer).data);
      const run = async (ctx: RequestContext) => JSON.stringify({ data: await executePlan(schema, plan, ctx, undefined) });
      // Warm-up (JIT), then the measurement.
      await cpuPerCall(Math.min(500, ITERATIONS), () => context(replay), run);
      const executor = await cpuPerCall(ITERATIONS, () => context(replay), run);
      const floor = await cpuPerCall(ITERATIONS, async () => JSON.parse(answer) as unknown, (o) => JSON.stringify(o));
      const sqlRuns = Math.max(50, Math.round(ITERATIONS / 10));
      const statementsOnce = async () => { for (const [sql, params] of statements) await pool.run(sql, params); };
      await cpuPerCall(sqlRuns, async () => null, statementsOnce);
      const pg = await cpuPerCall(sqlRuns, async () => null, statementsOnce);
      const f = (us: number) => (us / objects).toFixed(2);
      console.log(`| ${l.key} | ${objects} | ${f(executor)} | ${f(floor)} | ${(executor / floor).toFixed(1)}× | ${f(pg)} |`);
    }
  } finally {
    await pool.close();
    await app.stop();
    await orm.close(true);
    if (db) await dropAllBenchDatabases();
  }
}

await main();
