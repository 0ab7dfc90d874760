// A complaint made without a customer, linked to the customer the complainant turns out to be (#19): who may link
// and under which purposes is the policy's (RESOURCES.Interaction.withoutCustomer.linkers); afterwards the complaint
// is that customer's interaction under the customer's rules and holds no complainant of its own; the act is in the trail.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let support: GqlClient;
let pm: GqlClient;
let customer: { id: string; name: string };
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  support = await s.asRole('SUPPORT', 'IDENTITY_VERIFICATION');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const { rows: [c] } = await s.sql.query(`select id, name from customer where status = 'ACTIVE' order by id limit 1`);
  customer = { id: String(c.id), name: c.name };
});
afterAll(async () => { await s?.stop(); });

type R = Awaited<ReturnType<GqlClient>>;
const err = (r: R) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const NAME = '贈答 受取花子';
const CONTACT = 'hanako.gift@example.jp / 03-9876-5432';
const REASON = '電話で氏名・注文番号・登録メールを確認し本人と一致';
const LINK = `mutation($id: ID!, $c: ID!, $r: String!) { linkComplaintCustomer(id: $id, customerId: $c, reason: $r) {
  id customerId complainantName complainantContact summary } }`;
const link = (as: GqlClient, id: string, c = customer.id, r = REASON) => as(LINK, { id, c, r });
const row = async (id: string) => (await s.sql.query(`select customer_id, complainant_name, complainant_contact, summary, transcript
  from interaction where id = $1`, [Number(id)])).rows[0];

async function complaint(name = NAME): Promise<string> {
  const desk = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const r = await desk(`mutation($name: String!, $contact: String!, $summary: String!) { createInteraction(channel: PHONE, direction: INBOUND,
    kind: COMPLAINT, summary: $summary, transcript: $summary, complainantName: $name, complainantContact: $contact) { id } }`,
  { name, contact: CONTACT, summary: `${name}です。頼んでいない商品の案内が届きました。` });
  expect(r.errors).toBeUndefined();
  return r.data.createInteraction.id;
}

describe('linking a complaint without a customer', () => {
  test('support verifying the person links it: the row becomes the customer\'s, the complainant leaves it, a name that is not the customer\'s leaves the text', async () => {
    const id = await complaint();
    const r = await link(support, id);
    expect(r.errors).toBeUndefined();
    expect(r.data.linkComplaintCustomer).toMatchObject({ id, customerId: customer.id, complainantName: null, complainantContact: null });
    expect(await row(id)).toEqual({ customer_id: Number(customer.id), complainant_name: null, complainant_contact: null,
      summary: '［申出者］です。頼んでいない商品の案内が届きました。', transcript: '［申出者］です。頼んでいない商品の案内が届きました。' });
    // The act: one CHANGE entry about the customer, by support, with no value of the complainant in clear.
    const { rows } = await s.sql.query(`select customer_id, operation, role, purpose, detail from trail_entry where kind = 'CHANGE'
      and detail->>'entity' = 'Interaction' and (detail->>'entityId')::int = $1 and customer_id is not null`, [Number(id)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ customer_id: Number(customer.id), operation: 'linkComplaintCustomer', role: 'SUPPORT', purpose: 'IDENTITY_VERIFICATION' });
    expect(rows[0].detail.fields).toEqual(['customerId', 'complainantName', 'complainantContact', 'summary', 'transcript']);
    const stored = JSON.stringify(rows[0].detail);
    for (const clear of ['hanako.gift', '9876-5432', '受取花子', '注文番号']) expect(stored).not.toContain(clear);
    expect(rows[0].detail.newValues.customerId).toBe(Number(customer.id));
  });

  test('then it follows the customer\'s rules: read with the customer by roles that read customers\' interactions, no longer as a complaint without a customer', async () => {
    const id = await complaint();
    const fulfilment = await s.asRole('FULFILLMENT', 'TRANSACTION');
    const READ = 'query($id: ID!) { Interaction(id: $id) { id customerId } }';
    expect(err(await fulfilment(READ, { id }))[0]).toBe('NOT_FOUND');
    expect((await link(pm, id)).errors).toBeUndefined();
    expect((await fulfilment(READ, { id })).data.Interaction).toEqual({ id, customerId: customer.id });
    const own = await pm('query($c: ID!) { Customer(id: $c) { interactions { id } } }', { c: customer.id });
    expect(own.data.Customer.interactions.map((i: { id: string }) => i.id)).toContain(id);
  });

  test('a name the customer bears stays in the text (the customer\'s masking covers it)', async () => {
    const id = await complaint(customer.name);
    expect((await link(pm, id)).errors).toBeUndefined();
    expect((await row(id)).summary).toBe(`${customer.name}です。頼んでいない商品の案内が届きました。`);
    const { rows } = await s.sql.query(`select detail from trail_entry where operation = 'linkComplaintCustomer' and (detail->>'entityId')::int = $1`, [Number(id)]);
    expect(rows[0].detail.fields).toEqual(['customerId', 'complainantName', 'complainantContact']);
  });

  test('refused as the policy declares, nothing changed: other roles, other purposes, no reason, an unseen customer, a linked complaint', async () => {
    const id = await complaint();
    const before = await row(id);
    for (const [role, purpose] of [['AUDITOR', 'PRIVACY_ADMINISTRATION'], ['FULFILLMENT', 'TRANSACTION'], ['MARKETING', 'PROMOTION'],
      ['SUPPORT', 'FAMILY_INQUIRY'], ['SUPPORT', 'TRANSACTION'], ['ACCOUNTING', 'TRANSACTION']] as const) {
      expect(err(await link(await s.asRole(role, purpose), id))[0], `${role} ${purpose}`).toBe('FORBIDDEN');
    }
    expect(err(await link(support, id, customer.id, ' '))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(err(await link(support, id, '999999'))[0]).toBe('NOT_FOUND');
    const { rows: [erased] } = await s.sql.query(`update customer set status = 'ERASED' where id = (select id from customer where status = 'ACTIVE'
      and id <> $1 order by id desc limit 1) returning id`, [Number(customer.id)]);
    expect(err(await link(support, id, String(erased.id)))[0]).toBe('NOT_FOUND');
    expect(await row(id)).toEqual(before);
    expect((await link(support, id)).errors).toBeUndefined();
    expect(err(await link(pm, id))).toEqual(['CONFLICT', 'customerId']);
    const { rows: [own] } = await s.sql.query(`select id from interaction where customer_id is not null and complainant_name is null and id <> $1 order by id limit 1`, [Number(id)]);
    expect(err(await link(pm, String(own.id)))).toEqual(['CONFLICT', 'customerId']);
  });
});
