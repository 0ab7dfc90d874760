// The admin UI in real headless Chromium against a test server (./server.ts): build check, browser, logins.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PurposeKey, RoleKey } from '../../schema/policy';
import { DEMO_PASSWORD, demoEmail } from '../../server/src/seeders';
import type { TestServer } from './server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST_INDEX = path.join(ROOT, 'admin-ui/dist/index.html');
/** What the bundle is built from: the UI and the policy it imports. */
const SOURCES = [path.join(ROOT, 'admin-ui/src'), path.join(ROOT, 'admin-ui/index.html'), path.join(ROOT, 'schema/policy')];
const BUILD_LOCK = path.join(ROOT, 'admin-ui/.build-lock');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newestChange(path.join(file, name))));
}

const isBuildFresh = () => existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= Math.max(...SOURCES.map(newestChange));

/**
 * Builds admin-ui/dist when it is missing or older than its sources (CI's `npm ci` builds it in
 * postinstall). Test files run in parallel: a lock directory makes one of them build, the others wait.
 */
export async function ensureUiBuilt(): Promise<void> {
  for (let waited = 0; !isBuildFresh(); waited += 250) {
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      // Another file is building; a lock older than 3 minutes was left by a killed run.
      const lockedSince = statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (waited > 180_000 || Date.now() - lockedSince > 180_000) rmdirSync(BUILD_LOCK);
      await sleep(250);
      continue;
    }
    try {
      // vitest sets NODE_ENV=test; the bundle under test must be the production one that ships.
      const env = { ...process.env, NODE_ENV: 'production' };
      if (!isBuildFresh()) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe', env });
    } finally {
      rmdirSync(BUILD_LOCK);
    }
  }
}

/**
 * Waits sized for a browser on a busy CI machine: an action or an expect.poll may take seconds
 * when other test files load the machine (vitest's own poll default is one second).
 */
export const ACTION_TIMEOUT_MS = 30_000;
export const POLL = { timeout: 20_000, interval: 100 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // --lang: date and time inputs draw in the browser's UI language, as on a Japanese office PC.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=ja-JP'],
  });
}

export interface UiSession {
  context: BrowserContext;
  page: Page;
  /** Opens a route of the app (`/Customer/3/show`…) and waits for the page to settle. */
  open(route: string): Promise<void>;
  /**
   * Opens a list with exactly `filter` (react-admin would otherwise restore the filters last used
   * on that list in this browser context).
   */
  openList(resource: string, filter?: Record<string, unknown>): Promise<void>;
}

/** The app's router is hash-based: `/#/Customer`. */
export const appUrl = (s: TestServer, route: string) => `${s.url}/#${route.startsWith('/') ? route : `/${route}`}`;

/**
 * A browser context logged in through the login page as the demo account of `role` (one per role
 * per file: contexts are cheap, logins are not), or as `account` of that role (a second person of it).
 * Japanese locale, Tokyo time zone, downloads allowed.
 */
export async function loginAs(browser: Browser, s: TestServer, role: RoleKey, account?: { email: string; password: string }): Promise<UiSession> {
  const context = await browser.newContext({
    locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1440, height: 900 }, acceptDownloads: true,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser ${role}] ${error.message}`));
  await page.goto(appUrl(s, '/login'));
  await page.locator('input[name="username"]').fill(account?.email ?? demoEmail(role));
  await page.locator('input[name="password"]').fill(account?.password ?? DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('purpose-picker').waitFor();
  const open = async (route: string) => {
    await page.goto(appUrl(s, route));
    await waitForIdle(page);
  };
  return {
    context,
    page,
    open,
    openList: (resource, filter = {}) =>
      open(`/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&displayedFilters=%7B%7D&page=1`),
  };
}

/**
 * Waits until the page has settled: no spinner or skeleton (react-admin's app-bar LoadingIndicator
 * spins while any query is in flight; a lazy screen shows <Loading>, a list placeholder rows) on two
 * looks in a row, and the main area has content.
 */
export async function waitForIdle(page: Page): Promise<void> {
  const settled = () => page.evaluate(() =>
    document.querySelectorAll('[role="progressbar"], .MuiSkeleton-root').length === 0
    && (document.getElementById('main-content')?.textContent ?? '').trim() !== '');
  for (let calm = 0; calm < 2;) {
    await sleep(100);
    calm = (await settled()) ? calm + 1 : 0;
  }
}

/** Declares `purpose` in the app bar's picker (its options carry the purpose key as data-value), then waits for the page to settle. */
export async function pickPurpose(page: Page, purpose: PurposeKey): Promise<void> {
  await choosePurpose(page, purpose);
  await waitForIdle(page);
}

/** Chooses `purpose` in the picker without waiting for what it reloads (a test that holds a request back). */
export async function choosePurpose(page: Page, purpose: PurposeKey): Promise<void> {
  await page.getByTestId('purpose-picker').locator('[role="combobox"]').click();
  const option = page.locator(`li[role="option"][data-value="${purpose}"]`);
  await option.click();
  // That option, not any: a list's column chooser keeps options of its own in the page.
  await option.waitFor({ state: 'detached' });
}

/** The purpose shown in the picker (its hidden input holds the key). */
export async function currentPurpose(page: Page): Promise<string> {
  return page.getByTestId('purpose-picker').locator('input').inputValue();
}

/**
 * The list's total as react-admin shows it under the table (`1 - 10 / 42`), or 0 when it shows
 * its "no results" message instead.
 */
export async function listTotal(page: Page): Promise<number> {
  await waitForIdle(page);
  const shown = page.locator('.MuiTablePagination-displayedRows')
    .or(page.getByText('結果が見つかりませんでした')).or(page.locator('.RaEmpty-message')).first();
  await shown.waitFor();
  const text = await shown.innerText();
  const total = /\/\s*([\d,]+)/.exec(text);
  return total ? Number(total[1].replace(/,/g, '')) : 0;
}

/** Saves a full-page screenshot to test-artifacts/<name>.png (git-ignored) for a human to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // From the top: a full-page shot of a scrolled page draws the fixed app bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells; the trailing line end adds no row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/**
 * Starts a list's CSV export: CSV出力, then the reason the export dialog asks for, recorded with the
 * export (export/ExportReasonDialog.tsx).
 */
export async function startExport(page: Page, reason = '業務確認のため'): Promise<void> {
  await page.getByRole('button', { name: 'CSV出力' }).click();
  const dialog = page.getByTestId('export-reason');
  await dialog.locator('textarea[name="reason"]').fill(reason);
  await dialog.getByRole('button', { name: '記録して書き出す' }).click();
}

/** Shows these columns of the list (by their labels) through the column chooser (列を編集). */
export async function chooseColumns(page: Page, labels: readonly string[]): Promise<void> {
  await page.getByRole('button', { name: '列を編集' }).click();
  const chooser = page.locator('.MuiPopover-paper').filter({ has: page.getByPlaceholder('列を検索') });
  for (const label of labels) {
    const toggle = chooser.getByLabel(label, { exact: true });
    if (!(await toggle.isChecked())) await toggle.click();
  }
  await page.keyboard.press('Escape');
  await chooser.waitFor({ state: 'hidden' }); // kept in the page, closed
  await waitForIdle(page);
}
