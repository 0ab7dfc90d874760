// Issue #24: two server processes on a real primary and a real streaming replica (Debian PostgreSQL 15).
// Read-only work lands on the replica; a writer reads its own writes; a lagging replica is left out; killing
// the replica under load fails no request and loses no trail entry, and the chain verifies.
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../server/src/db/orm';
import { verifyTrail } from '../server/src/trail/verify';
import { asAppRole, asDeployed, type PgNode, type ReplicaCluster, startReplicaCluster } from './helpers/replica-cluster';
import { launchBrowser } from './helpers/browser';
import { startNginx } from './helpers/nginx';
import { loginAs, post, type ServerProcess, startServerProcesses } from './helpers/server-processes';

const MAX_LAG_MS = 3_000;
let cluster: ReplicaCluster;
let servers: ServerProcess[];
let replica: PgNode;

beforeAll(async () => {
  cluster = await startReplicaCluster({ prepare: asDeployed({ customers: 40, seed: 5 }) });
  replica = cluster.replicas[0];
  // As deployed: the servers log in as the application role, on the primary and on the replica alike.
  servers = await startServerProcesses(2, {
    DATABASE_URL: asAppRole(cluster.primary), MAMORI_REPLICA_URL: asAppRole(replica), MAMORI_REPLICA_CHECK_MS: '100',
    MAMORI_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS), MAMORI_LOG_LEVEL: 'info', MAMORI_METRICS_PORT: '0',
    // nginx (below) connects from 127.0.0.1; the test's clients behind it from 127.0.0.2.
    MAMORI_TRUSTED_PROXIES: '127.0.0.1',
  });
}, 240_000);

afterAll(async () => {
  await Promise.all((servers ?? []).map((s) => s.stop()));
  await cluster?.destroy();
});

const PAGE = 'query Page($p: Int) { allCustomers(page: $p, perPage: 5, sortField: "id") { id name } }';
const ONE = 'query One($id: ID!) { Customer(id: $id) { id name } }';
const bearer = (token: string, purpose: string, more: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'x-purpose': purpose, ...more });

/** Scans of `customer` on a node so far (its own statistics: a hot standby counts the reads it serves). */
async function customerScans(node: PgNode): Promise<number> {
  const [{ n }] = await node.query<{ n: string }>(`select coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::text as n from pg_stat_user_tables where relname = 'customer'`);
  return Number(n);
}

/** Backends flush their statistics once idle, within about ten seconds: wait until `node` has counted `atLeast`. */
async function scansReach(node: PgNode, atLeast: number): Promise<number> {
  for (let waited = 0; ; waited += 200) {
    const n = await customerScans(node);
    if (n >= atLeast || waited > 25_000) return n;
    await sleep(200);
  }
}

/** Waits until each server's log says the replica's health became `health` (after `since` lines). */
async function serversSay(health: string, since: number[]): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    const said = servers.map((s, i) => s.lines.slice(since[i]).some((l) => l.includes(`"health":"${health}"`)));
    if (said.every(Boolean)) return;
    if (waited > 20_000) throw new Error(`servers did not report the replica ${health}: ${servers.map((s) => s.lines.slice(-3).join(' | ')).join(' || ')}`);
    await sleep(100);
  }
}

/** Sets a parameter on the replica (ALTER SYSTEM works on a standby) and reloads it. */
async function setOnReplica(name: string, value: string): Promise<void> {
  await replica.query(`alter system set ${name} = '${value}'`, [], 'postgres');
  await replica.query('select pg_reload_conf()', [], 'postgres');
}

// Generous: on a loaded 2-core machine statistics take seconds to flush and servers to notice a replica.
const SLOW = { timeout: 180_000 };

describe('reads on a streaming replica, behind two server processes', SLOW, () => {
  it('the start names each replica and what it found: both servers see a streaming replica', async () => {
    await serversSay('streaming', servers.map(() => 0));
  });

  it('as SUPPORT, list pages, a customer and counts are read on the replica, not the primary', async () => {
    const token = await loginAs(servers[0].url, 'SUPPORT');
    const before = { primary: await customerScans(cluster.primary), replica: await customerScans(replica) };
    const reads = 24;
    for (let i = 0; i < reads; i++) {
      const server = servers[i % 2].url;
      const r = i % 3 === 2
        ? await post(server, ONE, { id: String(1 + (i % 10)) }, bearer(token, 'INQUIRY_RESPONSE'))
        : await post(server, PAGE, { p: i % 4 }, bearer(token, 'INQUIRY_RESPONSE'));
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    }
    const meta = await post(servers[1].url, '{ _allCustomersMeta { count } }', {}, bearer(token, 'INQUIRY_RESPONSE'));
    expect(meta.data._allCustomersMeta.count).toBeGreaterThanOrEqual(40);
    const replicaAfter = await scansReach(replica, before.replica + reads);
    await sleep(11_000); // idle backends flush their statistics within 10 s: whatever the primary read is counted by now
    const primaryAfter = await customerScans(cluster.primary);
    expect(replicaAfter - before.replica).toBeGreaterThanOrEqual(reads);
    expect(primaryAfter - before.primary).toBe(0);
    const activity = await replica.query(`select count(*)::int as n from pg_stat_activity where datname = 'mamori' and application_name = 'mamori-replica-read'`);
    expect(activity[0].n).toBeGreaterThan(0);
  });

  it('as PRIVACY_MANAGER, trail queries are read on the replica', async () => {
    const token = await loginAs(servers[1].url, 'PRIVACY_MANAGER');
    const support = await loginAs(servers[0].url, 'SUPPORT');
    expect((await post(servers[0].url, PAGE, { p: 0 }, bearer(support, 'INQUIRY_RESPONSE'))).errors).toBeUndefined();
    const trailScans = async (node: PgNode) => Number((await node.query(`select coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::text as n
      from pg_stat_user_tables where relname like 'trail%' and relname <> 'trail_head'`))[0].n); // the record table's monthly partitions
    await sleep(1_500);
    const before = { primary: await trailScans(cluster.primary), replica: await trailScans(replica) };
    for (const server of servers) {
      const r = await post(server.url, '{ allAccessEvents(perPage: 10) { id } _allAccessEventsMeta { count } }', {}, bearer(token, 'PRIVACY_ADMINISTRATION'));
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data.allAccessEvents.length).toBeGreaterThan(0);
    }
    for (let waited = 0; waited < 25_000 && (await trailScans(replica)) === before.replica; waited += 200) await sleep(200);
    expect(await trailScans(replica)).toBeGreaterThan(before.replica);
  });

  it('as MARKETING under STATISTICS, the statistics cube is built from the replica', async () => {
    const token = await loginAs(servers[0].url, 'MARKETING');
    await sleep(11_000); // earlier reads' statistics flushed on both nodes
    const before = { primary: await customerScans(cluster.primary), replica: await customerScans(replica) };
    for (const server of servers) {
      const r = await post(server.url, '{ statistics(groupBy: [PREFECTURE], metrics: [CUSTOMERS]) { k cells { customers } } }', {}, bearer(token, 'STATISTICS'));
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data.statistics.k).toBeGreaterThan(1);
    }
    // Each server builds its cube once: at least one scan of customer each, all of them on the replica.
    expect(await scansReach(replica, before.replica + 2)).toBeGreaterThanOrEqual(before.replica + 2);
    await sleep(11_000);
    expect(await customerScans(cluster.primary)).toBe(before.primary);
  });

  it('as SUPPORT, a change is read back at once through the other server, from a replica that applies WAL 1.5 s late', async () => {
    const token = await loginAs(servers[0].url, 'SUPPORT');
    await setOnReplica('recovery_min_apply_delay', '1500ms');
    try {
      for (let i = 0; i < 4; i++) {
        const name = `読み戻し 太郎${i}`;
        const w = await post(servers[i % 2].url, 'mutation($id: ID!, $n: String) { updateCustomer(id: $id, name: $n, reason: "本人からの訂正") { id name } }',
          { id: '3', n: name }, bearer(token, 'INQUIRY_RESPONSE'));
        expect(w.errors, JSON.stringify(w.errors)).toBeUndefined();
        const readAfter = w.headers.get('x-mamori-read-after');
        expect(readAfter).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        const cookie = w.headers.get('set-cookie')!;
        expect(cookie).toMatch(/^mamori_read_after=[0-9A-F]+\/[0-9A-F]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
        const other = servers[(i + 1) % 2].url;
        // The header (an API client) and the cookie (the browser) each carry the position.
        const byHeader = await post(other, ONE, { id: '3' }, bearer(token, 'INQUIRY_RESPONSE', { 'x-mamori-read-after': readAfter! }));
        const byCookie = await post(other, ONE, { id: '3' }, bearer(token, 'INQUIRY_RESPONSE', { cookie: cookie.split(';')[0] }));
        expect(byHeader.data.Customer.name).toBe(name);
        expect(byCookie.data.Customer.name).toBe(name);
        // Without it the replica answers, 1.5 s behind: what the position is for.
        const without = await post(other, ONE, { id: '3' }, bearer(token, 'INQUIRY_RESPONSE'));
        expect(without.data.Customer.name).not.toBe(name);
      }
    } finally {
      await setOnReplica('recovery_min_apply_delay', '0');
    }
  });

  it('in Chromium, the cookie a write sets makes the same browser\'s next read see it; scripts cannot read it', async () => {
    const token = await loginAs(servers[0].url, 'SUPPORT');
    const browser = await launchBrowser();
    await setOnReplica('recovery_min_apply_delay', '1500ms');
    try {
      const page = await browser.newPage();
      await page.goto(`${servers[0].url}/healthz`); // the app's origin: fetch sends its cookies as the admin UI's does
      // Another browser (no cookie), ready before the write: it reads right after it.
      const other = await (await browser.newContext()).newPage();
      await other.goto(`${servers[0].url}/healthz`);
      const seen = await page.evaluate(async ({ token: t, name }) => {
        const gql = async (query: string) => (await (await fetch('/graphql', {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'x-purpose': 'INQUIRY_RESPONSE' },
          body: JSON.stringify({ query }),
        })).json()) as any;
        await gql(`mutation { updateCustomer(id: "5", name: "${name}", reason: "本人からの訂正") { id } }`);
        const read = await gql('{ Customer(id: "5") { name } }');
        return { name: read.data.Customer.name as string, cookies: document.cookie };
      }, { token, name: 'ブラウザ 次郎' });
      expect(seen.name).toBe('ブラウザ 次郎');
      expect(seen.cookies).not.toContain('mamori_read_after');
      // The other browser, without the cookie, gets the lagging replica's answer.
      const stale = await other.evaluate(async (t) => (await (await fetch('/graphql', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'x-purpose': 'INQUIRY_RESPONSE' },
        body: JSON.stringify({ query: '{ Customer(id: "5") { name } }' }),
      })).json() as any).data.Customer.name as string, token);
      expect(stale).not.toBe('ブラウザ 次郎');
    } finally {
      await browser.close();
      await setOnReplica('recovery_min_apply_delay', '0');
    }
  });

  it('a replica further behind than MAMORI_REPLICA_MAX_LAG_MS is left out, then taken back once it catches up', async () => {
    const token = await loginAs(servers[0].url, 'SUPPORT');
    const since = servers.map((s) => s.lines.length);
    await setOnReplica('recovery_min_apply_delay', `${MAX_LAG_MS * 3}ms`);
    try {
      // Commits keep coming (each read appends to the trail): the replica falls behind them.
      for (let i = 0; !servers.every((s, j) => s.lines.slice(since[j]).some((l) => l.includes('"health":"lagging"'))); i++) {
        if (i > 200) throw new Error('the replica was never left out');
        const name = `遅延 花子${i}`;
        await post(servers[i % 2].url, 'mutation($n: String) { updateCustomer(id: "4", name: $n, reason: "訂正") { id } }', { n: name }, bearer(token, 'INQUIRY_RESPONSE'));
        // Read without a position: only the primary can have it now.
        const r = await post(servers[(i + 1) % 2].url, ONE, { id: '4' }, bearer(token, 'INQUIRY_RESPONSE'));
        expect(r.errors).toBeUndefined();
        await sleep(100);
      }
      const name = '遅延 花子 最後';
      await post(servers[0].url, 'mutation($n: String) { updateCustomer(id: "4", name: $n, reason: "訂正") { id } }', { n: name }, bearer(token, 'INQUIRY_RESPONSE'));
      const r = await post(servers[1].url, ONE, { id: '4' }, bearer(token, 'INQUIRY_RESPONSE'));
      expect(r.data.Customer.name).toBe(name);
    } finally {
      await setOnReplica('recovery_min_apply_delay', '0');
    }
    await serversSay('streaming', since);
  });
});

describe('the replica killed under load', SLOW, () => {
  it('no request fails, every subject served has its trail entry, the chain verifies, and the replica is taken back', async () => {
    const token = await loginAs(servers[0].url, 'SUPPORT');
    const since = servers.map((s) => s.lines.length);
    const served: string[] = [];
    const failures: string[] = [];
    let n = 0;
    let running = true;
    const client = async () => {
      while (running) {
        const i = n++;
        const id = `kill-${i}`;
        const headers = bearer(token, 'INQUIRY_RESPONSE', { 'x-request-id': id });
        const r = i % 4 === 3
          ? await post(servers[i % 2].url, ONE, { id: String(1 + (i % 30)) }, headers)
          : await post(servers[i % 2].url, PAGE, { p: i % 6 }, headers);
        if (r.status !== 200 || r.errors || !r.data) { failures.push(`${id}: ${r.status} ${JSON.stringify(r.errors)}`); continue; }
        const customers = r.data.allCustomers ?? [r.data.Customer];
        for (const c of customers) served.push(`${id}:${c.id}`);
      }
    };
    const clients = Array.from({ length: 6 }, client);
    await sleep(1_500);
    const beforeKill = n;
    await replica.kill();
    await serversSay('unreachable', since);
    await sleep(1_500);
    const killedAt = n;
    await replica.start();
    await serversSay('streaming', since);
    await sleep(1_000);
    running = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(beforeKill).toBeGreaterThan(0);
    expect(killedAt).toBeGreaterThan(beforeKill); // requests were answered while the replica was down
    const recorded = await cluster.primary.query<{ k: string }>(`select request_id || ':' || customer_id as k from trail_entry where kind = 'ACCESS' and request_id like 'kill-%'`);
    expect(recorded.map((r) => r.k).sort()).toEqual(served.sort());
    const orm = await initOrm(cluster.primary.url, { pool: { min: 0, max: 1 } });
    try {
      const v = await verifyTrail(orm.em.fork() as EntityManager);
      const [{ total }] = await cluster.primary.query('select count(*)::int as total from trail_entry');
      expect(v).toEqual({ ok: true, checked: total, firstBrokenId: null });
    } finally {
      await orm.close(true);
    }
    // Back in: reads land on the replica again.
    const before = await customerScans(replica);
    for (let i = 0; i < 6; i++) await post(servers[i % 2].url, PAGE, { p: 0 }, bearer(token, 'INQUIRY_RESPONSE'));
    expect(await scansReach(replica, before + 6)).toBeGreaterThanOrEqual(before + 6);
  });
});

/** A GraphQL POST from another loopback address than the proxy's (Linux answers all of 127/8). */
function postFrom(localAddress: string, url: string, query: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

describe('behind nginx with the scale profile\'s configuration', SLOW, () => {
  it('both servers answer through it, and the trail records the client\'s address, not the proxy\'s nor one the client made up', async () => {
    const nginx = await startNginx(servers.map((s) => new URL(s.url).host));
    try {
      const login = await postFrom('127.0.0.2', nginx.url, 'mutation { login(email: "support@demo.mamori.jp", password: "mamori-demo") { token } }', {});
      const token = login.body.data.login.token as string;
      for (let i = 0; i < 6; i++) {
        const r = await postFrom('127.0.0.2', nginx.url, '{ allCustomers(perPage: 2, sortField: "id") { id name } }',
          { ...bearer(token, 'INQUIRY_RESPONSE'), 'x-request-id': `proxy-${i}`, 'x-forwarded-for': '203.0.113.9' });
        expect(r.status).toBe(200);
        expect(r.body.errors).toBeUndefined();
      }
      const recorded = await cluster.primary.query(`select distinct client_address from trail_entry where request_id like 'proxy-%'`);
      expect(recorded).toEqual([{ client_address: '127.0.0.2' }]);
      // Round robin over the upstreams: each server logged some of the requests.
      for (const server of servers) expect(server.lines.some((l) => /"requestId":"proxy-\d"/.test(l))).toBe(true);
    } finally {
      await nginx.stop();
    }
  });
});
