// Target 8: the admin UI's initial JavaScript (gzip) and the time to the first customer list render in Chromium.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD, demoEmail } from '../../server/src/seeders';
import { median } from '../lib/load';
import { sharedServer } from '../lib/fixture';
import { ms, type BenchContext } from '../lib/report';

const DIST = 'admin-ui/dist';
const LOADS = 5;

export async function ui(ctx: BenchContext): Promise<void> {
  const { files, gzip, raw } = initialJs();
  ctx.report({ target: '8 UI', measure: `initial JS: entry + ${files - 1} preloaded chunks (gzip -6)`, value: `${(gzip / 1024).toFixed(0)} KiB`, baseline: `${(raw / 1024).toFixed(0)} KiB raw` });
  const server = await sharedServer('mamori', ctx.log);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/login`);
    await page.locator('input[name="username"]').fill(demoEmail('SUPPORT'));
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('purpose-picker').locator('[role="combobox"]').click();
    await page.locator('li[role="option"][data-value="INQUIRY_RESPONSE"]').click();
    await page.goto(`${server.url}/#/Customer`);
    await firstRow(page);
    // The session lives in sessionStorage (per tab): each load is a reload of the same tab.
    const cdp = await context.newCDPSession(page);
    const times: Record<'cold' | 'warm', number[]> = { cold: [], warm: [] };
    for (let i = 0; i < LOADS; i++) {
      for (const kind of ['cold', 'warm'] as const) {
        // Cold: no HTTP cache (a first visit); warm: the bundle cached by the previous load.
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: kind === 'cold' });
        const t0 = Date.now();
        await page.reload();
        await firstRow(page);
        times[kind].push(Date.now() - t0);
      }
    }
    ctx.report({ target: '8 UI', measure: `first customer list render in Chromium (navigation → first row), median of ${LOADS}`, value: `cold ${ms(median(times.cold))}`, baseline: `warm cache ${ms(median(times.warm))}` });
  } finally {
    await browser.close();
  }
}

/** The list's first data row (a customer number in its cells). */
function firstRow(page: Page) {
  return page.locator('tbody tr td', { hasText: /C\d{7}/ }).first().waitFor();
}

/** The JavaScript index.html loads before anything renders: its module entry and modulepreload links. */
function initialJs(): { files: number; gzip: number; raw: number } {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  if (!refs.length) throw new Error('no script in admin-ui/dist/index.html: run npm run build');
  const bodies = refs.map((f) => readFileSync(path.join(DIST, f)));
  return { files: refs.length, raw: bodies.reduce((s, b) => s + b.length, 0), gzip: bodies.reduce((s, b) => s + gzipSync(b, { level: 6 }).length, 0) };
}
