// How the admin UI reaches the browser: precompressed assets (brotli, gzip), hashed assets cached for a
// year, index.html revalidated, and what the login screen costs to load in Chromium.
import { readdir, readFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appUrl, ensureUiBuilt, launchBrowser } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

const DIST = fileURLToPath(new URL('../admin-ui/dist/', import.meta.url));
// #21: the first screen's transfer ≤ 300 kB. What the login loads statically is one file (admin-ui/vite.config.ts).
const FIRST_SCREEN_BUDGET_KB = 300;

let s: TestServer;
let browser: Browser;
let entry: string;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  entry = /<script type="module"[^>]* src="\/(assets\/[^"]+\.js)"/.exec(html)![1];
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

interface Raw {
  status: number;
  headers: { get(name: string): string | null };
  /** The body as sent, not decoded (fetch would decode it). */
  body: Buffer;
}

const get = (route: string, acceptEncoding: string) => new Promise<Raw>((ok, fail) => {
  httpGet(`${s.url}${route}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => ok({
      status: res.statusCode ?? 0,
      headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : String(v); } },
      body: Buffer.concat(chunks),
    }));
  }).on('error', fail);
});

describe('hashed assets', () => {
  test('are sent brotli-compressed to a browser that accepts br, and decompress to the built file', async () => {
    const res = await get(`/${entry}`, 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const body = res.body;
    const built = await readFile(path.join(DIST, entry));
    expect(brotliDecompressSync(body).equals(built)).toBe(true);
    expect(body.length).toBeLessThan(built.length / 2.5);
  });

  test('are sent gzip-compressed when br is not accepted (or refused with q=0), as built when nothing is', async () => {
    for (const accept of ['gzip, deflate', 'br;q=0, gzip']) {
      const res = await get(`/${entry}`, accept);
      expect(res.headers.get('content-encoding'), accept).toBe('gzip');
      expect(gunzipSync(res.body).equals(await readFile(path.join(DIST, entry)))).toBe(true);
    }
    const plain = await get(`/${entry}`, 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body.equals(await readFile(path.join(DIST, entry)))).toBe(true);
  });

  test('are cached for a year as immutable; every built asset has a hash in its name', async () => {
    const res = await get(`/${entry}`, 'br');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const assets = (await readdir(path.join(DIST, 'assets'))).filter((f) => !/\.(br|gz)$/.test(f));
    for (const file of assets) expect(file).toMatch(/-[A-Za-z0-9_-]{8}\.[a-z]+$/);
  });

  test('a missing asset is a 404, not the app page; a path outside the assets is refused', async () => {
    expect((await get('/assets/missing-00000000.js', 'br')).status).toBe(404);
    expect((await get('/assets/..%2F..%2Fpackage.json', 'br')).status).toBe(404);
  });
});

test('index.html is revalidated on every visit (a new release is seen at once) and compressed too', async () => {
  for (const route of ['/', '/some/deep/link']) {
    const res = await get(route, 'identity');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.body.toString('utf8')).toContain('<div id="root">');
  }
});

test(`in Chromium, the login screen transfers at most ${FIRST_SCREEN_BUDGET_KB} kB, compressed; screens and the GraphQL client load later`, async () => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  const finished: Promise<{ url: string; bytes: number; encoding: string | null }>[] = [];
  page.on('requestfinished', (request) => {
    finished.push(Promise.all([request.sizes(), request.response()]).then(([sizes, response]) => ({
      url: request.url(),
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
      encoding: response?.headers()['content-encoding'] ?? null,
    })));
  });
  await page.goto(appUrl(s, '/login'));
  await page.locator('input[name="password"]').waitFor();
  await page.waitForLoadState('networkidle');
  const transfers = await Promise.all(finished);
  await context.close();
  const scripts = transfers.filter((t) => t.url.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  // Files under 1 kB as built are sent as they are (admin-ui/build/precompress.ts).
  for (const script of scripts) {
    const built = await readFile(path.join(DIST, new URL(script.url).pathname));
    if (built.length >= 1024) expect(script.encoding, script.url).toMatch(/^(br|gzip)$/);
  }
  const kB = transfers.reduce((sum, t) => sum + t.bytes, 0) / 1024;
  console.log(`login screen: ${transfers.length} responses, ${kB.toFixed(1)} kB transferred (${scripts[0].encoding})`);
  expect(kB).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_KB);
  // Screens are their own chunks, and the GraphQL data layer comes with the first read after login.
  expect(scripts.some((t) => /CustomerList|AccessEventList|PolicyMatrixPage|graphqlClient|dataProvider/.test(t.url))).toBe(false);
});
