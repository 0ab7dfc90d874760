// Each list asks the API for exactly the fields its visible columns show (plus id and maskedFields),
// so the access trail records only what was on screen; choosing a column adds it to the query.
import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType } from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PurposeKey, RoleKey } from '../schema/policy';
import { ensureUiBuilt, launchBrowser, loginAs, pickPurpose, POLL, type UiSession } from './helpers/browser';
import { BOOKKEEPING, captureQueries, fieldsAsked, fieldsShownInTable } from './helpers/selection';
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

interface View { role: RoleKey; purpose: PurposeKey; route: string; root: string; type: string }

/** Every list screen, as a role that may open it. */
const LISTS: View[] = [
  { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', route: '/Customer', root: 'allCustomers', type: 'Customer' },
];

let s: TestServer;
let browser: Browser;
const sessions = new Map<RoleKey, UiSession>();
async function sessionOf(role: RoleKey, purpose: PurposeKey): Promise<UiSession> {
  let session = sessions.get(role);
  if (!session) sessions.set(role, (session = await loginAs(browser, s, role)));
  await pickPurpose(session.page, purpose);
  return session;
}

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 30 }), launchBrowser()]);
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
    const shown = [...new Set([...columns.filter((c) => isFieldOf(type, c)), ...values])].sort();
    expect(asked).toEqual(shown);
    expect(fieldsAsked(captured, view.root)).toContain('id');
  });
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
      await page.getByRole('button', { name: '列を編集' }).click();
      await page.locator('.MuiPopover-paper').getByLabel('生年月日', { exact: true }).click();
      await page.keyboard.press('Escape');
    }, 'allCustomers');
    expect(fieldsAsked(captured, 'allCustomers')).toContain('birthDate');
    await expect.poll(async () => (await fieldsShownInTable(page)).columns).toContain('birthDate');
  });
});
