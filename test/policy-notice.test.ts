// The public notice follows the policy (#23 item 5), over HTTP against PostgreSQL: each published version writes
// its notice (purposes, recipients, procedures, fees, contact) in the publication's transaction; a draft that
// changes a purpose or a recipient changes the notice once published, and the notices of older versions stay
// exactly as published (history rows never change, their hashes chain). Restoring a version writes its notice
// again; a fee change writes a new notice under the same version. The current notice is public; its history
// answers only the holders of POWERS.viewPolicyVersions.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CATEGORIES, canonicalJson, hasPower, type PolicyDocument, ROLE_KEYS, ROLES } from '../schema/policy';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let auditor: GqlClient;

const N = 'id policyVersion policyLabel publishedAt generatedAt cause hash previousHash inForce lang title sections { key heading items }';
interface Notice {
  id: string; policyVersion: number; policyLabel: string; publishedAt: string; generatedAt: string; cause: string; hash: string;
  previousHash: string | null; inForce: boolean; lang: string; title: string; sections: { key: string; heading: string; items: string[] }[];
}
const section = (n: Notice, key: string) => n.sections.find((x) => x.key === key)!.items;
const current = async (lang = 'ja'): Promise<Notice> => {
  const r = await s.gql(`query($l: String) { privacyNotice(lang: $l) { ${N} } }`, { l: lang });
  expect(r.errors).toBeUndefined();
  return r.data.privacyNotice;
};
const history = async (): Promise<Notice[]> => {
  const r = await pm(`{ privacyNoticeHistory { ${N} } }`);
  expect(r.errors).toBeUndefined();
  return r.data.privacyNoticeHistory;
};
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

/** A draft of the version in force edited with `edit`, asked for by the privacy manager and approved by the auditor. */
async function publish(edit: (d: PolicyDocument) => void, reason: string): Promise<number> {
  const v = (await pm('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0];
  const d = (await pm('mutation($f: ID!) { createPolicyDraft(fromVersion: $f) { id document } }', { f: v.id })).data.createPolicyDraft;
  edit(d.document);
  expect((await pm('mutation($id: ID!, $d: JSONObject!) { updatePolicyDraft(id: $id, document: $d) { id } }', { id: d.id, d: d.document })).errors).toBeUndefined();
  expect((await pm('mutation($id: ID!, $r: String!) { requestPolicyPublication(id: $id, reason: $r) { id } }', { id: d.id, r: reason })).errors).toBeUndefined();
  const ok = await auditor('mutation($id: ID!, $r: String!) { approvePolicyPublication(id: $id, reason: $r) { number } }', { id: d.id, r: '確認済み' });
  expect(ok.errors).toBeUndefined();
  return ok.data.approvePolicyPublication.number;
}

let v1: Notice;
beforeAll(async () => {
  s = await startTestServer({ customers: 4 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
}, 120_000);
afterAll(async () => { await s?.stop(); });

describe('the notice of version 1', () => {
  test('is written at the first start and served to anyone, in Japanese and English, naming the recipients', async () => {
    v1 = await current();
    expect(v1).toMatchObject({ policyVersion: 1, cause: 'START', inForce: true, lang: 'ja', previousHash: null });
    expect(v1.sections.map((x) => x.key)).toEqual(['operator', 'purposes', 'data', 'recipients', 'requests', 'fees', 'complaints', 'security', 'abroad']);
    expect(section(v1, 'purposes')).toContain('(5) お得な情報やサービスのご案内(ご同意いただいた方のみ)');
    const recipients = section(v1, 'recipients');
    expect(recipients.find((i) => i.startsWith('委託: 発送代行(委託先)'))).toContain('(11) 新商品・新サービスのお知らせ');
    expect(recipients.find((i) => i.startsWith('委託: 配送業者(委託先)'))).toContain(`渡す情報: ${ROLES.CARRIER.only.map((c) => CATEGORIES[c].ja).join('、')}`);
    expect(recipients).toContain('共同利用: 行っていません');
    expect(recipients.some((i) => i.startsWith('第三者提供: (8)'))).toBe(true);
    expect(section(v1, 'fees').every((i) => i.endsWith('無料'))).toBe(true);
    const en = await current('en');
    expect(en).toMatchObject({ id: v1.id, lang: 'en', hash: v1.hash });
    expect(section(en, 'recipients')).toContain('Joint use: none');
    expect(code(await s.gql('{ privacyNotice(lang: "fr") { id } }'))).toBe('BAD_USER_INPUT');
    expect((await s.gql('{ privacyNotice(lang: "fr") { id } }')).errors?.[0].extensions?.field).toBe('lang');
    // The public page shows the same stored text, stating the version.
    const page = await (await fetch(`${s.url}/privacy-notice`)).text();
    expect(page).toContain('ポリシー第1版');
    for (const item of section(v1, 'recipients')) expect(page).toContain(item);
  });

  test('its history answers the privacy manager and the auditor only; nobody else, and not without login', async () => {
    expect((await history()).map((n) => n.id)).toEqual([v1.id]);
    expect((await auditor('{ privacyNoticeHistory { id } }')).errors).toBeUndefined();
    for (const role of ROLE_KEYS.filter((r) => !hasPower(r, 'viewPolicyVersions'))) {
      expect(code(await (await s.asRole(role))('{ privacyNoticeHistory { id } }')), role).toBe('FORBIDDEN');
    }
    expect(code(await s.gql('{ privacyNoticeHistory { id } }'))).toBe('UNAUTHENTICATED');
  });

  test('a restart under the same version and settings writes nothing new', async () => {
    const { refreshNotice } = await import('../server/src/modules/privacy-notice/notice-store');
    const r = await s.orm.em.fork().transactional((em) => refreshNotice(em, 'START'));
    expect(r).toEqual({ id: Number(v1.id), written: false });
  });
});

describe('a published draft changes the notice; older notices stay as published', () => {
  let v2: Notice;
  test('a changed purpose and a narrowed contractor appear in the notice of version 2', async () => {
    const number = await publish((d) => {
      d.purposes.SURVEY_EVENT.ja = 'アンケート・イベントのご案内と結果のお知らせ';
      d.roles.MAILING_HOUSE.purposes = ['PROMOTION', 'SURVEY_EVENT'];
    }, 'アンケートの目的の文言と発送代行の委託範囲を見直す');
    expect(number).toBe(2);
    v2 = await current();
    expect(v2).toMatchObject({ policyVersion: 2, cause: 'PUBLICATION', inForce: true, previousHash: v1.hash });
    expect(section(v2, 'purposes')).toContain('(6) アンケート・イベントのご案内と結果のお知らせ(ご同意いただいた方のみ)');
    expect(section(v2, 'purposes').join()).not.toContain('アンケートや各種イベント等のお知らせ');
    const mailing = section(v2, 'recipients').find((i) => i.startsWith('委託: 発送代行(委託先)'))!;
    expect(mailing).not.toContain('新商品');
    expect(mailing).toContain('(6) アンケート・イベントのご案内と結果のお知らせ');
    // Only what changed changed: the other sections are those of version 1.
    for (const id of ['operator', 'data', 'fees', 'complaints', 'security', 'abroad']) expect(section(v2, id), id).toEqual(section(v1, id));
    // What a stop of use ends is stated in the purposes' own words.
    expect(section(v2, 'requests').join()).toContain('利用停止のお申し出の後は、次の目的には利用しません: (5) お得な情報やサービスのご案内、(6) アンケート・イベントのご案内と結果のお知らせ');
    const page = await (await fetch(`${s.url}/privacy-notice`)).text();
    expect(page).toContain('ポリシー第2版');
    expect(page).toContain('アンケート・イベントのご案内と結果のお知らせ');
  });

  test('the notice of version 1 is unchanged in the history, and rows cannot be changed or deleted', async () => {
    const [latest, first] = await history();
    expect(latest).toMatchObject({ id: v2.id, inForce: true });
    expect(first).toEqual({ ...v1, inForce: false });
    const { rows } = await s.sql.query('select id, content, hash, previous_hash from policy_notice order by id');
    expect(rows.map((r) => r.hash)).toEqual([v1.hash, v2.hash]);
    for (const r of rows) expect(createHash('sha256').update(canonicalJson(r.content)).digest('hex')).toBe(r.hash);
    await expect(s.sql.query(`update policy_notice set content = '{}'::jsonb where id = $1`, [Number(v1.id)])).rejects.toThrow(/never changes/);
    await expect(s.sql.query('delete from policy_notice where id = $1', [Number(v1.id)])).rejects.toThrow(/never changes/);
  });

  test('a fee change writes a new notice under version 2; setting the same fee again writes none', async () => {
    expect((await pm('mutation { setRequestFees(fees: [{ kind: DISCLOSURE, feeYen: 300 }]) { kind } }')).errors).toBeUndefined();
    const fee = await current();
    expect(fee).toMatchObject({ policyVersion: 2, cause: 'SETTINGS', previousHash: v2.hash });
    expect(section(fee, 'fees').join()).toMatch(/保有個人データの開示[^,]*: 300円/);
    expect(section(fee, 'purposes')).toEqual(section(v2, 'purposes'));
    await pm('mutation { setRequestFees(fees: [{ kind: DISCLOSURE, feeYen: 300 }]) { kind } }');
    expect((await history()).length).toBe(3);
  });

  test('restoring version 1 writes its notice again as version 3 (RESTORE); what was published before stays', async () => {
    const before = await history();
    const old = (await pm('{ policyVersions(state: RETIRED) { id number } }')).data.policyVersions.find((v: { number: number }) => v.number === 1);
    const restored = await pm('mutation($id: ID!, $r: String!) { restorePolicyVersion(id: $id, reason: $r) { id } }', { id: old.id, r: '元の文言に戻す' });
    expect(restored.errors).toBeUndefined();
    const ok = await auditor('mutation($id: ID!, $r: String!) { approvePolicyPublication(id: $id, reason: $r) { number } }', { id: restored.data.restorePolicyVersion.id, r: '確認済み' });
    expect(ok.data.approvePolicyPublication.number).toBe(3);
    const v3 = await current();
    expect(v3).toMatchObject({ policyVersion: 3, cause: 'RESTORE' });
    for (const id of ['purposes', 'recipients', 'data', 'requests']) expect(section(v3, id), id).toEqual(section(v1, id));
    expect(section(v3, 'fees')).not.toEqual(section(v1, 'fees')); // the fee set meanwhile is in force
    const after = await history();
    expect(after.slice(1)).toEqual(before.map((n) => ({ ...n, inForce: false })));
  });
});
