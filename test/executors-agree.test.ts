// Issue #18 item 4: the two executors — the compiled read path (server/src/compiled-reads) and graphql-js
// behind Apollo — answer every read alike. For every role × declarable purpose (and none), requests are
// generated from the schema (helpers/differential.ts: every read path to a personal type, relations to depth
// 3, a random part of every level's fields, aliases, fragments, variables, filters, sorts, pages) and sent
// to the server as it runs and to a second server on the same database whose compiled path is off (the
// `compiledReads: false` deps setting, not a policy switch). Both must give byte-identical answers (status,
// content type, body) and identical trail entries, and neither may answer an internal error. Half the
// requests are drawn from the paths the compiled path plans (asked of its own compiler, not listed here),
// first through each root and relation of its sources not yet answered by it, a selection it cannot plan
// drawn again, so most of those are really answered by it; the run fails unless each was.
// DIFF_SEED replays a run (the seed is printed); DIFF_QUERIES sets the requests per role × purpose.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PERSONAL_TYPES, type PurposeKey, RESOURCES, type ResourceRule, type RoleKey } from '../schema/policy';
import type { MikroORM } from '@mikro-orm/postgresql';
import { startApp, type RunningApp } from '../server/src/app';
import { initOrm } from '../server/src/db/orm';
import { buildSchema } from '../server/src/graphql/schema';
import { PlanCompiler } from '../server/src/compiled-reads/plan';
import { RELATIONS, ROOTS } from '../server/src/compiled-reads/sources';
import { metrics } from '../server/src/ops/metrics';
import { readPaths, type ReadPath, seededRandom } from './helpers/attack';
import { generateRequest } from './helpers/differential';
import { prepareSubject, ROLE_PURPOSES_AND_NONE, who } from './helpers/policy';
import { startTestServer, TEST_SECRET, type TestServer } from './helpers/server';

const SEED = Number(process.env.DIFF_SEED ?? 20261206);
const PER_PAIR = Number(process.env.DIFF_QUERIES ?? 10);
const schema = buildSchema();

/**
 * Types whose rows are the trail itself: each request adds to them, so the second of two identical reads
 * sees the first's entries. Derived from the declared resources (those stored in the trail's table).
 */
const TRAIL_TYPES = new Set(Object.entries(RESOURCES as Record<string, ResourceRule>).filter(([, r]) => r.table === 'trail_entry').map(([t]) => t));
const typesOf = (p: ReadPath) => [p.type, ...p.steps.map((s) => s.type)];
/** `Type.field` of each relation a path walks. */
const relationsOf = (p: ReadPath) => p.steps.map((step, i) => `${i ? p.steps[i - 1].type : p.type}.${step.field}`);
/** The relations into the trail the compiled path plans (its sources say so: `readsTrail`), as `Type.field`. */
const TRAIL_RELATIONS = new Set(Object.entries(RELATIONS).filter(([, r]) => r.readsTrail).map(([k]) => k));
/**
 * A path that reaches the trail only through such relations (a customer's access history, then perhaps the
 * customer of an event): its two requests are sent side by side while the trail is locked (`bothBeforeTheirEntries`).
 */
const readsHistory = (p: ReadPath) => !TRAIL_TYPES.has(p.type) && relationsOf(p).some((r) => TRAIL_RELATIONS.has(r))
  && p.steps.every((step, i) => !TRAIL_TYPES.has(step.type) || TRAIL_RELATIONS.has(relationsOf(p)[i]));
/** Every read path that reaches a personal type (schema/policy PERSONAL_TYPES), none through the trail but those. */
/**
 * A relation into the trail is asked twice under aliases (other sizes, or the same) half the time: each
 * executor must record each customer's read of the trail once per size, in the same order.
 */
const twins = (relation: string) => (TRAIL_RELATIONS.has(relation) ? 0.5 : 0.25);
const PATHS = readPaths(schema).filter((p) => typesOf(p).some((t) => t in PERSONAL_TYPES) && (!typesOf(p).some((t) => TRAIL_TYPES.has(t)) || readsHistory(p)));

let s: TestServer;
let apolloOnly: RunningApp;
let apolloOrm: MikroORM;
let compiler: PlanCompiler;
let planned: ReadPath[];
let strings: string[];
const idsOf: Record<string, number[]> = {};
const totals = { requests: 0, compiledServed: 0, compiledErrors: 0, errors: 0, trailEntries: 0 };
const covered = new Set<string>();
/** The roots of the requests the compiled path answered itself. */
const compiledRoots = new Set<string>();
/** The relations (`Type.field`) of the requests the compiled path answered itself without an error. */
const compiledRelations = new Set<string>();
/** What the compiled path plans, from its own sources: each root, and each relation it reads in one statement per level. */
const PLANNED_KEYS = [...Object.keys(ROOTS), ...Object.keys(RELATIONS)];
const coveredKey = (key: string) => compiledRoots.has(key) || compiledRelations.has(key);
/**
 * A planned path to draw: one through a root or relation the compiled path has not answered yet (so each is
 * answered at least once in a default run), else any planned path.
 */
function plannedPath(rnd: ReturnType<typeof seededRandom>): ReadPath {
  const open = PLANNED_KEYS.filter((k) => !coveredKey(k) && planned.some((p) => p.root === k || relationsOf(p).includes(k)));
  if (!open.length) return rnd.pick(planned);
  const key = rnd.pick(open);
  return rnd.pick(planned.filter((p) => p.root === key || relationsOf(p).includes(key)));
}
const codes: Record<string, number> = {};

beforeAll(async () => {
  // Shadow mode on as well (compiled-reads/shadow.ts): its own comparison must find no difference either.
  process.env.MAMORI_SHADOW_COMPARE = '1';
  s = await startTestServer({ customers: 60 });
  await prepareSubject(s.sql);
  // Its own ORM (connections and trail writer), as a second process has: while the trail is locked, each
  // server's write of its entries waits on the lock by itself (bothBeforeTheirEntries counts the waits).
  apolloOrm = await initOrm(s.db.appUrl);
  apolloOnly = await startApp({ orm: apolloOrm, secret: TEST_SECRET, compiledReads: false });
  compiler = new PlanCompiler(schema, s.orm);
  // The paths the compiled path plans, as its own compiler says for their plainest selection.
  planned = PATHS.filter((p) => {
    let inner = '__typename';
    for (let i = p.steps.length - 1; i >= 0; i--) inner = `__typename ${p.steps[i].field} { ${inner} }`;
    return compiler.planFor(`{ ${p.root}${p.byId ? '(id: "1")' : ''} { ${inner} } }`, undefined) !== null;
  });
  const { rows } = await s.sql.query(`select substr(name, 1, 1) a, substr(name_kana, 1, 2) b, right(phone, 4) c, split_part(email, '@', 2) d
    from customer order by id limit 8`);
  strings = [...new Set(rows.flatMap((r) => Object.values(r) as string[]).filter(Boolean)), 'zz-none', '%'];
  for (const [type, rule] of Object.entries(RESOURCES as Record<string, ResourceRule>)) {
    if (rule.table && rule.link !== 'register') idsOf[type] = (await s.sql.query(`select id from "${rule.table}" order by id limit 200`)).rows.map((r) => r.id);
  }
  console.log(`executors agree, seed ${SEED} (DIFF_SEED): ${PATHS.length} read paths, ${planned.length} planned by the compiled path, ${PER_PAIR} requests per role × purpose (DIFF_QUERIES)`);
}, 180_000);
afterAll(async () => {
  console.log(`executors agree: ${JSON.stringify(totals)}, ${covered.size} fields named; errors by executor and code: ${JSON.stringify(codes)}`);
  delete process.env.MAMORI_SHADOW_COMPARE;
  await apolloOnly?.stop();
  await apolloOrm?.close(true);
  await s?.stop();
});

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

type Answer = Awaited<ReturnType<typeof post>>;

/**
 * Both requests of a path that reads the trail, side by side while `trail_record` is locked: each reads the
 * history before either's own entries are written (the second would see the first's otherwise), then waits
 * to write them (or is done: nothing to write); the lock goes and both finish.
 */
async function bothBeforeTheirEntries(compiled: () => Promise<Answer>, apollo: () => Promise<Answer>): Promise<[Answer, Answer]> {
  const lock = new pg.Client({ connectionString: s.db.url });
  await lock.connect();
  try {
    await lock.query('begin');
    await lock.query('lock table trail_record in share mode');
    let done = 0;
    const answers = Promise.all([compiled(), apollo()].map((a) => a.finally(() => { done++; })));
    // A writer waits on the trail (its insert) or on the chain head another writer holds while waiting on it:
    // nothing else waits on a lock in this test's database, so each waiting backend is one of the two requests.
    await expect.poll(async () => done + (await s.sql.query(`select count(distinct l.pid)::int as n from pg_locks l
      join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`)).rows[0].n,
    { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await lock.query('commit');
    return (await answers) as [Answer, Answer];
  } finally {
    await lock.end();
  }
}

async function entriesOf(requestId: string) {
  const { rows } = await s.sql.query(
    `select kind, customer_id, clear_fields, masked_fields, role, purpose, operation, query_hash, detail
     from trail_entry where request_id = $1 order by id`, [requestId]);
  return rows;
}

/** Requests the compiled path answered itself so far (served, refused or failed there), from the process's metrics. */
async function compiledAnswers(): Promise<number> {
  const { values } = await metrics().compiledReads.get();
  return values.filter((v) => v.labels.outcome !== 'unplanned').reduce((n, v) => n + v.value, 0);
}

const seedOf = (role: RoleKey, purpose: PurposeKey | null) => [...`${role}:${purpose}`].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), SEED);
const byIdPool = (type: string) => idsOf[type]?.length ? idsOf[type] : [1, 2, 3];

describe(`the compiled path and graphql-js answer alike (seed ${SEED})`, () => {
  test.each(ROLE_PURPOSES_AND_NONE)('as %s under %s: byte-identical answers and trail entries, no internal error', async (role, purpose) => {
    const rnd = seededRandom(seedOf(role, purpose));
    const client = await s.asRole(role, purpose);
    const headers: Record<string, string> = { authorization: `Bearer ${client.token}`, ...(purpose ? { 'x-purpose': purpose } : {}) };
    const pool = { strings, ids: byIdPool('Customer').slice(0, 40) };
    // Alike is not enough: an internal error is never a right answer to a read, whichever executor gave it.
    const internal: string[] = [];
    for (let n = 0; n < PER_PAIR; n++) {
      const fromPlanned = n % 2 === 0 && planned.length > 0;
      const path = fromPlanned ? plannedPath(rnd) : rnd.pick(PATHS);
      let request = generateRequest(schema, path, pool, rnd, byIdPool, twins);
      // A planned path's selection may still be a shape the compiled path leaves to graphql-js (`accessHistory(last: 0)`,
      // which its resolver refuses): drawn again a few times, so that most of these requests really take the compiled path.
      for (let tries = 0; fromPlanned && tries < 6 && !compiler.planFor(request.query, undefined); tries++) request = generateRequest(schema, path, pool, rnd, byIdPool, twins);
      request.fields.forEach((f) => covered.add(f));
      const body = { query: request.query, variables: request.variables };
      const id = `diff-${SEED}-${role}-${purpose}-${n}`;
      const before = await compiledAnswers();
      const toCompiled = () => post(s.url, body, { ...headers, 'x-request-id': `${id}-c` });
      const toApollo = () => post(apolloOnly.url, body, { ...headers, 'x-request-id': `${id}-a` });
      // One after the other (the server without the compiled path counts nothing in its metrics), or side by side over the trail.
      const [compiled, apollo] = readsHistory(path) ? await bothBeforeTheirEntries(toCompiled, toApollo) : [await toCompiled(), await toApollo()];
      const byCompiledPath = (await compiledAnswers()) > before;
      const label = `${who(role, purpose)}, request ${n} (DIFF_SEED=${SEED}): ${JSON.stringify(body)}`;
      expect({ label, ...compiled }).toEqual({ label, ...apollo });
      const entries = await entriesOf(`${id}-c`);
      expect({ label, entries }).toEqual({ label, entries: await entriesOf(`${id}-a`) });
      totals.requests++;
      totals.trailEntries += entries.length;
      if (byCompiledPath) {
        totals.compiledServed++;
        compiledRoots.add(path.root);
      }
      const errors = JSON.parse(compiled.body).errors as { extensions?: { code?: string } }[] | undefined;
      if (byCompiledPath && !errors) relationsOf(path).forEach((r) => compiledRelations.add(r));
      if (errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) internal.push(label);
      if (!errors) continue;
      totals.errors++;
      if (byCompiledPath) totals.compiledErrors++;
      const code = `${byCompiledPath ? 'compiled' : 'graphql-js'} ${errors[0].extensions?.code}`;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    expect(internal.slice(0, 3)).toEqual([]);
  }, 300_000);

  test('the generated requests reached the compiled path, personal fields of every personal type, and the trail', () => {
    // Not a count fixed here: at least a fifth of all requests were answered by the compiled path itself.
    expect(totals.compiledServed).toBeGreaterThanOrEqual(Math.floor(totals.requests / 5));
    expect(totals.trailEntries).toBeGreaterThan(0);
    // Every classified field of every personal type was asked for (with the default number of requests or more).
    const personal = Object.entries(PERSONAL_TYPES).flatMap(([type, fields]) => Object.entries(fields).filter(([, c]) => c).map(([f]) => `${type}.${f}`));
    if (PER_PAIR >= 10) expect(personal.filter((f) => !covered.has(f))).toEqual([]);
    // Every root the compiled path plans (its own list, compiled-reads/sources.ts) was answered by it, and every
    // relation it plans was followed (or withheld, as the policy says) in an answer it gave without an error.
    if (PER_PAIR >= 10) expect(Object.keys(ROOTS).filter((r) => !compiledRoots.has(r))).toEqual([]);
    if (PER_PAIR >= 10) expect(Object.keys(RELATIONS).filter((r) => !compiledRelations.has(r))).toEqual([]);
  });

  test('shadow mode compared the compiled answers too, and found them all alike', async () => {
    const shadow = async () => Object.fromEntries((await metrics().shadowCompare.get()).values.map((v) => [String(v.labels.result), v.value]));
    await expect.poll(async () => { const c = await shadow(); return (c.same ?? 0) + (c.different ?? 0) + (c.failed ?? 0) + (c.skipped ?? 0); })
      .toBeGreaterThanOrEqual(totals.compiledServed);
    const c = await shadow();
    // Reads of the trail included (compared against the trail as the compiled request read it: trail/trail-horizon.ts).
    console.log(`executors agree, shadow compare: ${JSON.stringify(c)}`);
    expect({ different: c.different ?? 0, failed: c.failed ?? 0 }).toEqual({ different: 0, failed: 0 });
    expect(c.same).toBeGreaterThan(0);
  });
});
