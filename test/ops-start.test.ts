// `npm start` as an operator runs it (#22 item 6): JSON log lines on standard output after the banner,
// /metrics on MAMORI_METRICS_PORT (loopback), /healthz and /readyz; a taken metrics port stops a second
// start with one sentence naming the setting.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findFreePort } from '../server/src/db/embedded';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { STARTUP_EXIT_CODES } from '../server/src/startup/startup-error';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { Scrape } from './helpers/metrics';
import { type NpmRun, npmRun, ownLines } from './helpers/npm-start';
import { TEST_SECRET } from './helpers/server';

let db: TestDatabase;
let server: NpmRun;
let url: string;
let metricsPort: number;
const env = (extra: Record<string, string>) => ({ DATABASE_URL: db.url, MAMORI_SECRET: TEST_SECRET, MAMORI_DEMO_CUSTOMERS: '5', MAMORI_DEBUG: undefined, ...extra });

beforeAll(async () => {
  db = await createTestDatabase();
  metricsPort = await findFreePort();
  server = npmRun(['start'], env({ PORT: String(await findFreePort()), MAMORI_METRICS_PORT: String(metricsPort) }));
  url = await server.running();
}, 180_000);
afterAll(async () => {
  await server?.interrupt();
  await db?.drop();
});

/** The output's JSON lines (the banner's lines are plain text). */
const jsonLines = () => server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);

test('the banner names health and metrics; then JSON lines: started, one per request, none holding the password or the token', async () => {
  expect(server.output()).toContain(`Health: ${url}/healthz, ${url}/readyz · metrics: http://127.0.0.1:${metricsPort}/metrics`);
  const wrong = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'start-wrong' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: demoEmail('SUPPORT'), p: 'not-the-password' } }) });
  expect((await wrong.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const ok = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'start-login' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: demoEmail('SUPPORT'), p: DEMO_PASSWORD } }) });
  const token: string = (await ok.json()).data.login.token;
  await expect.poll(() => jsonLines().filter((l) => l.msg === 'request').map((l) => l.requestId), { timeout: 10_000 }).toEqual(['start-wrong', 'start-login']);
  expect(jsonLines()[0]).toMatchObject({ level: 'info', msg: 'started', service: 'mamori', url, metrics: `http://127.0.0.1:${metricsPort}/metrics` });
  expect(jsonLines().find((l) => l.requestId === 'start-wrong')).toMatchObject({ operation: 'login', code: 'UNAUTHENTICATED', status: '200' });
  const logged = server.output().split('\n').filter((l) => l.startsWith('{')).join('\n');
  for (const secret of [DEMO_PASSWORD, 'not-the-password', token, demoEmail('SUPPORT'), TEST_SECRET]) expect(logged).not.toContain(secret);
});

test('metrics on the loopback port count what was served; /healthz and /readyz answer on the main port', async () => {
  const m = await Scrape.of(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(m.value('mamori_graphql_requests_total', { operation: 'login', code: 'UNAUTHENTICATED' })).toBe(1);
  expect(m.value('mamori_graphql_requests_total', { operation: 'login', code: 'OK' })).toBe(1);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', ready: true, database: 'ok', trail: 'ok' });
});

test('a second npm start on a taken metrics port stops before anything starts: exit 11, one sentence naming MAMORI_METRICS_PORT', async () => {
  const second = npmRun(['start'], env({ PORT: String(await findFreePort()), MAMORI_METRICS_PORT: String(metricsPort) }));
  const code = await second.exited;
  expect(code, second.output()).toBe(STARTUP_EXIT_CODES.PORT_IN_USE);
  expect(ownLines(second.output())).toEqual([expect.stringMatching(new RegExp(`^Port ${metricsPort} on 127\\.0\\.0\\.1 \\(MAMORI_METRICS_PORT, the metrics\\) is already in use.*MAMORI_METRICS_PORT=0`))]);
}, 60_000);
