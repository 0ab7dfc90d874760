// The walk's acts (test/policy-version-follows.test.ts, with helpers/policy-walk.ts): what a version decides besides
// reads — statistics' cells (k, the p% rule, the largest k), CSV exports, mailings (who makes one under which
// purpose, whom it may reach), handovers to contractors (which categories go) and API keys (which purposes a key
// may hold, whether it waits for approval). Each act is observed over HTTP as a role × declared purpose and
// decided from the document alone (schema/policy's functions; statistics by the pure suppression of the cube),
// under the same keys.
import type pg from 'pg';
import {
  apiKeyNeedsApproval, type AssignmentScope, type CompiledPolicy, exportCap, handedOverCategories, HANDOVERS, mayHandOver, mayPerform,
  mayRunOperation, PURPOSE_KEYS, type PurposeKey, type ResourceName, type RoleKey, type StatisticsPolicy,
} from '../../schema/policy';
import { ConsentPurpose } from '../../server/src/common/enums';
import { DISJOINT_BY_INDEX } from '../../server/src/modules/statistics/cube-store';
import { type CubeCell, suppressCube } from '../../server/src/modules/statistics/suppression';
import { DIMENSIONS } from '../../server/src/modules/statistics/statistics.types';
import { contractorOf, grantConsents } from './policy';
import type { GqlClient, GqlResult } from './server';

type Answers = Map<string, string>;

/** What the acts need besides the walk's rows: X (a customer no contractor had, every consent) and its order, the statistics cube, the demo contractors. */
export interface ActRows {
  X: number;
  xOrder: number;
  cube: CubeCell[];
  contractors: Record<AssignmentScope, { id: number; agreement: string[] }>;
}

/** What a decision asks of the walk: the document's rules and whether the purpose's conditions let a customer through (row scope). */
export interface ActDecision { v: CompiledPolicy; role: RoleKey; purpose: PurposeKey | null; prefix: string; reachable: (id: number) => boolean }
interface ActObservation { client: GqlClient; role: RoleKey; purpose: PurposeKey | null; prefix: string; sql: pg.Pool }

/** The k asked of statistics besides the version's (refused below its k or above its largest). */
export const ASKED_K = 12;
/** Exports walked: a resource with a record category (a version may close it), read by most roles. */
const EXPORTED: ResourceName[] = ['Consent'];
/** The purposes a mailing can be made for: the policy's purposes a consent can be given to. */
const MAILING_PURPOSES = PURPOSE_KEYS.filter((p) => (Object.values(ConsentPurpose) as string[]).includes(p));
const FIELD = { PREFECTURE: 'prefecture', AGE_BAND: 'ageBand', GENDER: 'gender', PRODUCT: 'product', MONTH: 'month' } as const;

const code = (r: GqlResult) => (r.errors?.length ? `ERR:${r.errors[0].extensions?.code ?? r.errors[0].message}` : null);
const cats = (list: readonly string[]) => JSON.stringify([...list].sort());

// ---- statistics ----

const memo = new WeakMap<CubeCell[], Map<string, { people: Set<CubeCell>; revenue: Set<CubeCell> }>>();
/** The cube's cells withheld under `rules` at their own k: the k rule, then the p% rule on revenue (as suppressBoth). */
function withheld(cells: CubeCell[], rules: StatisticsPolicy) {
  const byRules = memo.get(cells) ?? new Map();
  memo.set(cells, byRules);
  const key = `${rules.minGroupSize}|${rules.dominancePercent}`;
  let found = byRules.get(key);
  if (!found) {
    const people = suppressCube(cells, { k: rules.minGroupSize, disjoint: DISJOINT_BY_INDEX });
    const revenue = suppressCube(cells, { k: rules.minGroupSize, disjoint: DISJOINT_BY_INDEX, alreadySuppressed: people, dominance: true, dominancePercent: rules.dominancePercent });
    byRules.set(key, (found = { people, revenue }));
  }
  return found;
}

const STATS = `{ ${DIMENSIONS.map((d) => `${d}: statistics(groupBy: [${d}], metrics: [CUSTOMERS, REVENUE]) { cells { ${FIELD[d]} customers revenue } }`).join(' ')}
  total: statistics(groupBy: [], metrics: [CUSTOMERS, REVENUE]) { k total { customers revenue } } }`;
const cellAnswer = (customers: unknown, revenue: unknown) => JSON.stringify([customers ?? null, revenue ?? null]);

async function observeStatistics(o: ActObservation, out: Answers): Promise<void> {
  const r = await o.client(STATS);
  const refused = code(r);
  out.set(`${o.prefix}|stats`, refused ?? 'OK');
  if (refused) return;
  out.set(`${o.prefix}|stats.k`, String(r.data.total.k));
  out.set(`${o.prefix}|stats.total`, cellAnswer(r.data.total.total.customers, r.data.total.total.revenue));
  for (const d of DIMENSIONS) for (const c of r.data[d].cells) out.set(`${o.prefix}|stats.${d}.${c[FIELD[d]]}`, cellAnswer(c.customers, c.revenue));
  const asked = await o.client(`{ statistics(groupBy: [], metrics: [CUSTOMERS], minGroupSize: ${ASKED_K}) { k } }`);
  out.set(`${o.prefix}|stats.asked`, code(asked) ?? `OK:${asked.data.statistics.k}`);
}

function decideStatistics(d: ActDecision, rows: ActRows, out: Answers): void {
  const rules = d.v.statistics;
  if (!mayRunOperation('statistics', d.role, d.purpose, d.v) || !rules) return void out.set(`${d.prefix}|stats`, 'ERR:FORBIDDEN');
  out.set(`${d.prefix}|stats`, 'OK');
  out.set(`${d.prefix}|stats.k`, String(rules.minGroupSize));
  const { people, revenue } = withheld(rows.cube, rules);
  const served = (c: CubeCell) => cellAnswer(people.has(c) ? null : c.customers, revenue.has(c) ? null : c.revenue);
  for (const c of rows.cube) {
    if (c.mask === 0) out.set(`${d.prefix}|stats.total`, served(c));
    const i = DIMENSIONS.findIndex((_, n) => c.mask === 1 << n);
    if (i >= 0) out.set(`${d.prefix}|stats.${DIMENSIONS[i]}.${c.values[i]}`, served(c));
  }
  out.set(`${d.prefix}|stats.asked`, ASKED_K < rules.minGroupSize || ASKED_K > rules.maxGroupSize ? 'ERR:BAD_USER_INPUT' : `OK:${ASKED_K}`);
}

// ---- handovers: what the contractor is given, read from the provision register the handover wrote ----

const handoverNote: Record<AssignmentScope, (id: string) => string> = {
  assignedShipments: (id) => `%/ shipment of order #${id}`, assignedCollectionCases: (id) => `%/ collection case #${id}`,
  assignedMailings: (id) => `%/ mailing #${id}`,
};

async function handedOver(o: ActObservation, scope: AssignmentScope, r: GqlResult, id: () => string): Promise<string> {
  const refused = code(r);
  if (refused) return refused;
  const { rows } = await o.sql.query('select data_categories from provision_record where exemption_note like $1 order by id desc limit 1', [handoverNote[scope](id())]);
  return rows[0] ? cats(rows[0].data_categories) : 'no provision record';
}

/** What a handover of `scope` work decides once its record is found (handover.ts handoverTarget): who, and which categories go. */
function decideHandover(d: ActDecision, rows: ActRows, scope: AssignmentScope, purpose: PurposeKey): string {
  if (!mayHandOver(scope, d.role, purpose)) return 'ERR:FORBIDDEN';
  const given = handedOverCategories(scope, purpose, d.v);
  if (!given.length || given.some((c) => !rows.contractors[scope].agreement.includes(c))) return 'ERR:BAD_USER_INPUT';
  return cats(given);
}

async function observeShipment(o: ActObservation, rows: ActRows, out: Answers): Promise<void> {
  await o.sql.query('update "order" set carrier_id = null where id = $1', [rows.xOrder]);
  const r = await o.client(`mutation { updateOrder(id: ${rows.xOrder}, carrierId: ${rows.contractors.assignedShipments.id}) { id } }`);
  out.set(`${o.prefix}|handover.shipment`, await handedOver(o, 'assignedShipments', r, () => String(rows.xOrder)));
}

function decideShipment(d: ActDecision, rows: ActRows, out: Answers): void {
  const key = `${d.prefix}|handover.shipment`;
  if (!mayRunOperation('updateOrder', d.role, d.purpose, d.v)) return void out.set(key, 'ERR:FORBIDDEN');
  out.set(key, d.reachable(rows.X) ? decideHandover(d, rows, 'assignedShipments', d.purpose!) : 'ERR:NOT_FOUND');
}

async function observeCollection(o: ActObservation, rows: ActRows, out: Answers): Promise<void> {
  await o.sql.query(`update collection_case set closed_at = now(), close_reason = 'RECALLED' where order_id = $1 and closed_at is null`, [rows.xOrder]);
  const r = await o.client(`mutation { createCollectionCase(orderId: ${rows.xOrder}, contractorId: ${rows.contractors.assignedCollectionCases.id}) { id } }`);
  out.set(`${o.prefix}|handover.collection`, await handedOver(o, 'assignedCollectionCases', r, () => r.data.createCollectionCase.id));
}

function decideCollection(d: ActDecision, rows: ActRows, out: Answers): void {
  const key = `${d.prefix}|handover.collection`;
  if (!mayRunOperation('createCollectionCase', d.role, d.purpose, d.v)) return void out.set(key, 'ERR:FORBIDDEN');
  out.set(key, d.reachable(rows.X) ? decideHandover(d, rows, 'assignedCollectionCases', d.purpose!) : 'ERR:BAD_USER_INPUT');
}

// ---- mailings: a draft under the declared purpose, N and T as recipients; a second one with X only, handed over ----

const CREATE_MAILING = 'mutation($p: ConsentPurpose!) { createMailing(name: "生成テストのご案内", purpose: $p) { id } }';
const ADD = 'mutation($m: ID!, $c: [ID!]!) { addMailingRecipients(mailingId: $m, customerIds: $c) { id } }';

async function observeMailing(o: ActObservation, rows: ActRows & { N: number; T: number }, out: Answers): Promise<void> {
  const probe = await o.client(CREATE_MAILING, { p: o.purpose });
  out.set(`${o.prefix}|mailing`, code(probe) ?? 'OK');
  if (code(probe)) return;
  for (const [who, id] of [['N', rows.N], ['T', rows.T]] as const) {
    out.set(`${o.prefix}|mailing.${who}`, code(await o.client(ADD, { m: probe.data.createMailing.id, c: [String(id)] })) ?? 'OK');
  }
  const sent = (await o.client(CREATE_MAILING, { p: o.purpose })).data.createMailing.id as string;
  const added = code(await o.client(ADD, { m: sent, c: [String(rows.X)] }));
  out.set(`${o.prefix}|mailing.X`, added ?? 'OK');
  if (added) return;
  const r = await o.client(`mutation { handOverMailing(mailingId: ${sent}, contractorId: ${rows.contractors.assignedMailings.id}) { id } }`);
  out.set(`${o.prefix}|handover.mailing`, await handedOver(o, 'assignedMailings', r, () => sent));
}

function decideMailing(d: ActDecision, rows: ActRows & { N: number; T: number }, out: Answers): void {
  const key = `${d.prefix}|mailing`;
  if (!mayRunOperation('createMailing', d.role, d.purpose, d.v)) return void out.set(key, 'ERR:FORBIDDEN');
  // A mailing serves one purpose that needs a consent (mailing.service.ts create).
  if (!d.v.needsConsent(d.purpose)) return void out.set(key, 'ERR:BAD_USER_INPUT');
  out.set(key, 'OK');
  const add = (id: number) => (!mayRunOperation('addMailingRecipients', d.role, d.purpose, d.v) ? 'ERR:FORBIDDEN' : d.reachable(id) ? 'OK' : 'ERR:BAD_USER_INPUT');
  out.set(`${key}.N`, add(rows.N));
  out.set(`${key}.T`, add(rows.T));
  out.set(`${key}.X`, add(rows.X));
  if (add(rows.X) !== 'OK') return;
  out.set(`${d.prefix}|handover.mailing`, mayRunOperation('handOverMailing', d.role, d.purpose, d.v)
    ? decideHandover(d, rows, 'assignedMailings', d.purpose!) : 'ERR:FORBIDDEN');
}

// ---- exports and API keys ----

const EXPORT = 'mutation($i: ExportInput!) { recordExport(input: $i) { cap } }';

async function observeExports(o: ActObservation, out: Answers): Promise<void> {
  for (const resource of EXPORTED) {
    const r = await o.client(EXPORT, { i: { resource, reason: '生成テストの確認', rowCount: 1 } });
    out.set(`${o.prefix}|export.${resource}`, code(r) ?? `OK:${r.data.recordExport.cap}`);
  }
}

function decideExports(d: ActDecision, out: Answers): void {
  for (const resource of EXPORTED) {
    const cap = exportCap(d.role, d.purpose);
    out.set(`${d.prefix}|export.${resource}`, !mayPerform(resource, 'read', d.role, d.purpose, d.v) ? 'ERR:FORBIDDEN' : cap < 1 ? 'ERR:BAD_USER_INPUT' : `OK:${cap}`);
  }
}

const CREATE_KEY = 'mutation($p: [String!]!) { createApiKey(name: "生成テスト", purposes: $p) { apiKey { status } } }';

async function observeKeys(o: ActObservation, out: Answers): Promise<void> {
  for (const p of PURPOSE_KEYS) {
    const r = await o.client(CREATE_KEY, { p: [p] });
    out.set(`${o.prefix}|key.${p}`, code(r) ?? r.data.createApiKey.apiKey.status);
  }
}

function decideKeys(d: ActDecision, out: Answers): void {
  for (const p of PURPOSE_KEYS) {
    out.set(`${d.prefix}|key.${p}`, !mayRunOperation('createApiKey', d.role, null, d.v) ? 'ERR:FORBIDDEN'
      : !d.v.purposesOf(d.role).includes(p) ? 'ERR:BAD_USER_INPUT' : apiKeyNeedsApproval(d.role, [p], d.v) ? 'PENDING' : 'ACTIVE');
  }
}

// ---- which acts a role × purpose walks: fixed by the walk, never by the version ----

const acts = (role: RoleKey, purpose: PurposeKey | null) => ({
  statistics: purpose === 'STATISTICS',
  exports: true,
  mailing: !!purpose && MAILING_PURPOSES.includes(purpose),
  shipment: !!purpose && mayHandOver('assignedShipments', role, purpose),
  collection: !!purpose && mayHandOver('assignedCollectionCases', role, purpose),
  keys: purpose === null,
});

/** Observes every act of a role × (declarable) purpose over HTTP, one after another. */
export async function observeActs(o: ActObservation, rows: ActRows & { N: number; T: number }, out: Answers): Promise<void> {
  const on = acts(o.role, o.purpose);
  if (on.statistics) await observeStatistics(o, out);
  if (on.exports) await observeExports(o, out);
  if (on.mailing) await observeMailing(o, rows, out);
  if (on.shipment) await observeShipment(o, rows, out);
  if (on.collection) await observeCollection(o, rows, out);
  if (on.keys) await observeKeys(o, out);
}

/** The same acts decided from the document alone. */
export function decideActs(d: ActDecision, rows: ActRows & { N: number; T: number }, out: Answers): void {
  const on = acts(d.role, d.purpose);
  if (on.statistics) decideStatistics(d, rows, out);
  if (on.exports) decideExports(d, out);
  if (on.mailing) decideMailing(d, rows, out);
  if (on.shipment) decideShipment(d, rows, out);
  if (on.collection) decideCollection(d, rows, out);
  if (on.keys) decideKeys(d, out);
}

/**
 * X, an adult active customer no contractor has work of, with every consent and an overdue order; the largest
 * customer's revenue raised to 40 % of the grand total's (published under the seed's p% rule, withheld above
 * p = 50 %); the demo contractors and their agreements.
 */
export async function prepareActRows(sql: pg.Pool, exclude: number[]): Promise<Omit<ActRows, 'cube'>> {
  const { rows: [x] } = await sql.query(`select c.id, (select id from "order" o where o.customer_id = c.id order by id limit 1) as order_id from customer c
    where c.status = 'ACTIVE' and c.birth_date < now() - interval '25 years' and not c.id = any($1::int[]) and exists (select 1 from "order" o where o.customer_id = c.id)
      and not exists (select 1 from mailing_recipient r where r.customer_id = c.id)
      and not exists (select 1 from collection_case k join "order" o on o.id = k.order_id where o.customer_id = c.id and k.closed_at is null)
    order by c.id limit 1`, [exclude]);
  await grantConsents(sql, x.id);
  await sql.query(`update "order" set payment_status = 'OVERDUE', status = 'PLACED', carrier_id = null where id = $1`, [x.order_id]);
  await dominate(sql, [...exclude, x.id]);
  const contractors = {} as ActRows['contractors'];
  for (const scope of Object.keys(HANDOVERS) as AssignmentScope[]) {
    const id = await contractorOf(sql, HANDOVERS[scope].contractorRole);
    const { rows: [c] } = await sql.query('select data_categories from contractor where id = $1', [id]);
    contractors[scope] = { id, agreement: c.data_categories };
  }
  return { X: x.id, xOrder: x.order_id, contractors };
}

/** Raises one item of the largest customer (outside `exclude`) until that customer holds 40 % of the total revenue (statistics' FACTS). */
async function dominate(sql: pg.Pool, exclude: number[]): Promise<void> {
  const { rows } = await sql.query(`select c.id, coalesce(sum(i.quantity * i.unit_price_yen), 0)::float8 as rev, max(i.id) as item
    from customer c join "order" o on o.customer_id = c.id and o.status not in ('CANCELLED', 'RETURNED') join order_item i on i.order_id = o.id
    where c.status = 'ACTIVE' group by c.id order by rev desc, c.id`);
  const total = rows.reduce((s, r) => s + r.rev, 0);
  const top = rows.find((r) => !exclude.includes(r.id));
  const { rows: [item] } = await sql.query('select quantity from order_item where id = $1', [top.item]);
  const raise = Math.ceil((0.4 * total - top.rev) / (0.6 * item.quantity));
  if (raise > 0) await sql.query('update order_item set unit_price_yen = unit_price_yen + $2 where id = $1', [top.item, raise]);
}
