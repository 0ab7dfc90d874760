// Targets 2 and 4: Mamori (policy and trail on) against the floor and the peer, and the trail keeping up.
// #18's goals: Mamori ≥ 0.75× the floor and ≥ 1.6× PostGraphile on each load, both measured in the same run.
import type pg from 'pg';
import { fetchOnce, floorTarget, mamoriPage, mamoriTarget, peerTarget, shapeName, type PageShape } from '../lib/queries';
import { alternate, loadFor, medianOf, type LoadResult, type Target } from '../lib/load';
import { sharedDatabase, sharedServer, tokenFor } from '../lib/fixture';
import { poolOn } from '../lib/database';
import { ms, perSecond, type BenchContext } from '../lib/report';

/** The two loads target 2 names, each with and without the last 3 orders. */
export const CASES: { shape: PageShape; connections: number }[] = [
  { shape: { customers: 20, orders: false }, connections: 50 },
  { shape: { customers: 20, orders: true }, connections: 50 },
  { shape: { customers: 100, orders: false }, connections: 10 },
  { shape: { customers: 100, orders: true }, connections: 10 },
];
const ROLE = 'SUPPORT' as const;
/** #18: target 2's ratios to the floor and to PostGraphile. */
const FLOOR_GOAL = 0.75;
const PEER_GOAL = 1.6;
const PURPOSE = 'INQUIRY_RESPONSE';

export async function throughput(ctx: BenchContext): Promise<void> {
  const [floor, peer, mamori] = await Promise.all([sharedServer('floor', ctx.log), sharedServer('peer', ctx.log), sharedServer('mamori', ctx.log)]);
  // BENCH_BREAKDOWN=1: also the same server with the policy off, and with policy and trail off (where the time goes).
  const breakdown = process.env.BENCH_BREAKDOWN === '1'
    ? { 'policy off': await sharedServer('mamori-policy-off', ctx.log), 'policy+trail off': await sharedServer('mamori-policy-trail-off', ctx.log) }
    : {};
  const token = await tokenFor(mamori, ROLE);
  const db = await sharedDatabase(ctx.log);
  const sql = poolOn(db.url);
  try {
    for (const { shape, connections } of CASES) {
      const targets: Record<string, Target> = {
        floor: floorTarget(floor.url, shape), peer: peerTarget(peer.url, shape), mamori: mamoriTarget(mamori.url, token, PURPOSE, mamoriPage(shape)),
        ...Object.fromEntries(Object.entries(breakdown).map(([k, s]) => [k, mamoriTarget(s.url, token, PURPOSE, mamoriPage(shape))])),
      };
      await assertPagesMatch(targets, shape);
      const label = `${shapeName(shape)}, ${connections} clients`;
      ctx.log(`throughput: ${label}`);
      const trailBefore = await accessEntries(sql);
      const runs = await alternate(Object.fromEntries(Object.entries(targets).map(([k, t]) => [k, () => loadFor(t, connections, ctx.seconds)])), ctx.rounds);
      const trailAfter = await accessEntries(sql);
      const floorRps = medianOf(runs.floor, (r) => r.rps);
      const row = (name: string, rs: LoadResult[], goal?: number) => {
        const rps = medianOf(rs, (r) => r.rps);
        const errors = rs.reduce((n, r) => n + r.errors, 0);
        ctx.report({
          target: '2 throughput', measure: `${name}: ${label}`,
          value: `${perSecond(rps)} p50 ${ms(medianOf(rs, (r) => r.p50))} p99 ${ms(medianOf(rs, (r) => r.p99))}${errors ? ` ${errors} errors` : ''}`,
          baseline: `floor ${perSecond(floorRps)}`, ratio: rps / floorRps,
          goal: goal ? `≥ ${goal}× floor, 0 errors` : undefined, pass: goal ? rps / floorRps >= goal && errors === 0 : undefined,
        });
      };
      row('peer (PostGraphile)', runs.peer);
      row('mamori (policy + trail on)', runs.mamori, FLOOR_GOAL);
      const peerRps = medianOf(runs.peer, (r) => r.rps);
      const mamoriRps = medianOf(runs.mamori, (r) => r.rps);
      ctx.report({
        target: '2 throughput', measure: `mamori ÷ PostGraphile: ${label}`, value: perSecond(mamoriRps), baseline: `peer ${perSecond(peerRps)}`,
        ratio: mamoriRps / peerRps, goal: `≥ ${PEER_GOAL}× peer`, pass: mamoriRps / peerRps >= PEER_GOAL,
      });
      for (const k of Object.keys(breakdown)) row(`mamori (${k})`, runs[k]);
      // Every answered request served `customers` subjects (probes and warm-ups included: all go through the trail).
      const answered = [...runs.mamori, ...(runs['policy off'] ?? [])].reduce((n, r) => n + r.answered, 0);
      const written = trailAfter.count - trailBefore.count;
      const perRequest = await entriesPerRequest(sql, trailBefore.maxId, shape.customers);
      ctx.report({
        target: '4 trail keeps up', measure: `entries written vs subjects served: ${label}`,
        value: `${written} entries, ${perRequest.requests} requests`, baseline: `${answered * shape.customers} subjects, ${answered} answers`,
        goal: 'equal, none lost', pass: written === answered * shape.customers && perRequest.requests === answered && perRequest.partial === 0,
      });
    }
  } finally {
    await sql.end();
  }
}

/** Each server must answer the same customers before its speed means anything. */
async function assertPagesMatch(targets: Record<string, Target>, shape: PageShape): Promise<void> {
  const ids: Record<string, string> = {};
  for (const [name, t] of Object.entries(targets)) {
    const body = await fetchOnce(t);
    const list = body?.data?.allCustomers;
    const rows = Array.isArray(list) ? list : list?.nodes;
    if (!Array.isArray(rows) || rows.length !== shape.customers || body.errors) throw new Error(`${name} did not answer the page: ${JSON.stringify(body).slice(0, 300)}`);
    ids[name] = rows.map((r: { id: unknown }) => String(r.id)).join(',');
  }
  const distinct = new Set(Object.values(ids));
  if (distinct.size !== 1) throw new Error(`servers answered different customers for ${shapeName(shape)}`);
}

async function accessEntries(sql: pg.Pool): Promise<{ count: number; maxId: number }> {
  const { rows: [r] } = await sql.query(`select count(*)::int as count, coalesce(max(id), 0)::bigint as max_id from trail_entry where kind = 'ACCESS'`);
  return { count: r.count, maxId: Number(r.max_id) };
}

/** Requests recorded since `afterId` (each load request has its own id), and those without exactly one entry per subject. */
async function entriesPerRequest(sql: pg.Pool, afterId: number, perRequest: number): Promise<{ requests: number; partial: number }> {
  const { rows } = await sql.query(
    `select count(*)::int as n from trail_entry where id > $1 and kind = 'ACCESS' and request_id like 'bench-%' group by request_id`, [afterId]);
  return { requests: rows.length, partial: rows.filter((r) => r.n !== perRequest).length };
}
