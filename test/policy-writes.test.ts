// Writes: which role may create, update or delete which resource (from RESOURCES), and which personal
// fields it may change (CLEAR only; a masked or hidden field sent back as shown is no change).
// Reasons, card numbers and Japanese formats are in policy-writes-input.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CATEGORY_KEYS, classifyField, decideAccess, RESOURCES, ROLE_KEYS, ROLES, type Access, type Operation,
  type PurposeKey, type ResourceName, type RoleKey,
} from '../schema/policy';
import { type GraphQLInputType, type GraphQLScalarType, isEnumType, isInputObjectType, isListType, isNonNullType } from 'graphql';
import { buildBareSchema } from '../server/src/graphql/schema';
import { errorCode, prepareSubject, ROLE_PURPOSES, who, type Subject } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let subject: Subject;
let n = 0;
const next = () => ++n;

beforeAll(async () => {
  s = await startTestServer();
  subject = await prepareSubject(s.sql);
});
afterAll(async () => { await s?.stop(); });

const one = async (q: string, p: unknown[] = []) => (await s.sql.query(q, p)).rows[0];
const SCHEMA = buildBareSchema();
const MUTATIONS = Object.keys(SCHEMA.getMutationType()!.getFields());

/** The purpose under which a role sees the most in clear (none for ADMIN): the fairest chance to write. */
function bestPurpose(role: RoleKey): PurposeKey | null {
  const clear = (p: PurposeKey) => CATEGORY_KEYS.filter((c) => decideAccess(role, p, c) === 'CLEAR').length;
  const ps = ROLES[role].purposes as readonly PurposeKey[];
  return ps.length ? ps.reduce((a, b) => (clear(b) > clear(a) ? b : a)) : null;
}

interface WriteCase {
  /** The mutation and a probe of the database state it changes (compared before and after). */
  prepare(): Promise<{ query: string; vars?: Record<string, unknown>; state(): Promise<unknown> }>;
}

const products = async () => (await one('select id from product order by id limit 1')).id as number;

/** One valid write per existing mutation of each resource. */
const CASES: Record<string, WriteCase> = {
  createCustomer: { async prepare() {
    const email = `new${next()}@example.jp`;
    return { query: `mutation { createCustomer(name: "新規 太郎", nameKana: "シンキ タロウ", postalCode: "100-0001", prefecture: "東京都",
      city: "千代田区", addressLine: "千代田1-1", phone: "03-1234-5678", email: "${email}", reason: "電話で新規登録") { id } }`,
    state: async () => (await one('select count(*)::int as n from customer where email = $1', [email])).n };
  } },
  updateCustomer: { async prepare() {
    const cur = (await one('select source::text from customer where id = $1', [subject.customerId])).source;
    return { query: `mutation { updateCustomer(id: ${subject.customerId}, source: ${cur === 'WEB' ? 'PHONE' : 'WEB'}) { id } }`,
      state: async () => (await one('select source::text from customer where id = $1', [subject.customerId])).source };
  } },
  createOrder: { async prepare() {
    const p = await products();
    return { query: `mutation { createOrder(customerId: ${subject.customerId}, items: [{ productId: ${p}, quantity: 1 }]) { id } }`,
      state: async () => (await one('select count(*)::int as n from "order" where customer_id = $1', [subject.customerId])).n };
  } },
  // (paymentStatus has a field-level rule of its own: policy-field-writes.test.ts)
  updateOrder: { async prepare() {
    const cur = (await one('select status::text as s from "order" where id = $1', [subject.orderId])).s;
    return { query: `mutation { updateOrder(id: ${subject.orderId}, status: ${cur === 'SHIPPED' ? 'PLACED' : 'SHIPPED'}) { id } }`,
      state: async () => (await one('select status::text as s from "order" where id = $1', [subject.orderId])).s };
  } },
  createInteraction: { async prepare() {
    const summary = `問い合わせ ${next()}`;
    return { query: `mutation { createInteraction(customerId: ${subject.customerId}, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: "${summary}") { id } }`,
      state: async () => (await one('select count(*)::int as n from interaction where summary = $1', [summary])).n };
  } },
  updateInteraction: { async prepare() {
    const cur = (await one('select kind::text from interaction where id = $1', [subject.interactionId])).kind;
    return { query: `mutation { updateInteraction(id: ${subject.interactionId}, kind: ${cur === 'OTHER' ? 'INQUIRY' : 'OTHER'}) { id } }`,
      state: async () => (await one('select kind::text from interaction where id = $1', [subject.interactionId])).kind };
  } },
  createConsent: { async prepare() {
    return { query: `mutation { createConsent(customerId: ${subject.customerId}, purpose: COOKIES, source: WEB) { id } }`,
      state: async () => (await one(`select count(*)::int as n from consent where customer_id = $1 and purpose = 'COOKIES'`, [subject.customerId])).n };
  } },
  updateConsent: { async prepare() {
    const id = (await one(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'SURVEY_EVENT', now(), 'WEB') returning id`, [subject.customerId])).id;
    return { query: `mutation { updateConsent(id: ${id}, withdrawn: true) { id } }`,
      state: async () => (await one('select withdrawn_at is null as live from consent where id = $1', [id])).live };
  } },
  createProduct: { async prepare() {
    const sku = `T-${next()}`;
    return { query: `mutation { createProduct(sku: "${sku}", name: "試験商品", priceYen: 1200) { id } }`,
      state: async () => (await one('select count(*)::int as n from product where sku = $1', [sku])).n };
  } },
  updateProduct: { async prepare() {
    const id = await products();
    return { query: `mutation { updateProduct(id: ${id}, name: "改名 ${next()}") { id } }`, state: async () => (await one('select name from product where id = $1', [id])).name };
  } },
  deleteProduct: { async prepare() {
    const id = (await one(`insert into product (sku, name, price_yen) values ($1, '廃番予定', 500) returning id`, [`D-${next()}`])).id;
    return { query: `mutation { deleteProduct(id: ${id}) { id } }`, state: async () => (await one('select active from product where id = $1', [id])).active };
  } },
  createContractor: { async prepare() {
    const name = `試験委託先 ${next()}`;
    return { query: `mutation { createContractor(name: "${name}", services: [DELIVERY], dataCategories: ["contact.name"]) { id } }`,
      state: async () => (await one('select count(*)::int as n from contractor where name = $1', [name])).n };
  } },
  updateContractor: { async prepare() {
    const id = (await one('select id from contractor order by id desc limit 1')).id;
    return { query: `mutation { updateContractor(id: ${id}, lastReviewedAt: "2026-0${1 + (next() % 9)}-15") { id } }`,
      state: async () => (await one(`select to_char(last_reviewed_at, 'YYYY-MM-DD') as d from contractor where id = $1`, [id])).d };
  } },
  createStaff: { async prepare() {
    const email = `staff${next()}@demo.mamori.jp`;
    return { query: `mutation { createStaff(name: "新人", email: "${email}", role: "SUPPORT") { id } }`,
      state: async () => (await one('select count(*)::int as n from staff where email = $1', [email])).n };
  } },
  updateStaff: { async prepare() {
    const id = (await one(`select id from staff where email like 'yuko.nakamura@%'`)).id;
    return { query: `mutation { updateStaff(id: ${id}, name: "中村 裕子 ${next()}") { id } }`, state: async () => (await one('select name from staff where id = $1', [id])).name };
  } },
};

/**
 * A resource mutation without a case above (one added since): its required arguments filled with
 * placeholders. Refusal is still checked exactly; for an allowed role, only that it is not refused.
 */
function genericCase(mutation: string): WriteCase {
  const field = SCHEMA.getMutationType()!.getFields()[mutation];
  const placeholder = (t: GraphQLInputType): unknown => {
    if (isNonNullType(t)) return placeholder(t.ofType);
    if (isListType(t)) return [placeholder(t.ofType)];
    if (isEnumType(t)) return t.getValues()[0].value;
    if (isInputObjectType(t)) return Object.fromEntries(Object.values(t.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, placeholder(f.type)]));
    return ({ ID: '1', Int: 1, Float: 1, Boolean: false, DateTimeISO: new Date().toISOString() } as Record<string, unknown>)[(t as GraphQLScalarType).name] ?? 'x';
  };
  const args = field.args.filter((a) => isNonNullType(a.type));
  const vars = Object.fromEntries(args.map((a) => [a.name, placeholder(a.type)]));
  const decl = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return { prepare: async () => ({ query: `mutation${decl} { ${mutation}${call} { __typename } }`, vars, state: async () => null }) };
}

const OPS: Operation[] = ['create', 'update', 'delete'];
const existing = (Object.keys(RESOURCES) as ResourceName[]).flatMap((r) =>
  OPS.map((op) => ({ resource: r, op, mutation: `${op}${r}` })).filter((x) => MUTATIONS.includes(x.mutation)));

describe('who may write which resource', () => {
  test('the resources of the original API each have a real case (a write checked in the database)', () => {
    const original = ['Customer', 'Order', 'Interaction', 'Consent', 'Product', 'Contractor', 'Staff'];
    expect(existing.filter((x) => original.includes(x.resource) && !CASES[x.mutation]).map((x) => x.mutation)).toEqual([]);
  });

  const rows = existing.flatMap(({ resource, op, mutation }) => ROLE_KEYS.map((role) => [mutation, role, resource, op] as const));
  test.each(rows)('%s as %s: done exactly when RESOURCES allows it', async (mutation, role, resource, op) => {
    const allowed = (RESOURCES[resource][op] as readonly RoleKey[]).includes(role);
    const purpose = bestPurpose(role);
    if (!CASES[mutation]) {
      const { query, vars } = await genericCase(mutation).prepare();
      const r = await (await s.asRole(role, purpose))(query, vars);
      if (allowed) expect(['FORBIDDEN', 'FORBIDDEN_PURPOSE'], `${who(role, purpose)} ${mutation}`).not.toContain(errorCode(r));
      else expect(errorCode(r), `${who(role, purpose)} ${mutation}`).toBe('FORBIDDEN');
      return;
    }
    const { query, state } = await CASES[mutation].prepare();
    const before = await state();
    const r = await (await s.asRole(role, purpose))(query);
    const after = await state();
    if (allowed) {
      expect(r.errors, `${who(role, purpose)} ${mutation}`).toBeUndefined();
      expect(after).not.toEqual(before);
    } else {
      expect(errorCode(r), `${who(role, purpose)} ${mutation}`).toBe('FORBIDDEN');
      expect(after).toEqual(before);
    }
  });
});

/** Writable personal arguments of updateCustomer, with their data category (cardLast4 is the stored part of cardNumber). */
const updateArgs = SCHEMA.getMutationType()!.getFields().updateCustomer.args;
const WRITABLE = updateArgs.flatMap((a) => {
  const cls = a.name === 'cardLast4' ? classifyField('Customer', 'cardNumber') : classifyField('Customer', a.name);
  return cls ? [{ arg: a.name, type: String(a.type), category: cls.category, readAs: a.name === 'cardLast4' ? 'cardNumber' : a.name }] : [];
});
const COLUMN: Record<string, string> = {
  nameKana: 'name_kana', postalCode: 'postal_code', addressLine: 'address_line', birthDate: `to_char(birth_date, 'YYYY-MM-DD')`,
  gender: 'gender::text', cardBrand: 'card_brand', cardLast4: 'card_last4', cardExpiry: 'card_expiry',
};
/** Two valid values per field: the test writes whichever differs from the stored one. */
const VALUES: Record<string, [string, string]> = {
  name: ['試験 一郎', '試験 二郎'], nameKana: ['シケン イチロウ', 'シケン ジロウ'], postalCode: ['100-0001', '530-0001'],
  prefecture: ['東京都', '大阪府'], city: ['千代田区', '北区'], addressLine: ['千代田1-1', '梅田2-2'], phone: ['03-1234-5678', '06-1234-5678'],
  email: ['shiken1@example.jp', 'shiken2@example.jp'], birthDate: ['1980-01-02', '1981-02-03'], gender: ['MALE', 'FEMALE'],
  lifestyle: ['犬を飼っている', '在宅勤務が中心'], occupation: ['教員', '看護師'], cardBrand: ['VISA', 'JCB'], cardLast4: ['1111', '2222'],
  cardExpiry: ['01/30', '02/31'],
};
const stored = async (arg: string) =>
  (await one(`select ${COLUMN[arg] ?? arg} as v, updated_at from customer where id = $1`, [subject.customerId]));

describe('personal fields of a customer can be changed only when seen in clear', () => {
  test('every writable personal argument has values to write', () => {
    expect(WRITABLE.length).toBeGreaterThan(10);
    expect(WRITABLE.filter((w) => !VALUES[w.arg]).map((w) => w.arg)).toEqual([]);
  });

  const writers = ROLE_PURPOSES.filter(([role]) => (RESOURCES.Customer.update as readonly RoleKey[]).includes(role));
  test.each(writers)('as %s under %s each field is written if CLEAR, refused if not, and what was shown sent back is no change', async (role, purpose) => {
    const client = await s.asRole(role, purpose);
    const shown = (await client(`{ Customer(id: ${subject.customerId}) { ${WRITABLE.map((w) => w.readAs).join(' ')} } }`)).data.Customer;
    const problems: string[] = [];
    for (const w of WRITABLE) {
      const access: Access = decideAccess(role, purpose, w.category);
      const write = (v: unknown, reason = '本人からの申し出') =>
        client(`mutation($v: ${w.type}, $r: String) { updateCustomer(id: ${subject.customerId}, ${w.arg}: $v, reason: $r) { id } }`, { v, r: reason });
      const before = await stored(w.arg);
      const fresh = VALUES[w.arg].find((v) => v !== before.v)!;
      const r = await write(fresh);
      const after = await stored(w.arg);
      if (access === 'CLEAR') {
        if (r.errors || after.v !== fresh) problems.push(`${w.arg} (CLEAR): ${errorCode(r) ?? 'no error'}, stored ${after.v}, sent ${fresh}`);
        continue;
      }
      if (errorCode(r) !== 'FORBIDDEN' || after.v !== before.v) problems.push(`${w.arg} (${access}): a new value gave ${errorCode(r)}, stored ${after.v}`);
      // Sending back exactly what was shown (the masked form, or null when hidden) changes nothing.
      const back = await write(shown[w.readAs], '');
      const still = await stored(w.arg);
      if (back.errors || still.v !== before.v || +still.updated_at !== +before.updated_at) {
        problems.push(`${w.arg} (${access}): sending back ${JSON.stringify(shown[w.readAs])} gave ${errorCode(back) ?? 'no error'}, stored ${still.v}`);
      }
      // Writing the clear value one cannot see must not reveal whether it is the stored one.
      if (before.v !== null && before.v !== shown[w.readAs]) {
        const probe = await write(before.v);
        if (errorCode(probe) !== 'FORBIDDEN') problems.push(`${w.arg} (${access}): writing the stored value is an oracle (${errorCode(probe) ?? 'accepted'})`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('as SUPPORT under FAMILY_INQUIRY changing the (masked) phone is FORBIDDEN and nothing is stored', async () => {
    const before = await stored('phone');
    const r = await (await s.asRole('SUPPORT', 'FAMILY_INQUIRY'))(`mutation { updateCustomer(id: ${subject.customerId}, phone: "090-0000-1111", reason: "家族から") { id } }`);
    expect(errorCode(r)).toBe('FORBIDDEN');
    expect((await stored('phone')).v).toBe(before.v);
  });
});

describe('ship-to blocks and interaction content can be changed only when seen in clear', () => {
  const shipTo = async () => (await one(`select ship_to_name as name, ship_to_postal_code as "postalCode", ship_to_prefecture as prefecture,
    ship_to_city as city, ship_to_address_line as "addressLine", ship_to_phone as phone, updated_at from "order" where id = $1`, [subject.orderId]));
  const SHIP_TO = '{ name postalCode prefecture city addressLine phone }';
  const strip = ({ updated_at: _u, ...rest }: any) => rest;

  test('as SUPPORT under IDENTITY_VERIFICATION (ship-to masked) a new ship-to is FORBIDDEN, the one shown sent back is no change', async () => {
    const client = await s.asRole('SUPPORT', 'IDENTITY_VERIFICATION');
    const before = await shipTo();
    const shown = (await client(`{ Order(id: ${subject.orderId}) { shipTo ${SHIP_TO} } }`)).data.Order.shipTo;
    const changed = { ...strip(before), addressLine: '別の住所1-2-3' };
    const m = `mutation($s: ShipToInput, $r: String) { updateOrder(id: ${subject.orderId}, shipTo: $s, reason: $r) { id } }`;
    expect(errorCode(await client(m, { s: changed, r: '配送先変更' }))).toBe('FORBIDDEN');
    const back = await client(m, { s: shown });
    expect(back.errors).toBeUndefined();
    expect(await shipTo()).toEqual(before);
  });

  test('as SUPPORT under IDENTITY_VERIFICATION writing the clear ship-to one only sees masked is FORBIDDEN (no oracle)', async () => {
    const client = await s.asRole('SUPPORT', 'IDENTITY_VERIFICATION');
    const r = await client(`mutation($s: ShipToInput) { updateOrder(id: ${subject.orderId}, shipTo: $s, reason: "確認") { id } }`, { s: strip(await shipTo()) });
    expect(errorCode(r)).toBe('FORBIDDEN');
  });

  test('as SUPPORT under AFTER_SALES (ship-to clear) a new ship-to with a reason is stored', async () => {
    const client = await s.asRole('SUPPORT', 'AFTER_SALES');
    const changed = { ...strip(await shipTo()), addressLine: `梅田${next()}-1-1` };
    const r = await client(`mutation($s: ShipToInput) { updateOrder(id: ${subject.orderId}, shipTo: $s, reason: "お届け先の訂正") { id } }`, { s: changed });
    expect(r.errors).toBeUndefined();
    expect(strip(await shipTo())).toEqual(changed);
  });

  const interaction = async () => one('select summary, transcript from interaction where id = $1', [subject.interactionId]);

  test('as SUPPORT under TRANSACTION (content masked) a new summary is FORBIDDEN, the masked one sent back is no change', async () => {
    const client = await s.asRole('SUPPORT', 'TRANSACTION');
    const before = await interaction();
    const shown = (await client(`{ Interaction(id: ${subject.interactionId}) { summary transcript } }`)).data.Interaction;
    expect(shown.transcript).not.toBe(before.transcript);
    const m = `mutation($s: String, $t: String) { updateInteraction(id: ${subject.interactionId}, summary: $s, transcript: $t, reason: "訂正") { id } }`;
    expect(errorCode(await client(m, { s: '書き換え', t: shown.transcript }))).toBe('FORBIDDEN');
    expect((await client(m, { s: shown.summary, t: shown.transcript })).errors).toBeUndefined();
    expect(errorCode(await client(m, { s: before.summary, t: shown.transcript }))).toBe('FORBIDDEN');
    expect(await interaction()).toEqual(before);
  });

  test('as SUPPORT under IDENTITY_VERIFICATION (content hidden) creating an interaction with a summary is FORBIDDEN', async () => {
    const summary = `隠れた記録 ${next()}`;
    const r = await (await s.asRole('SUPPORT', 'IDENTITY_VERIFICATION'))(
      `mutation { createInteraction(customerId: ${subject.customerId}, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: "${summary}") { id } }`);
    expect(errorCode(r)).toBe('FORBIDDEN');
    expect((await one('select count(*)::int as n from interaction where summary = $1', [summary])).n).toBe(0);
  });
});
