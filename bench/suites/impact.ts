// #23 item 3 (opt-in: --only impact): a policy draft's impact replayed over 1M access entries of the last 30 days
// (goal < 10 s), contractors' scope included (carrier and mailing-house entries). The entries are generated in SQL
// as the owner (INSERT … SELECT generate_series, past the chain head, around the chain trigger as the trail suite
// does); the simulation is timed over real HTTP.
import pg from 'pg';
import { createBenchDatabase } from '../lib/database';
import { BENCH_SECRET } from '../lib/fixture';
import { loginAs } from '../lib/mamori';
import { startServerProcess } from '../lib/processes';
import { ms, type BenchContext } from '../lib/report';

const ENTRIES = Number(process.env.BENCH_IMPACT_ENTRIES ?? 1_000_000);
const SUBJECTS_PER_RECORD = 5;
const FIRST_ID = 100_000_000;
const ROUNDS = 3;
/** Role × purpose × field lists as the projector records them: a few dozen distinct groups, as in a real trail. */
const SHAPES = [
  ['SUPPORT', 'INQUIRY_RESPONSE', '{Customer.name,Customer.email,Customer.phone}', '{Customer.cardNumber,Customer.birthDate}'],
  ['SUPPORT', 'IDENTITY_VERIFICATION', '{Customer.name,Customer.birthDate,Customer.postalCode}', '{Customer.cardNumber}'],
  ['SUPPORT', 'TRANSACTION', '{Customer.name,Customer.email,ShipTo.name,ShipTo.addressLine}', '{Customer.cardNumber}'],
  ['FULFILLMENT', 'SHIPPING', '{ShipTo.name,ShipTo.postalCode,ShipTo.addressLine,ShipTo.phone}', '{}'],
  ['MARKETING', 'PROMOTION', '{Customer.name,Customer.email}', '{Customer.phone}'],
  ['ACCOUNTING', 'CREDIT_MANAGEMENT', '{Customer.name,Customer.postalCode}', '{Customer.cardNumber}'],
  ['CARRIER', 'SHIPPING', '{ShipTo.name,ShipTo.postalCode,ShipTo.addressLine,ShipTo.phone}', '{}'],
  ['MAILING_HOUSE', 'PROMOTION', '{Customer.name,Customer.postalCode,Customer.addressLine}', '{}'],
];

interface ImpactFigures {
  entriesReplayed: number; tightened: { entries: number; customers: number }; widened: { entries: number; customers: number };
  scope: { direction: string; role: string; purpose: string; entries: number; rows: number; customers: number }[];
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json() as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors) throw new Error(`impact bench: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data!;
}

/** ENTRIES entries over the last 30 days, SUBJECTS_PER_RECORD customers a record, shapes in turn, 200k customers. */
async function fill(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const m of [0, 1, 2]) await client.query(`select ensure_trail_partition((date_trunc('month', now() at time zone 'UTC') - interval '${m} months')::date)`);
    await client.query(`set session_replication_role = replica`);
    const records = Math.ceil(ENTRIES / SUBJECTS_PER_RECORD);
    const shapes = SHAPES.map(([r, p, c, m], i) => `(${i}, '${r}', '${p}', '${c}'::text[], '${m}'::text[])`).join(', ');
    await client.query(`insert into trail_record (id, at, kind, staff_id, role, purpose, operation, request_id, client_address, customer_ids,
        clear_fields, masked_fields, detail, prev_hash, hash)
      select ${FIRST_ID} + g * ${SUBJECTS_PER_RECORD}, now() - interval '29 days' + (g * interval '1 second' * (29.0 * 86400 / ${records})), 'ACCESS', 1 + g % 15,
        s.role, s.purpose, 'Page', 'bulk-' || g, '127.0.0.1',
        array(select (e * 7919) % 200000 + 1 from generate_series(g * ${SUBJECTS_PER_RECORD}, g * ${SUBJECTS_PER_RECORD} + ${SUBJECTS_PER_RECORD - 1}) as e),
        s.c, s.m, '{}', md5(g::text) || md5((g + 1)::text), md5((g + 2)::text) || md5((g + 3)::text)
      from generate_series(0::bigint, ${records - 1}::bigint) as g
      join (values ${shapes}) as s(i, role, purpose, c, m) on s.i = g % ${SHAPES.length}`);
    await client.query('analyze trail_record');
  } finally {
    await client.end();
  }
}

export async function impact(ctx: BenchContext): Promise<void> {
  const db = await createBenchDatabase('impact', 20, ctx.log);
  try {
    const t0 = Date.now();
    await fill(db.url);
    ctx.log(`impact: ${ENTRIES.toLocaleString('en')} entries in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const server = await startServerProcess('mamori', { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET });
    try {
      const token = await loginAs(server.url, 'PRIVACY_MANAGER');
      const v = await gql(server.url, token, '{ policyVersions(state: PUBLISHED) { id } }', {}) as { policyVersions: { id: string }[] };
      const d = await gql(server.url, token, 'mutation($f: ID!) { createPolicyDraft(fromVersion: $f) { id document } }', { f: v.policyVersions[0].id }) as
        { createPolicyDraft: { id: string; document: {
          matrix: Record<string, Record<string, string>>; purposes: Record<string, { needsConsent: boolean }>; stoppedUseExcludedPurposes: string[];
        } } };
      const doc = d.createPolicyDraft.document;
      doc.matrix.INQUIRY_RESPONSE['contact.email'] = 'HIDDEN';
      doc.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'CLEAR';
      // Contractors' scope: the mailing house's purpose needs no consent (all its entries leave: a pass over them), and
      // shipping leaves out stopped customers (its entries are joined with the customers).
      doc.purposes.PROMOTION.needsConsent = false;
      doc.stoppedUseExcludedPurposes.push('SHIPPING');
      await gql(server.url, token, 'mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { id } }', { id: d.createPolicyDraft.id, doc });
      const times: number[] = [];
      let last: ImpactFigures | undefined;
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        const r = await gql(server.url, token, `query($id: ID!) { policyDraftImpact(id: $id) { entriesReplayed tightened { entries customers } widened { entries customers }
          groups { role purpose field reads customers } scope { direction role purpose entries rows customers } } }`,
        { id: d.createPolicyDraft.id }) as { policyDraftImpact: ImpactFigures };
        times.push(performance.now() - t);
        last = r.policyDraftImpact;
      }
      const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
      ctx.log(`impact: ${JSON.stringify(last)}; rounds ${times.map((t) => ms(t)).join(', ')}`);
      const scopeLeft = last?.scope.some((g) => g.direction === 'LEFT' && g.entries > 0);
      if (!last || last.entriesReplayed < ENTRIES || last.tightened.entries === 0 || !scopeLeft) throw new Error(`impact bench: unexpected result ${JSON.stringify(last)}`);
      ctx.report({
        target: '#23 impact', measure: `draft impact over ${ENTRIES.toLocaleString('en')} entries (30 days), median of ${ROUNDS}`,
        value: ms(median), goal: '< 10 s', pass: median < 10_000,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}
