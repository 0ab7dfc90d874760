// A walk of role × purpose × path over HTTP (what the server answers) and the same walk worked out from a policy
// document alone (what that version decides), as flat maps key → answer: test/policy-version-follows.test.ts
// compares them across versions. Keys name the role, the declared purpose and the path (`SUPPORT|TRANSACTION|c.email`).
import type pg from 'pg';
import {
  type CompiledPolicy, compilePolicy, effectiveCategory, mayFollowRelation, mayRunOperation, PERSONAL_TYPES, type PolicyDocument, PURPOSE_KEYS,
  type PurposeKey, readScope, type ResourceName, ROLE_KEYS, type RoleKey,
} from '../../schema/policy';
import { applyMask } from '../../server/src/policy/masking';
import { maskInput, personalFields, type PersonalType, storedRow, type StoredRow } from './policy';
import { type ActRows, decideActs, observeActs } from './policy-walk-acts';
import type { GqlClient, GqlResult } from './server';

export type Answers = Map<string, string>;

/** Every role with every purpose (declarable or not, under any version) and with none. */
export const WALKED: [RoleKey, PurposeKey | null][] = ROLE_KEYS.flatMap((r) => [null, ...PURPOSE_KEYS].map((p) => [r, p] as [RoleKey, PurposeKey | null]));

/** The rows the walk reads: A (reached by every reading role, contractors included), N (no live consent), T (use stopped); X for the acts. */
export interface WalkRows extends ActRows {
  A: number; order: number; interaction: number; consent: number; N: number; T: number;
  /** Per customer: use stopped, purposes with a live consent, free-text fields holding sensitive text. */
  facts: Record<number, { stopped: boolean; consents: string[] }>;
  /** The purposes of the demo mailing house's open mailings that A is a recipient of. */
  mailingPurposes: string[];
  stored: Record<'c' | 'o' | 'i' | 'k', StoredRow>;
  sensitive: Record<'c' | 'i', string[]>;
}

const ALIAS_TYPE = { c: 'Customer', o: 'ShipTo', i: 'Interaction', k: 'Consent' } as const satisfies Record<string, PersonalType>;
/** Customer relations walked, with the resource each leads to. */
const RELATIONS: Record<string, ResourceName> = { orders: 'Order', interactions: 'Interaction', consents: 'Consent', accessHistory: 'AccessEvent' };
const fieldsOf = (t: PersonalType) => personalFields(t).map((f) => f.field).join(' ');

/**
 * One request per root (a by-id root is non-null: its refusal nulls the whole answer): the subject's records by
 * id, two customers only row scope tells apart, and statistics' k.
 */
export function walkQueries(rows: WalkRows): Record<string, string> {
  return {
    c: `{ c: Customer(id: ${rows.A}) { id ${fieldsOf('Customer')} maskedFields ${Object.keys(RELATIONS).map((r) => `${r} { id }`).join(' ')} } }`,
    n: `{ n: Customer(id: ${rows.N}) { id } }`,
    t: `{ t: Customer(id: ${rows.T}) { id } }`,
    o: `{ o: Order(id: ${rows.order}) { id shipTo { ${fieldsOf('ShipTo')} maskedFields } } }`,
    i: `{ i: Interaction(id: ${rows.interaction}) { id ${fieldsOf('Interaction')} maskedFields } }`,
    k: `{ k: Consent(id: ${rows.consent}) { id ${fieldsOf('Consent')} maskedFields } }`,
    st: '{ st: statistics(groupBy: [PREFECTURE], metrics: [CUSTOMERS]) { k } }',
  };
}

const at = (role: RoleKey, purpose: PurposeKey | null) => `${role}|${purpose ?? '-'}`;
const cell = (value: unknown, listed: boolean) => JSON.stringify([value ?? null, listed]);

/** What the server answered, flattened. */
export function answersOf(role: RoleKey, purpose: PurposeKey | null, r: GqlResult, out: Answers): void {
  const prefix = at(role, purpose);
  const errors = r.errors ?? [];
  for (const e of errors) out.set(`${prefix}|${e.path?.length ? e.path.join('.') : 'request'}`, `ERR:${e.extensions?.code ?? e.message}`);
  const data = r.data ?? {};
  for (const alias of Object.keys(data)) {
    if (errors.some((e) => e.path?.length === 1 && e.path[0] === alias)) continue;
    const v = data[alias];
    out.set(`${prefix}|${alias}`, v == null ? 'null' : 'OK');
    if (v == null) continue;
    if (alias === 'st') out.set(`${prefix}|st.k`, String(v.k));
    const object = alias === 'o' ? v.shipTo : v;
    if (!(alias in ALIAS_TYPE) || !object) continue;
    const type = ALIAS_TYPE[alias as keyof typeof ALIAS_TYPE];
    const masked: string[] = object.maskedFields ?? [];
    for (const f of personalFields(type)) out.set(`${prefix}|${alias}.${f.field}`, cell(object[f.field], masked.includes(f.field)));
    if (alias === 'c') for (const rel of Object.keys(RELATIONS)) out.set(`${prefix}|c.${rel}`, cell(v[rel] == null ? null : 'present', masked.includes(rel)));
  }
}

/**
 * The whole walk over HTTP: `me` per role, then per role × purpose the subject (`c`) and, unless its purpose
 * was refused as undeclarable (decided alike for every operation, shield.ts staffVerdict), every other root
 * and the acts (policy-walk-acts.ts).
 */
export async function walk(clients: Record<RoleKey, GqlClient>, rows: WalkRows, sql: pg.Pool): Promise<Answers> {
  const out: Answers = new Map();
  const { c, ...others } = walkQueries(rows);
  for (const role of ROLE_KEYS) {
    const me = await clients[role]('{ me { purposes } }');
    out.set(`${role}|me`, JSON.stringify([...(me.data?.me?.purposes ?? [`ERR:${me.errors?.[0]?.extensions?.code}`])].sort()));
  }
  const todo = [...WALKED];
  const worker = async () => {
    for (let next = todo.shift(); next; next = todo.shift()) {
      const [role, purpose] = next;
      const client = clients[role].withPurpose(purpose);
      const first = await client(c);
      answersOf(role, purpose, first, out);
      if (first.errors?.[0]?.extensions?.code === 'FORBIDDEN_PURPOSE') continue;
      for (const r of await Promise.all(Object.values(others).map((q) => client(q)))) answersOf(role, purpose, r, out);
      await observeActs({ client, role, purpose, prefix: at(role, purpose), sql }, rows, out);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

/** The same walk decided from `doc` alone (and the rows' stored values): what a server deciding under it must answer. */
export function decide(doc: PolicyDocument, rows: WalkRows): Answers {
  const v = compilePolicy(doc);
  const out: Answers = new Map();
  for (const role of ROLE_KEYS) out.set(`${role}|me`, JSON.stringify([...v.purposesOf(role)].sort()));
  for (const [role, purpose] of WALKED) decideOne(v, role, purpose, rows, out);
  return out;
}

function decideOne(v: CompiledPolicy, role: RoleKey, purpose: PurposeKey | null, rows: WalkRows, out: Answers): void {
  const prefix = at(role, purpose);
  const declarable = purpose === null || v.purposesOf(role).includes(purpose);
  // The purpose's conditions on a customer (row scope's customerState): stop of use, a live consent.
  const stateOk = (id: number) => !purpose || (!(v.endsWithStopOfUse(purpose) && rows.facts[id].stopped)
    && !(v.needsConsent(purpose) && !rows.facts[id].consents.includes(purpose)));
  // Contractors reach A only (its order is the carrier's and the agency's; it is on the mailing house's mailings).
  const reaches = (resource: ResourceName, id: number) => {
    const scope = readScope(resource, role);
    if (scope === 'all') return stateOk(id);
    if (id !== rows.A) return false;
    if (scope === 'assignedMailings') return !!purpose && v.needsConsent(purpose) && rows.mailingPurposes.includes(purpose) && stateOk(id);
    return stateOk(id);
  };
  // An undeclarable purpose is refused alike for every operation: the walk asks only `c` then.
  if (!declarable) return void out.set(`${prefix}|c`, 'ERR:FORBIDDEN_PURPOSE');
  const root = (alias: string, operation: string, visible: () => boolean, fill?: () => void) => {
    const key = `${prefix}|${alias}`;
    if (!mayRunOperation(operation, role, purpose, v)) return void out.set(key, 'ERR:FORBIDDEN');
    if (!visible()) return void out.set(key, 'ERR:NOT_FOUND');
    out.set(key, 'OK');
    fill?.();
  };
  const fields = (alias: keyof typeof ALIAS_TYPE, sensitive: string[] = []) => {
    const type = ALIAS_TYPE[alias];
    const row = rows.stored[alias];
    for (const f of personalFields(type)) {
      const access = v.decideAccess(role, purpose, effectiveCategory(f.category, sensitive.includes(f.field)));
      const kind = PERSONAL_TYPES[type][f.field]?.mask ?? v.maskOf(f.category);
      const stored = row.values[f.field] ?? null;
      const masked = kind && (kind === 'keep' || !f.enumTyped) ? applyMask(kind, maskInput(f, stored), { names: row.names }) : null;
      out.set(`${prefix}|${alias}.${f.field}`, cell(access === 'CLEAR' ? stored : access === 'MASKED' ? masked : null, access !== 'CLEAR'));
    }
  };
  root('c', 'Customer', () => reaches('Customer', rows.A), () => {
    fields('c', rows.sensitive.c);
    for (const [rel, target] of Object.entries(RELATIONS)) {
      const follows = mayFollowRelation(target, role, purpose, v);
      out.set(`${prefix}|c.${rel}`, cell(follows ? 'present' : null, !follows));
    }
  });
  root('n', 'Customer', () => reaches('Customer', rows.N));
  root('t', 'Customer', () => reaches('Customer', rows.T));
  root('o', 'Order', () => reaches('Order', rows.A), () => fields('o'));
  root('i', 'Interaction', () => reaches('Interaction', rows.A), () => fields('i', rows.sensitive.i));
  root('k', 'Consent', () => reaches('Consent', rows.A), () => fields('k'));
  const st = `${prefix}|st`;
  if (!mayRunOperation('statistics', role, purpose, v)) out.set(st, 'ERR:FORBIDDEN');
  else if (purpose !== 'STATISTICS') out.set(st, 'ERR:FORBIDDEN_PURPOSE');
  else if (!v.statistics) out.set(st, 'ERR:FORBIDDEN');
  else {
    out.set(st, 'OK');
    out.set(`${st}.k`, String(v.statistics.minGroupSize));
  }
  decideActs({ v, role, purpose, prefix, reachable: stateOk }, rows, out);
}

/** The keys whose answers differ between two walks (a key one walk lacks counts as a difference). */
export function changedKeys(a: Answers, b: Answers): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/** Reads the rows' stored values and facts (after the test has prepared them). */
export async function readWalkRows(sql: pg.Pool, ids: { A: number; order: number; interaction: number; N: number; T: number }, mailingHouse: number, acts: ActRows): Promise<WalkRows> {
  const { rows: [k] } = await sql.query(`select id from consent where customer_id = $1 and withdrawn_at is null order by id limit 1`, [ids.A]);
  const facts: WalkRows['facts'] = {};
  for (const id of [ids.A, ids.N, ids.T, acts.X]) {
    const { rows: [c] } = await sql.query(`select status::text as status, array(select purpose::text from consent where customer_id = $1 and withdrawn_at is null) as consents
      from customer where id = $1`, [id]);
    facts[id] = { stopped: c.status === 'USE_STOPPED', consents: c.consents };
  }
  const { rows: mailings } = await sql.query(`select distinct m.purpose::text as purpose from mailing_recipient r join mailing m on m.id = r.mailing_id
    where r.customer_id = $1 and m.contractor_id = $2 and m.status = 'HANDED_OVER'`, [ids.A, mailingHouse]);
  const sens = async (table: string, id: number) => (await sql.query(`select sensitive_fields from ${table} where id = $1`, [id])).rows[0].sensitive_fields as string[];
  return {
    ...ids, ...acts, consent: k.id, facts, mailingPurposes: mailings.map((m) => m.purpose),
    stored: {
      c: await storedRow(sql, 'Customer', ids.A), o: await storedRow(sql, 'ShipTo', ids.order),
      i: await storedRow(sql, 'Interaction', ids.interaction), k: await storedRow(sql, 'Consent', k.id),
    },
    sensitive: { c: await sens('customer', ids.A), i: await sens('interaction', ids.interaction) },
  };
}
