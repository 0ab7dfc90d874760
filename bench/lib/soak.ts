// The soak run's traffic (#22 item 8): reads on both read paths, writes, CSV exports and logins with wrong
// passwords, as a seeded random mix; each request tallied by what it served and how it was answered.
// Used by bench/suites/soak.ts (10 minutes, 50 clients) and by test/soak-short.test.ts (a few seconds).
import type { RoleKey } from '../../schema/policy';
import { DEMO_PASSWORD, demoEmail } from '../../server/src/seeders';

/** The roles the traffic runs as, and the purpose each declares. */
export const SOAK_ROLES = { SUPPORT: 'INQUIRY_RESPONSE', MARKETING: 'PROMOTION', FULFILLMENT: 'SHIPPING' } as const satisfies Partial<Record<RoleKey, string>>;
export type SoakRole = keyof typeof SOAK_ROLES;

export interface SoakTarget {
  url: string;
  tokens: Record<SoakRole, string>;
  /** Customer ids to read and write. */
  customerIds: number[];
}

/** One request as the client saw it. */
export interface Outcome {
  kind: 'list' | 'customer' | 'marketing' | 'orders' | 'write' | 'interaction' | 'export-record' | 'export-rows' | 'wrong-login';
  requestId: string;
  /** Root field, as the server's metrics label it. */
  operation: string;
  status: number;
  /** OK, or the first error's code (NETWORK when no answer came). */
  code: string;
  /** Data subjects whose personal fields were served (what the trail must hold for this request). */
  subjects: number;
  ms: number;
  /** A refusal the mix asks for (a wrong password is refused). */
  expected: boolean;
}

/** A small seeded generator (mulberry32): the same seed gives the same mix. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Logs in as each soak role (before any wrong password: a throttled address would refuse these too). */
export async function soakTokens(url: string): Promise<Record<SoakRole, string>> {
  const out = {} as Record<SoakRole, string>;
  for (const role of Object.keys(SOAK_ROLES) as SoakRole[]) {
    const r = await post(url, '', { query: LOGIN, variables: { e: demoEmail(role), p: DEMO_PASSWORD } });
    if (!r.body?.data?.login?.token) throw new Error(`login as ${role} failed: ${JSON.stringify(r.body).slice(0, 200)}`);
    out[role] = r.body.data.login.token;
  }
  return out;
}

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const CUSTOMER_FIELDS = 'id name nameKana phone email postalCode prefecture city addressLine';
const MIX: [Outcome['kind'], number][] = [
  ['list', 40], ['customer', 15], ['marketing', 10], ['orders', 10], ['write', 8], ['interaction', 5], ['export-record', 4], ['wrong-login', 8],
];
const TOTAL = MIX.reduce((n, [, w]) => n + w, 0);

/**
 * Sends one step of the mix (an export is two requests: its record, then its rows) and returns what each
 * request served. `id` makes the request ids (`soak-<id>`, `soak-<id>-rows`), which the trail records.
 */
export async function soakStep(t: SoakTarget, random: () => number, id: string): Promise<Outcome[]> {
  let pick = random() * TOTAL;
  const kind = MIX.find(([, w]) => (pick -= w) < 0)![0];
  const customer = t.customerIds[Math.floor(random() * t.customerIds.length)];
  const page = Math.floor(random() * 20);
  const rid = `soak-${id}`;
  switch (kind) {
    case 'list':
      return [await ask(t, 'SUPPORT', kind, rid, 'allCustomers', `query List($p: Int) { allCustomers(page: $p, perPage: 20, sortField: "id") { ${CUSTOMER_FIELDS} } }`, { p: page },
        (d) => d.allCustomers.length)];
    case 'customer':
      return [await ask(t, 'SUPPORT', kind, rid, 'Customer', `query One($id: ID!) { Customer(id: $id) { ${CUSTOMER_FIELDS} orders { id totalYen shipTo { name addressLine phone } } } }`,
        { id: String(customer) }, (d) => (d.Customer ? 1 : 0))];
    case 'marketing':
      return [await ask(t, 'MARKETING', kind, rid, 'allCustomers', `query Promo($p: Int) { allCustomers(page: $p, perPage: 50) { id name email prefecture } }`, { p: page % 5 },
        (d) => d.allCustomers.length)];
    case 'orders':
      return [await ask(t, 'FULFILLMENT', kind, rid, 'allOrders', `query Ship($p: Int) { allOrders(page: $p, perPage: 20) { id customerId shipTo { name postalCode addressLine phone } } }`,
        { p: page % 5 }, (d) => new Set(d.allOrders.map((o: { customerId: string }) => o.customerId)).size)];
    case 'write':
      return [await ask(t, 'SUPPORT', kind, rid, 'updateCustomer', 'mutation Phone($id: ID!, $p: String) { updateCustomer(id: $id, phone: $p, reason: "お客様からの電話で変更") { id } }',
        { id: String(customer), p: `090-${String(1000 + Math.floor(random() * 9000))}-${String(1000 + Math.floor(random() * 9000))}` }, () => 0)];
    case 'interaction':
      return [await ask(t, 'SUPPORT', kind, rid, 'createInteraction',
        'mutation Call($c: ID!, $t: String) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: "配送の問い合わせ", transcript: $t) { id } }',
        { c: String(customer), t: `お届け日の確認。折り返しは 080-${String(1000 + Math.floor(random() * 9000))}-5678 まで。` }, () => 0)];
    case 'export-record': {
      const recorded = await ask(t, 'SUPPORT', kind, rid, 'recordExport', 'mutation Export($i: ExportInput!) { recordExport(input: $i) { rowCount } }',
        { i: { resource: 'Customer', reason: '問い合わせ対応の一覧', rowCount: 100 } }, () => 0);
      if (recorded.code !== 'OK') return [recorded];
      const rows = await ask(t, 'SUPPORT', 'export-rows', `${rid}-rows`, 'allCustomers', `query Rows($p: Int) { allCustomers(page: $p, perPage: 100, sortField: "id") { ${CUSTOMER_FIELDS} } }`,
        { p: page % 4 }, (d) => d.allCustomers.length);
      return [recorded, rows];
    }
    default: {
      // wrong-login: an e-mail nobody has, a wrong password; refused UNAUTHENTICATED (then THROTTLED, same code).
      const started = performance.now();
      const r = await post(t.url, '', { query: LOGIN, variables: { e: `soak-${Math.floor(random() * 1000)}@example.jp`, p: 'wrong-password' } }, rid);
      const code = codeOf(r);
      return [{ kind: 'wrong-login', requestId: rid, operation: 'login', status: r.status, code, subjects: 0, ms: performance.now() - started, expected: code === 'UNAUTHENTICATED' }];
    }
  }
}

async function ask(t: SoakTarget, role: SoakRole, kind: Outcome['kind'], requestId: string, operation: string, query: string, variables: Record<string, unknown>,
  subjects: (data: any) => number): Promise<Outcome> {
  const started = performance.now();
  const r = await post(t.url, t.tokens[role], { query, variables }, requestId, SOAK_ROLES[role]);
  const code = codeOf(r);
  return { kind, requestId, operation, status: r.status, code, subjects: servedBy(r.body?.data, subjects), ms: performance.now() - started, expected: false };
}

/** Subjects an answer served: a partial answer (data and errors: a relation that failed) served its data too. */
function servedBy(data: any, subjects: (data: any) => number): number {
  if (!data) return 0;
  try {
    return subjects(data);
  } catch (e) {
    if (e instanceof TypeError) return 0; // the list itself is null: nothing of it was served
    throw e;
  }
}

function codeOf(r: { status: number; body: any }): string {
  if (r.status === 0) return 'NETWORK';
  const e = r.body?.errors?.[0];
  return e ? String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : r.body?.data ? 'OK' : `HTTP_${r.status}`;
}

async function post(url: string, token: string, body: unknown, requestId?: string, purpose?: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (purpose) headers['x-purpose'] = purpose;
  if (requestId) headers['x-request-id'] = requestId;
  try {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch {
    return { status: 0, body: null };
  }
}

/**
 * `clients` loops, each sending steps one after another until `more()` says stop (or `steps` each),
 * every outcome handed to `record`. Client i's steps come from seed `seed + i`: the same mix every run.
 */
export async function runClients(t: SoakTarget, opts: { clients: number; seed: number; steps?: number; more?: () => boolean; record: (o: Outcome) => void }): Promise<void> {
  await Promise.all(Array.from({ length: opts.clients }, async (_, i) => {
    const random = seeded(opts.seed + i);
    for (let n = 0; (opts.steps === undefined || n < opts.steps) && (opts.more?.() ?? true); n++) {
      for (const o of await soakStep(t, random, `${i}-${n}`)) opts.record(o);
    }
  }));
}

/** An outcome the run must not have: anything but OK, except the refusals the mix asks for. */
export const unexpected = (o: Outcome) => o.code !== 'OK' && !o.expected;
