// Settings are parsed once, in server/src/config.ts: a bad value stops the server with one line naming it
// (never a silent default, as MAMORI_LOGIN_MAX_FAILURES=abc once disabled the lockout); HSTS follows
// MAMORI_PUBLIC_URL.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { STARTUP_EXIT_CODES } from '../server/src/startup/startup-error';
import { startApp } from '../server/src/app';
import { loadSettings, parseSettings, SettingsError } from '../server/src/config';
import { startTestServer } from './helpers/server';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  loadSettings();
});

describe('parsing', () => {
  test('unset or empty settings take their defaults', () => {
    const { settings: s, problems } = parseSettings({ PORT: '', MAMORI_LOGIN_MAX_FAILURES: '  ' });
    expect(problems).toEqual([]);
    expect(s).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', MAMORI_LOGIN_MAX_FAILURES: 50, MAMORI_METRICS_PORT: 9464, MAMORI_COMPILED_READS: true, MAMORI_PUBLIC_URL: null });
  });

  test.each([
    ['MAMORI_LOGIN_MAX_FAILURES', 'abc', 'a whole number from 10 to 100000'],
    ['MAMORI_LOGIN_MAX_FAILURES', '0', 'a whole number from 10 to 100000'],
    ['MAMORI_LOGIN_MAX_FAILURES', '12.5', 'a whole number from 10 to 100000'],
    ['PORT', '80000', 'a whole number from 0 to 65535'],
    ['PORT', '4000abc', 'a whole number from 0 to 65535'],
    ['MAMORI_STATEMENT_TIMEOUT_MS', '1e3', 'a whole number'],
    ['MAMORI_AUDIT_SPIKE_MULTIPLIER', 'NaN', 'a number from 1 to 100'],
    ['MAMORI_COMPILED_READS', 'maybe', 'one of 1, true'],
    ['MAMORI_PUBLIC_URL', 'mamori.example.jp', 'an absolute http or https URL'],
    ['MAMORI_LOG_LEVEL', 'loud', 'one of fatal'],
    ['MAMORI_PRIVACY_DUE_DAYS_DELETION', '365', 'a whole number from 1 to 90'],
  ])('%s=%s is refused, naming the setting and what it must be', (name, value, expected) => {
    const { problems } = parseSettings({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(expected);
    expect(problems[0]).toContain(`"${value}"`);
  });

  test('a secret is never repeated in the message', () => {
    const { problems } = parseSettings({ MAMORI_SECRET: 'short-secret', DATABASE_URL: 'mysql://u:hunter2@db/x' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['DATABASE_URL', 'MAMORI_SECRET']);
    expect(problems.join(' ')).not.toMatch(/short-secret|hunter2/);
  });

  test('an unknown MAMORI_ name is refused (a typo would otherwise be a silent default), with the likely one', () => {
    const { problems } = parseSettings({ MAMORI_LOGIN_MAX_FAILURE: '3', MAMORI_STATISTICS_K: '3', OTHER_TOOL_SETTING: 'x' });
    expect(problems).toEqual([
      'MAMORI_LOGIN_MAX_FAILURE is not a setting of Mamori (did you mean MAMORI_LOGIN_MAX_FAILURES?)',
      expect.stringMatching(/^MAMORI_STATISTICS_K is no longer a setting \(k is policy now/),
    ]);
  });

  test('several bad values make one SettingsError naming each', () => {
    expect(() => loadSettings({ PORT: 'x', MAMORI_GUARDIAN_AGE: '-1' })).toThrowError(SettingsError);
    try {
      loadSettings({ PORT: 'x', MAMORI_GUARDIAN_AGE: '-1' });
    } catch (e) {
      expect((e as SettingsError).problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'MAMORI_GUARDIAN_AGE']);
      expect((e as Error).message.split('\n')).toHaveLength(1);
    }
  });
});

/** Runs `npm start`'s command with `env`; its exit code and output once it ends (or is killed after `ms`). */
function start(env: Record<string, string>, ms = 30_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env: { ...saved, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stderr, stdout }); });
  });
}

describe('the server refuses to start on a bad setting', () => {
  test('MAMORI_LOGIN_MAX_FAILURES=abc: the exit code of a bad setting, one line naming it, no stack trace, nothing started', async () => {
    const r = await start({ MAMORI_LOGIN_MAX_FAILURES: 'abc', DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(r.code).toBe(STARTUP_EXIT_CODES.CONFIGURATION);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/MAMORI_LOGIN_MAX_FAILURES must be a whole number from 10 to 100000, not "abc"/);
    expect(r.stdout).not.toMatch(/running/);
  });

  test('a bad login setting (parsed by auth/login-settings.ts) stops it the same way', async () => {
    const r = await start({ MAMORI_TRUSTED_PROXIES: '10.0.0.0/99', DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    expect(r.code).toBe(STARTUP_EXIT_CODES.CONFIGURATION);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('MAMORI_TRUSTED_PROXIES')]);
  });

  test('a server started in-process refuses too (startApp loads the settings)', async () => {
    process.env.PORT = 'eighty';
    // It throws before it touches its dependencies.
    await expect(startApp({ orm: null as never, secret: 'x' })).rejects.toThrowError(/PORT must be a whole number/);
  });
});

describe('HSTS', () => {
  test('sent on every answer when MAMORI_PUBLIC_URL is https, not when it is http or unset', async () => {
    const headerOf = async (publicUrl: string | null) => {
      if (publicUrl) process.env.MAMORI_PUBLIC_URL = publicUrl; else delete process.env.MAMORI_PUBLIC_URL;
      const s = await startTestServer({ customers: 2 });
      try {
        const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
        const list = await fetch(`${s.url}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' },
          body: JSON.stringify({ query: '{ allCustomers(perPage: 1) { id } }' }),
        });
        const typename = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
        const page = await fetch(`${s.url}/`);
        return [list, typename, page].map((r) => r.headers.get('strict-transport-security'));
      } finally {
        await s.stop();
      }
    };
    expect(await headerOf('https://mamori.example.jp')).toEqual(Array(3).fill('max-age=31536000; includeSubDomains'));
    expect(await headerOf('http://localhost:4000')).toEqual([null, null, null]);
    expect(await headerOf(null)).toEqual([null, null, null]);
  });
});
