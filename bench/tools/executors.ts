// #18 item 3: the executors measured side by side, in process (no HTTP, no trail write: the executor's own cost),
// on the same request context: graphql-js (today's path for every read but the customer list), graphql-jit 0.8
// (compiles the query, runs the schema's own resolvers: shield, masking and loaders unchanged) and the own
// planner (compiled-reads/, where it has a plan). Each answer is checked byte for byte against graphql-js first.
//   GRAPHQL_JIT=/path/to/node_modules/graphql-jit npx tsx bench/tools/executors.ts [seconds per case, default 3]
// graphql-jit is not a dependency: install it apart (its `graphql` a link to ours: one instance of the schema's classes).
import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { type DocumentNode, execute, type GraphQLSchema, parse } from 'graphql';
import type { PurposeKey, RoleKey } from '../../schema/policy';
import { startApp } from '../../server/src/app';
import { PlanCompiler } from '../../server/src/compiled-reads/plan';
import { executePlan } from '../../server/src/compiled-reads/execute';
import { type AppDeps, buildContext } from '../../server/src/context';
import { createReadPool } from '../../server/src/db/read-pool';
import { initOrm } from '../../server/src/db/orm';
import { buildSchema } from '../../server/src/graphql/schema';
import { createBenchDatabase, dropAllBenchDatabases } from '../lib/database';
import { loginAs } from '../lib/mamori';

const SECONDS = Number(process.argv[2] ?? 3);
const CUSTOMER = 'id customerNumber name nameKana phone email';
const SHIP_TO = 'name postalCode prefecture city addressLine phone';
const INTERACTION = 'id kind channel direction occurredAt summary transcript';

interface Case { name: string; role: RoleKey; purpose: PurposeKey; query: (ids: Ids) => string }
interface Ids { order: number; interaction: number }

const CASES: Case[] = [
  { name: 'allOrders 50 + customer, items, shipTo', role: 'FULFILLMENT', purpose: 'SHIPPING',
    query: () => `{ allOrders(perPage: 50, sortField: "id") { id orderNumber placedAt totalYen status shipTo { ${SHIP_TO} } customer { ${CUSTOMER} } items { id productName quantity unitPriceYen } } }` },
  { name: 'Order by id + customer, items, shipTo', role: 'FULFILLMENT', purpose: 'SHIPPING',
    query: (ids) => `{ Order(id: "${ids.order}") { id orderNumber placedAt totalYen status shipTo { ${SHIP_TO} } customer { ${CUSTOMER} } items { id productName quantity unitPriceYen } } }` },
  { name: 'allInteractions 100 + customer', role: 'SUPPORT', purpose: 'AFTER_SALES',
    query: () => `{ allInteractions(perPage: 100, sortField: "id") { ${INTERACTION} customer { ${CUSTOMER} } } }` },
  { name: 'Interaction by id + customer, order', role: 'SUPPORT', purpose: 'AFTER_SALES',
    query: (ids) => `{ Interaction(id: "${ids.interaction}") { ${INTERACTION} customer { ${CUSTOMER} } order { id orderNumber shipTo { ${SHIP_TO} } } } }` },
  { name: 'allCustomers 100 + orders(last: 3), shipTo', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE',
    query: () => `{ allCustomers(perPage: 100, sortField: "id") { ${CUSTOMER} postalCode city addressLine orders(last: 3) { id orderNumber totalYen shipTo { ${SHIP_TO} } } } }` },
];

type Run = () => Promise<string>;

/** What is used of graphql-jit 0.8 (not a dependency, so typed here). */
interface Jit {
  compileQuery(schema: GraphQLSchema, document: DocumentNode): { query(root: unknown, ctx: unknown, vars: unknown): unknown } | { errors: unknown[] };
  isCompiledQuery(c: unknown): c is { query(root: unknown, ctx: unknown, vars: unknown): Promise<unknown> | unknown };
}

/** Mean milliseconds per request over about SECONDS, sequentially, after a warm-up. */
async function timeOf(run: Run): Promise<number> {
  for (let i = 0; i < 20; i++) await run();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) { await run(); n++; }
  return (performance.now() - started) / n;
}

async function main() {
  const jitPath = process.env.GRAPHQL_JIT;
  const jit = jitPath ? await import(jitPath) as Jit : null;
  const db = await createBenchDatabase('executors', 2_000, (m) => console.error(m));
  const orm = await initOrm(db.url);
  const deps: AppDeps = { orm, secret: 'bench-secret-that-is-long-enough-0123456789' };
  const app = await startApp(deps);
  const schema: GraphQLSchema = buildSchema();
  const pool = createReadPool(orm);
  const compiler = new PlanCompiler(schema, orm);
  try {
    const [{ order }] = await orm.em.getConnection().execute(`select min(id) as order from "order" o where o.carrier_id is not null`);
    const [{ interaction }] = await orm.em.getConnection().execute(`select min(i.id) as interaction from interaction i where i.order_id is not null`);
    const ids: Ids = { order, interaction };
    console.log(`| read | graphql-js | graphql-jit | own planner | jit ÷ js | planner ÷ js |\n|---|---|---|---|---|---|`);
    for (const c of CASES) {
      const token = await loginAs(app.url, c.role);
      const req = { method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}`, 'x-purpose': c.purpose }, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
      const text = c.query(ids);
      const document = parse(text);
      const runs: Record<string, Run> = {
        'graphql-js': async () => JSON.stringify(await execute({ schema, document, contextValue: await buildContext(deps, req) })),
      };
      if (jit) {
        const compiled = jit.compileQuery(schema, document);
        if (!jit.isCompiledQuery(compiled)) throw new Error(`graphql-jit did not compile ${c.name}`);
        runs['graphql-jit'] = async () => JSON.stringify(await compiled.query(undefined, await buildContext(deps, req), {}));
      }
      const plan = compiler.planFor(text, undefined);
      if (plan) runs.planner = async () => JSON.stringify({ data: await executePlan(schema, plan, await buildContext(deps, req, { runner: pool.run }), undefined) });
      const expected = await runs['graphql-js']();
      if (JSON.parse(expected).errors) throw new Error(`${c.name}: ${expected.slice(0, 300)}`);
      for (const [name, run] of Object.entries(runs)) {
        const got = await run();
        if (got !== expected) console.error(`${c.name}: ${name} answers differently from graphql-js\n  ${got.slice(0, 200)}\n  ${expected.slice(0, 200)}`);
      }
      const ms: Record<string, number> = {};
      for (const [name, run] of Object.entries(runs)) ms[name] = await timeOf(run);
      const cell = (k: string) => (ms[k] === undefined ? '—' : `${ms[k].toFixed(2)} ms`);
      const ratio = (k: string) => (ms[k] === undefined ? '—' : `${(ms['graphql-js'] / ms[k]).toFixed(2)}× faster`);
      console.log(`| ${c.name} as ${c.role} / ${c.purpose} | ${cell('graphql-js')} | ${cell('graphql-jit')} | ${cell('planner')} | ${ratio('graphql-jit')} | ${ratio('planner')} |`);
    }
  } finally {
    await pool.close();
    await app.stop();
    await orm.close(true);
    await dropAllBenchDatabases();
  }
}

await main();
