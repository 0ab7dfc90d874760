// Past one machine: two stateless Mamori processes on one database, loaded at once. A token from one is
// accepted by the other (signed, no in-memory session); the trail has every entry and its chain verifies.
import type { EntityManager } from '@mikro-orm/postgresql';
import { verifyTrail } from '../../server/src/trail/verify';
import { initOrm } from '../../server/src/db/orm';
import { sharedDatabase, sharedServer, tokenFor } from '../lib/fixture';
import { load, loadFor } from '../lib/load';
import { poolOn } from '../lib/database';
import { mamoriPage, mamoriTarget } from '../lib/queries';
import { perSecond, type BenchContext } from '../lib/report';

const PAGE = { customers: 20, orders: false };
const CONNECTIONS = 25;

export async function replicas(ctx: BenchContext): Promise<void> {
  const [a, b] = await Promise.all([sharedServer('mamori', ctx.log), sharedServer('mamori-replica', ctx.log)]);
  const token = await tokenFor(a, 'SUPPORT');
  const targets = [a, b].map((s) => mamoriTarget(s.url, token, 'INQUIRY_RESPONSE', mamoriPage(PAGE)));
  const sql = poolOn((await sharedDatabase(ctx.log)).url);
  try {
    ctx.log('replicas: one process, then two processes at once');
    const single = await loadFor(targets[0], CONNECTIONS * 2, ctx.seconds);
    const before = Number((await sql.query(`select count(*)::int as n from trail_entry where kind = 'ACCESS'`)).rows[0].n);
    const amount = Math.ceil((single.rps / 2) * ctx.seconds);
    const both = await Promise.all(targets.map((t) => load(t, CONNECTIONS, amount)));
    const after = Number((await sql.query(`select count(*)::int as n from trail_entry where kind = 'ACCESS'`)).rows[0].n);
    const rps = both.reduce((s, r) => s + r.ok, 0) / Math.max(...both.map((r) => r.seconds));
    const errors = both.reduce((s, r) => s + r.errors, 0);
    ctx.report({
      target: 'N replicas', measure: `2 processes × ${CONNECTIONS} clients vs 1 process × ${CONNECTIONS * 2}, ${PAGE.customers} customers (one 2-core machine)`,
      value: `${perSecond(rps)}${errors ? `, ${errors} errors` : ''}`, baseline: `1 process ${perSecond(single.rps)}`, ratio: rps / single.rps,
    });
    const served = both.reduce((s, r) => s + r.ok, 0) * PAGE.customers;
    const verified = await verifyChain((await sharedDatabase(ctx.log)).url);
    ctx.report({
      target: 'N replicas', measure: 'trail with two writers: entries = subjects served, hash chain verifies',
      value: `${after - before} entries, chain ${verified.ok ? 'intact' : `broken at ${verified.firstBrokenId}`} (${verified.checked} entries)`,
      baseline: `${served} subjects`, goal: 'equal, intact', pass: after - before === served && verified.ok && errors === 0,
    });
  } finally {
    await sql.end();
  }
}

/** The chain checked by the server's own verifier (every hash and link, and the head). */
export async function verifyChain(url: string) {
  const orm = await initOrm(url, { pool: { min: 0, max: 1 } });
  try {
    return await verifyTrail(orm.em.fork() as EntityManager);
  } finally {
    await orm.close(true);
  }
}
