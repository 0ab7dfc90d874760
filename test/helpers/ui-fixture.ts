// One Chromium test file's parts: its own server and browser, one UI session, closed after the file.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RoleKey } from '../../schema/policy';
import { ensureUiBuilt, launchBrowser, loginAs, type UiSession } from './browser';
import { startTestServer, type TestServer } from './server';

export interface UiFixture { s: TestServer; browser: Browser; session: UiSession }

export interface UiFixtureOptions {
  customers?: number;
  /** Runs on the seeded server before the login (fixtures written straight into the database). */
  prepare?: (s: TestServer) => Promise<void>;
  /** Runs once logged in (a viewport, a first page). */
  afterLogin?: (session: UiSession) => Promise<void>;
}

/** Registers the file's beforeAll/afterAll: a server with `customers` demo customers, Chromium, `role` logged in. */
export function uiFixture(role: RoleKey, opts: UiFixtureOptions = {}): UiFixture {
  const f = {} as UiFixture;
  beforeAll(async () => {
    await ensureUiBuilt();
    [f.s, f.browser] = await Promise.all([startTestServer({ customers: opts.customers ?? 5 }), launchBrowser()]);
    await opts.prepare?.(f.s);
    f.session = await loginAs(f.browser, f.s, role);
    await opts.afterLogin?.(f.session);
  });
  afterAll(async () => {
    await f.browser?.close();
    await f.s?.stop();
  });
  return f;
}
