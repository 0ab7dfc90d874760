// Leak reports with the content PPC rules art. 8 requires (速報 and 確報), printable; the people affected found from the
// trail and linked; the notice to each person tracked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let incident: string;
let readIds: string[];
const started = new Date(Date.now() - 60_000);
beforeAll(async () => {
  s = await startTestServer({ customers: 20 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  // The account whose reads leaked: SUPPORT read five customers.
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const read = await support('{ allCustomers(perPage: 5, sortField: "id") { id name } }');
  readIds = read.data.allCustomers.map((c: { id: string }) => c.id);
  const r = await pm(`mutation($at: DateTimeISO!) { createLeakIncident(title: "サポート端末の不正アクセス", discoveredAt: $at, peopleAffected: 1,
    dataCategories: ["contact.name", "contact.phone"], maliciousIntent: true, summary: "サポート用端末がマルウェアに感染",
    cause: "添付ファイルの開封", secondaryHarm: "現時点で確認されていない", prevention: "添付ファイルの自動隔離", publication: "当社サイトで公表") { id reportable } }`,
  { at: new Date().toISOString() });
  expect(r.errors).toBeUndefined();
  incident = r.data.createLeakIncident.id;
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];

describe('the people affected', () => {
  test('found from the trail: everyone the account read in the window is linked, and the number of people raised', async () => {
    const { rows: [staff] } = await s.sql.query(`select id from staff where role = 'SUPPORT' order by id limit 1`);
    const r = await pm(`mutation($i: ID!, $st: ID!, $f: DateTimeISO!, $t: DateTimeISO!) {
      linkLeakAffectedFromTrail(incidentId: $i, staffId: $st, from: $f, to: $t) { added linked notified } }`,
    { i: incident, st: String(staff.id), f: started.toISOString(), t: new Date(Date.now() + 60_000).toISOString() });
    expect(r.errors).toBeUndefined();
    expect(r.data.linkLeakAffectedFromTrail).toEqual({ added: 5, linked: 5, notified: 0 });
    const { rows } = await s.sql.query('select customer_id::text as id from leak_affected_person where incident_id = $1 order by customer_id', [incident]);
    expect(rows.map((x) => x.id).sort()).toEqual([...readIds].sort());
    const again = await pm('query($i: ID!) { LeakIncident(id: $i) { peopleAffected affected { linked notified } } }', { i: incident });
    expect(again.data.LeakIncident).toEqual({ peopleAffected: 5, affected: { linked: 5, notified: 0 } });
  });

  test('a window that ends before it starts, or no account, is refused naming the field', async () => {
    const now = new Date().toISOString();
    expect(err(await pm('mutation($i: ID!, $f: DateTimeISO!) { linkLeakAffectedFromTrail(incidentId: $i, from: $f, to: $f) { linked } }', { i: incident, f: now })))
      .toEqual(['BAD_USER_INPUT', 'staffId']);
  });

  test('the notice to each person is tracked', async () => {
    const some = await pm('mutation($i: ID!, $c: [ID!]) { recordLeakNotices(incidentId: $i, method: EMAIL, customerIds: $c) { added notified linked } }', { i: incident, c: readIds.slice(0, 2) });
    expect(some.data.recordLeakNotices).toEqual({ added: 2, notified: 2, linked: 5 });
    const rest = await pm('mutation($i: ID!) { recordLeakNotices(incidentId: $i, method: LETTER) { added notified } }', { i: incident });
    expect(rest.data.recordLeakNotices).toEqual({ added: 3, notified: 5 });
    const { rows } = await s.sql.query('select notice_method, count(*)::int n from leak_affected_person where incident_id = $1 group by 1 order by 1', [incident]);
    expect(rows).toEqual([{ notice_method: 'EMAIL', n: 2 }, { notice_method: 'LETTER', n: 3 }]);
    expect((await pm('query($i: ID!) { LeakIncident(id: $i) { peopleNotifiedCount } }', { i: incident })).data.LeakIncident.peopleNotifiedCount).toBe(5);
  });
});

describe('the report (施行規則第8条)', () => {
  test('printable HTML with items 一 to 九, escaped, for the preliminary and the final report; CSV too; each export recorded', async () => {
    await pm('mutation($i: ID!) { updateLeakIncident(id: $i, otherNotes: "<script>x</script>") { id } }', { i: incident });
    const html = (await pm('query($i: ID!) { leakReport(id: $i, stage: PRELIMINARY, format: HTML) { filename contentType content } }', { i: incident })).data.leakReport;
    expect(html.filename).toBe(`leak-report-${incident}-preliminary.html`);
    for (const item of ['一 概要', '二 漏えい等が発生し', '三 ', '四 原因', '五 二次被害', '六 本人への対応', '七 公表', '八 再発防止', '九 その他']) expect(html.content).toContain(item);
    for (const v of ['サポート用端末がマルウェアに感染', '添付ファイルの開封', '氏名・フリガナ、電話番号', '5 名', '通知済み 5 名', '不正の目的', '速報']) expect(html.content).toContain(v);
    expect(html.content).not.toContain('<script>x');
    const csv = (await pm('query($i: ID!) { leakReport(id: $i, stage: FINAL, format: CSV) { filename content } }', { i: incident })).data.leakReport;
    expect(csv.filename).toBe(`leak-report-${incident}-final.csv`);
    expect(csv.content.startsWith('\uFEFF項目,内容\r\n')).toBe(true);
    expect(csv.content).toContain('確報');
    const { rows } = await s.sql.query(`select count(*)::int n from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'LeakIncident' and detail->'newValues' ? 'reportExported'`);
    expect(rows[0].n).toBe(2);
  });

  test('as AUDITOR the report can be read but people cannot be linked', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    expect(err(await auditor('mutation($i: ID!) { recordLeakNotices(incidentId: $i, method: EMAIL) { linked } }', { i: incident }))[0]).toBe('FORBIDDEN');
  });
});
