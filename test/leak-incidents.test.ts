// The leak incident register (APPI art. 26): reportability by the PPC criteria, report deadlines, overdue flags.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const field = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.field;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

const FIELDS = `id title reportable reportableReasons preliminaryReportDue finalReportDue preliminaryReportOverdue finalReportOverdue overdue`;
async function report(vars: Record<string, unknown>) {
  const r = await pm(`mutation($t: String, $at: DateTimeISO, $n: Int, $cats: [String!], $card: Boolean, $sens: Boolean, $mal: Boolean, $fin: Boolean) {
    createLeakIncident(title: $t, discoveredAt: $at, peopleAffected: $n, dataCategories: $cats, involvesCardData: $card,
      involvesSensitiveData: $sens, maliciousIntent: $mal, financialHarmPossible: $fin) { ${FIELDS} } }`,
  { t: '誤送信', at: new Date().toISOString(), n: 1, cats: ['contact.email'], ...vars });
  return r;
}

describe('reportable by the PPC criteria', () => {
  test('a small leak without card, sensitive data or malice is recorded but not reportable (no deadlines)', async () => {
    const r = await report({ n: 1000 });
    expect(r.data.createLeakIncident).toMatchObject({ reportable: false, reportableReasons: [], preliminaryReportDue: null, finalReportDue: null, overdue: false });
  });

  test('more than 1,000 people, card data, sensitive data or malice each make it reportable', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ n: 1001 }, 'MORE_THAN_1000_PEOPLE'], [{ card: true }, 'FINANCIAL_HARM'], [{ fin: true }, 'FINANCIAL_HARM'],
      [{ sens: true }, 'SENSITIVE_DATA'], [{ mal: true }, 'MALICIOUS_INTENT'],
    ];
    for (const [vars, reason] of cases) {
      const r = await report(vars);
      expect(r.data.createLeakIncident, reason).toMatchObject({ reportable: true, reportableReasons: [reason] });
    }
  });

  test('preliminary report due 5 days after discovery, final 30 days, 60 with malice', async () => {
    const at = daysAgo(1);
    const plain = (await report({ n: 5000, at: at.toISOString() })).data.createLeakIncident;
    expect(plain).toMatchObject({ preliminaryReportDue: plusDays(jstDate(at), 5), finalReportDue: plusDays(jstDate(at), 30) });
    const malice = (await report({ mal: true, at: at.toISOString() })).data.createLeakIncident;
    expect(malice).toMatchObject({ preliminaryReportDue: plusDays(jstDate(at), 5), finalReportDue: plusDays(jstDate(at), 60) });
  });
});

describe('overdue reports', () => {
  test('are flagged and listed first; reporting clears the flag', async () => {
    const late = (await report({ t: '不正アクセス', card: true, at: daysAgo(10).toISOString() })).data.createLeakIncident;
    expect(late).toMatchObject({ preliminaryReportOverdue: true, finalReportOverdue: false, overdue: true });
    await report({ t: '新しい件', n: 2000 });
    const list = (await pm('{ allLeakIncidents(perPage: 100) { id overdue } _allLeakIncidentsMeta(filter: { overdue: true }) { count } }')).data;
    const flags: boolean[] = list.allLeakIncidents.map((i: any) => i.overdue);
    expect(flags.indexOf(false)).toBe(flags.lastIndexOf(true) + 1);
    expect(list.allLeakIncidents.filter((i: any) => i.overdue).map((i: any) => i.id)).toContain(late.id);
    const reported = await pm(`mutation($id: ID!, $at: DateTimeISO) { updateLeakIncident(id: $id, preliminaryReportedAt: $at, peopleNotifiedAt: $at, peopleNotifiedCount: 1) {
      ${FIELDS} peopleNotifiedCount } }`, { id: late.id, at: daysAgo(6).toISOString() });
    expect(reported.data.updateLeakIncident).toMatchObject({ preliminaryReportOverdue: false, overdue: false, peopleNotifiedCount: 1 });
  });

  test('the final report of a non-malicious leak found 40 days ago is overdue; of a malicious one not yet', async () => {
    const plain = (await report({ n: 3000, at: daysAgo(40).toISOString() })).data.createLeakIncident;
    const malice = (await report({ mal: true, at: daysAgo(40).toISOString() })).data.createLeakIncident;
    expect(plain.finalReportOverdue).toBe(true);
    expect(malice.finalReportOverdue).toBe(false);
  });

  test('changing the facts recomputes reportability and deadlines', async () => {
    const i = (await report({ n: 10 })).data.createLeakIncident;
    const r = await pm(`mutation($id: ID!) { updateLeakIncident(id: $id, peopleAffected: 1500, maliciousIntent: true) { ${FIELDS} } }`, { id: i.id });
    expect(r.data.updateLeakIncident).toMatchObject({ reportable: true, reportableReasons: ['MALICIOUS_INTENT', 'MORE_THAN_1000_PEOPLE'] });
    const { rows: [change] } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'LeakIncident'
      and detail->>'entityId' = $1 and detail->>'action' = 'UPDATE'`, [i.id]);
    expect(change.detail.newValues).toMatchObject({ peopleAffected: 1500, maliciousIntent: true, reportable: true });
  });
});

describe('input and access', () => {
  test('the register searches titles, a wildcard taken literally', async () => {
    await report({ t: 'USBメモリ紛失 100%' });
    const titles = async (q: string) => (await pm('query($q: String) { allLeakIncidents(filter: { q: $q }) { title } }', { q })).data.allLeakIncidents.map((i: any) => i.title);
    expect(await titles('メモリ紛失')).toEqual(['USBメモリ紛失 100%']);
    expect(await titles('100%')).toEqual(['USBメモリ紛失 100%']);
    expect(await titles('%')).toEqual(['USBメモリ紛失 100%']);
    expect(await titles('_SB')).toEqual([]);
  });

  test('bad input is refused with its field and nothing is written', async () => {
    const before = (await s.sql.query('select count(*)::int n from leak_incident')).rows[0].n;
    for (const [vars, f] of [
      [{ at: new Date(Date.now() + 2 * DAY).toISOString() }, 'discoveredAt'], [{ at: null }, 'discoveredAt'],
      [{ n: -1 }, 'peopleAffected'], [{ n: null }, 'peopleAffected'], [{ cats: ['contact.blood_type'] }, 'dataCategories'], [{ t: '' }, 'title'],
    ] as [Record<string, unknown>, string][]) {
      const r = await report(vars);
      expect([code(r), field(r)], f).toEqual(['BAD_USER_INPUT', f]);
    }
    const i = (await report({})).data.createLeakIncident;
    const early = await pm('mutation($id: ID!) { updateLeakIncident(id: $id, finalReportedAt: "2000-01-01T00:00:00Z") { id } }', { id: i.id });
    expect([code(early), field(early)]).toEqual(['BAD_USER_INPUT', 'finalReportedAt']);
    expect((await s.sql.query('select count(*)::int n from leak_incident')).rows[0].n).toBe(before + 1);
  });

  test('as AUDITOR the register is readable, not writable; SUPPORT may not read it', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    expect((await auditor('{ allLeakIncidents(perPage: 1) { id reportable } }')).errors).toBeUndefined();
    expect(code(await auditor('mutation { createLeakIncident(title: "x", discoveredAt: "2026-01-01T00:00:00Z", peopleAffected: 1) { id } }'))).toBe('FORBIDDEN');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect(code(await support('{ allLeakIncidents { id } }'))).toBe('FORBIDDEN');
  });
});
