// What the admin UI's first page load costs: the entry script and the chunks index.html preloads.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, expect, test } from 'vitest';
import { ensureUiBuilt } from './helpers/browser';

const DIST = fileURLToPath(new URL('../admin-ui/dist/', import.meta.url));
const BUDGET_KB = 500;

beforeAll(ensureUiBuilt, 180_000);

test(`a first visit downloads at most ${BUDGET_KB} kB of gzipped JavaScript; screens load on demand`, async () => {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(initial.length).toBeGreaterThan(0);
  let bytes = 0;
  for (const file of initial) bytes += gzipSync(await readFile(path.join(DIST, file))).length;
  expect(bytes / 1024).toBeLessThanOrEqual(BUDGET_KB);
  // Screens are their own chunks, not in the first load.
  expect(initial.some((file) => /CustomerList|AccessEventList|PolicyMatrixPage/.test(file))).toBe(false);
});
