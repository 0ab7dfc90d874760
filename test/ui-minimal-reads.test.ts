// Each list asks the API for exactly the fields its visible columns show (plus id and maskedFields),
// so the access trail records only what was on screen; choosing a column adds it to the query.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType } from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PurposeKey, RoleKey } from '../schema/policy';
import { chooseColumns, ensureUiBuilt, launchBrowser, loginAs, pickPurpose, POLL, type UiSession } from './helpers/browser';
import { BOOKKEEPING, captureQueries, fieldsAsked, fieldsShownInTable } from './helpers/selection';
import { approvedApiKey } from './helpers/accounts';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

const SCHEMA = buildSchema(readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8'));

/** Whether `path` (dotted) names a field of `type`: a column of a virtual source (e.g. `changes`) is not one. */
function isFieldOf(type: GraphQLObjectType, path: string): boolean {
  let current: GraphQLObjectType | undefined = type;
  for (const name of path.split('.')) {
    const field: GraphQLField<unknown, unknown> | undefined = current?.getFields()[name];
    if (!field) return false;
    const next: GraphQLNamedType = getNamedType(field.type);
    current = isObjectType(next) ? next : undefined;
  }
  return true;
}

interface View { role: RoleKey; purpose: PurposeKey | null; route: string; root: string; type: string }

const PM = { role: 'PRIVACY_MANAGER', purpose: 'PRIVACY_ADMINISTRATION' } as const;
const SUPPORT = { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE' } as const;
const ADMIN = { role: 'ADMIN', purpose: null } as const;

/** Every list screen of App.tsx, as a role that may open it (a test below keeps this complete). */
const LISTS: View[] = [
  { ...SUPPORT, route: '/Customer', root: 'allCustomers', type: 'Customer' },
  { ...SUPPORT, route: '/Order', root: 'allOrders', type: 'Order' },
  { ...SUPPORT, route: '/Interaction', root: 'allInteractions', type: 'Interaction' },
  { ...PM, route: '/Complaint', root: 'allComplaints', type: 'Interaction' },
  { ...SUPPORT, route: '/Consent', root: 'allConsents', type: 'Consent' },
  { ...PM, route: '/PrivacyRequest', root: 'allPrivacyRequests', type: 'PrivacyRequest' },
  { ...PM, route: '/ProvisionRecord', root: 'allProvisionRecords', type: 'ProvisionRecord' },
  { ...PM, route: '/LeakIncident', root: 'allLeakIncidents', type: 'LeakIncident' },
  { ...ADMIN, route: '/Product', root: 'allProducts', type: 'Product' },
  { ...PM, route: '/Contractor', root: 'allContractors', type: 'Contractor' },
  { ...ADMIN, route: '/Staff', root: 'allStaff', type: 'Staff' },
  { ...PM, route: '/Audit', root: 'allAudits', type: 'Audit' },
  { ...PM, route: '/AccessEvent', root: 'allAccessEvents', type: 'AccessEvent' },
  { ...PM, route: '/ChangeEvent', root: 'allChangeEvents', type: 'ChangeEvent' },
  { ...PM, route: '/SecurityEvent', root: 'allSecurityEvents', type: 'SecurityEvent' },
  { ...PM, route: '/TrustedDocument', root: 'allTrustedDocuments', type: 'TrustedDocument' },
  { ...PM, route: '/CollectionCase', root: 'allCollectionCases', type: 'CollectionCase' },
  { ...PM, route: '/Mailing', root: 'allMailings', type: 'Mailing' },
  { ...PM, route: '/GrantRequest', root: 'allGrantRequests', type: 'GrantRequest' },
];

let s: TestServer;
let browser: Browser;
const sessions = new Map<RoleKey, UiSession>();
async function sessionOf(role: RoleKey, purpose: PurposeKey | null): Promise<UiSession> {
  let session = sessions.get(role);
  if (!session) sessions.set(role, (session = await loginAs(browser, s, role)));
  if (purpose) await pickPurpose(session.page, purpose);
  return session;
}

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 30 }), launchBrowser()]);
  // A row in every register the demo seed leaves empty, so each list shows its columns.
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const made = await Promise.all([
    pm(`mutation { createProvisionRecord(customerId: "1", recipientName: "株式会社さくらパートナーズ", dataCategories: ["contact.name"],
      legalBasis: LAW, exemptionNote: "刑事訴訟法197条2項") { id } }`),
    pm('mutation { createLeakIncident(title: "誤送信", discoveredAt: "2026-11-01T00:00:00Z", peopleAffected: 3) { id } }'),
    pm('mutation { createAudit(title: "定期監査", periodFrom: "2026-11-01", periodTo: "2026-11-30") { id } }'),
    pm('mutation { updateCustomer(id: "1", occupation: "会社員", reason: "本人からの申し出") { id } }'),
  ]);
  for (const r of made) expect(r.errors).toBeUndefined();
  const admin = await s.asRole('ADMIN');
  const key = await approvedApiKey(s, 'SUPPORT', ['INQUIRY_RESPONSE'], '問い合わせ窓口');
  const doc = await admin('mutation($k: ID!) { registerTrustedDocument(apiKeyId: $k, document: "{ me { id } }", note: "自分の確認", purpose: "INQUIRY_RESPONSE") { id } }',
    { k: key.id });
  expect(doc.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe.each(LISTS)('as $role under $purpose, the list $route', (view) => {
  test('asks exactly the fields its visible columns show, plus id and maskedFields', async () => {
    const session = await sessionOf(view.role, view.purpose);
    // Reloaded: a list opened again shows what it read before without reading again.
    const captured = await captureQueries(session.page, async () => {
      await session.openList(view.route.slice(1));
      await session.page.reload();
    }, view.root);
    const asked = [...fieldsAsked(captured, view.root)].filter((f) => !BOOKKEEPING.test(f)).sort();
    const type = SCHEMA.getType(view.type) as GraphQLObjectType;
    const { columns, values } = await fieldsShownInTable(session.page);
    expect(columns.length).toBeGreaterThan(0);
    const shown = [...new Set([...columns.filter((c) => isFieldOf(type, c)), ...values])].filter((f) => !BOOKKEEPING.test(f)).sort();
    expect(asked).toEqual(shown);
    expect(fieldsAsked(captured, view.root)).toContain('id');
  });
});

test('every resource with a list screen (admin-ui/src/resources/*/index.ts) is checked above', () => {
  const dir = new URL('../admin-ui/src/resources/', import.meta.url);
  const withList = readdirSync(dir).flatMap((feature) => {
    const file = new URL(`${feature}/index.ts`, dir);
    if (!existsSync(file)) return []; // a folder of screens that are not resources (e.g. settings pages)
    const index = readFileSync(file, 'utf8');
    // Each resource definition: its name, and whether it has a list screen.
    return [...index.matchAll(/name: '(\w+)',[^}]*?\blist: /gs)].map((m) => m[1]);
  });
  expect(withList.length).toBeGreaterThan(10);
  expect(withList.sort()).toEqual(LISTS.map((v) => v.route.slice(1)).sort());
});

describe('as SUPPORT under INQUIRY_RESPONSE, the customer list', () => {
  test('records in the access trail only the fields on screen; a column chosen is read from then on', async () => {
    const session = await sessionOf('SUPPORT', 'INQUIRY_RESPONSE');
    await session.openList('Customer');
    const since = Number((await s.sql.query('select coalesce(max(id), 0)::int n from trail_entry')).rows[0].n);
    await captureQueries(session.page, () => session.page.reload(), 'allCustomers');
    const { rows } = await s.sql.query(
      `select clear_fields, masked_fields from trail_entry where kind = 'ACCESS' and role = 'SUPPORT' and id > $1`, [since]);
    expect(rows.length).toBeGreaterThan(0);
    const recorded = new Set(rows.flatMap((r) => [...r.clear_fields, ...r.masked_fields]));
    expect([...recorded].sort()).toEqual(['Customer.email', 'Customer.name', 'Customer.nameKana', 'Customer.phone', 'Customer.prefecture']);

    const page = session.page;
    const captured = await captureQueries(page, async () => {
      await chooseColumns(page, ['生年月日']);
    }, 'allCustomers');
    expect(fieldsAsked(captured, 'allCustomers')).toContain('birthDate');
    await expect.poll(async () => (await fieldsShownInTable(page)).columns).toContain('birthDate');
  });
});
