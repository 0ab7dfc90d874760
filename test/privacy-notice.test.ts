// The public notice (APPI arts. 21, 28, 32, 38) at /privacy-notice, generated from the published policy version and the
// settings in force (a fee or a contractor abroad set through the API shows at once), and fees per request kind.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CATEGORIES, OPERATOR, PURPOSES, PURPOSE_KEYS, SENSITIVE_CATEGORY, type CategoryKey } from '../schema/policy';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 4 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const page = async (query = '') => {
  const res = await fetch(`${s.url}/privacy-notice${query}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('the public notice', () => {
  test('served without login, in Japanese first, naming the operator, every purpose and every kind of data the policy declares', async () => {
    const { status, type, body } = await page();
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(body).toContain('<html lang="ja">');
    for (const v of [OPERATOR.name.ja, OPERATOR.address.ja, OPERATOR.email]) expect(body).toContain(v.replace(/[「」]/g, (c) => c));
    for (const p of PURPOSE_KEYS.filter((k) => PURPOSES[k].no !== null)) expect(body, p).toContain(PURPOSES[p].ja);
    for (const c of (Object.keys(CATEGORIES) as CategoryKey[]).filter((k) => k !== SENSITIVE_CATEGORY)) expect(body, c).toContain(CATEGORIES[c].ja);
    for (const id of ['operator', 'purposes', 'recipients', 'requests', 'fees', 'complaints', 'security', 'abroad']) expect(body).toContain(`id="${id}"`);
    expect(body).toContain('外国にある第三者への提供・委託はありません');
  });

  test('?lang=en is the English notice; ?format=json exports the same sections', async () => {
    const en = await page('?lang=en');
    expect(en.body).toContain('<html lang="en">');
    for (const p of PURPOSE_KEYS.filter((k) => PURPOSES[k].no !== null)) expect(en.body, p).toContain(PURPOSES[p].en);
    const res = await fetch(`${s.url}/privacy-notice?lang=en&format=json`);
    const json = await res.json();
    expect(json.sections.map((x: { id: string }) => x.id)).toEqual(['operator', 'purposes', 'data', 'recipients', 'requests', 'fees', 'complaints', 'security', 'abroad']);
    expect(json).toMatchObject({ lang: 'en', policyVersion: 1 });
  });

  test('a contractor abroad appears with its country (art. 28); a fee set by the privacy manager appears (art. 38)', async () => {
    const made = await pm(`mutation { createContractor(name: "Global Mail Inc.", services: [EMAIL_DELIVERY], dataCategories: ["contact.name", "contact.email"],
      country: "US", agreementDate: "2026-01-01", agreementExpiresAt: "2030-12-31") { id country } }`);
    expect(made.errors).toBeUndefined();
    const fees = await pm('mutation { setRequestFees(fees: [{ kind: DISCLOSURE, feeYen: 300 }]) { kind feeYen chargeable } }');
    expect(fees.errors).toBeUndefined();
    const { body } = await page();
    expect(body).toContain('Global Mail Inc.: アメリカ合衆国');
    // Art. 28: the ground it rests on and what the store knows of that country's system.
    expect(body).toContain('ご本人の同意(国名・制度・措置をお知らせしたうえで)');
    expect(body).toContain('連邦レベルの包括的な個人情報保護法はなく');
    expect(body).toMatch(/保有個人データの開示[^<]*: 300円/);
    expect(body).toMatch(/内容の訂正[^<]*: 無料/);
  });
});

describe('fees (art. 38)', () => {
  test('only disclosures may be charged; a negative or excessive fee is refused naming the field; nothing changes', async () => {
    expect(err(await pm('mutation { setRequestFees(fees: [{ kind: DELETION, feeYen: 100 }]) { kind } }'))).toEqual(['BAD_USER_INPUT', 'fees']);
    expect(err(await pm('mutation { setRequestFees(fees: [{ kind: DISCLOSURE, feeYen: -1 }]) { kind } }'))).toEqual(['BAD_USER_INPUT', 'fees']);
    expect(err(await pm('mutation { setRequestFees(fees: [{ kind: DISCLOSURE, feeYen: 100000 }]) { kind } }'))).toEqual(['BAD_USER_INPUT', 'fees']);
    const list = (await pm('{ requestFees { kind feeYen chargeable } }')).data.requestFees;
    expect(list.find((f: any) => f.kind === 'DISCLOSURE')).toEqual({ kind: 'DISCLOSURE', feeYen: 300, chargeable: true });
    expect(list.find((f: any) => f.kind === 'DELETION')).toEqual({ kind: 'DELETION', feeYen: 0, chargeable: false });
  });

  test('a disclosure request is charged at receipt; it is fulfilled only once the fee is paid or waived', async () => {
    const { rows: [c] } = await s.sql.query('select id from customer where status = $1 order by id limit 1', ['ACTIVE']);
    const r = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id feeYen feeStatus } }', { c: String(c.id) });
    expect(r.data.createPrivacyRequest).toMatchObject({ feeYen: 300, feeStatus: 'CHARGED' });
    const id = r.data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
    expect(err(await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id }))).toEqual(['CONFLICT', 'feeStatus']);
    expect(err(await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, feeStatus: CHARGED) { id } }', { id }))).toEqual(['BAD_USER_INPUT', 'feeStatus']);
    const paid = await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, feeStatus: PAID) { id } }', { id });
    expect(paid.errors).toBeUndefined();
    expect((await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id })).errors).toBeUndefined();
    const deletion = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: CORRECTION) { feeYen feeStatus } }', { c: String(c.id) });
    expect(deletion.data.createPrivacyRequest).toEqual({ feeYen: 0, feeStatus: 'NONE' });
  });
});
