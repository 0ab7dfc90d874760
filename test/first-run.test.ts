// The first run as a newcomer meets it: the real `npm start` in each situation that stops it, which must end
// in one sentence and the exit code of its reason, never a stack trace; and what already works (a missing
// locale, kill -9 of everything, Ctrl-C) keeps working.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { findFreePort, startEmbeddedPostgres } from '../server/src/db/embedded';
import { STARTUP_EXIT_CODES, type StartupReason } from '../server/src/startup/startup-error';
import { dataDirOf, graphqlAnswers, npmRun, ownLines } from './helpers/npm-start';
import { OLD_NODE_VERSION, oldNodeAvailable, oldNodeBinDir } from './helpers/old-node';

const homes: string[] = [];
/** A fresh MAMORI_HOME, enterable by the `postgres` user when the suite runs as root. */
function newHome(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mamori-first-run-'));
  spawnSync('chmod', ['755', dir]);
  homes.push(dir);
  return dir;
}
afterAll(() => { for (const dir of homes) rmSync(dir, { recursive: true, force: true }); });

/** The embedded PostgreSQL, not the suite's DATABASE_URL; a start that fails fast; no stray output. */
const EMBEDDED = { DATABASE_URL: undefined, MAMORI_DEBUG: undefined, MAMORI_DEMO_CUSTOMERS: '20' };

/** Runs npm start to its end: exactly one line besides npm's header, no stack, the reason's exit code. */
async function failsWith(reason: StartupReason, env: Record<string, string | undefined>, pathPrefix?: string) {
  const run = npmRun(['start'], { ...EMBEDDED, ...(pathPrefix ? { PATH: `${pathPrefix}:${process.env.PATH}` } : {}), ...env });
  const code = await run.exited;
  const lines = ownLines(run.output());
  expect(lines, run.output()).toHaveLength(1);
  expect(run.output()).not.toMatch(/^\s+at |node:internal|Error:/m);
  expect(code, run.output()).toBe(STARTUP_EXIT_CODES[reason]);
  return lines[0];
}

describe('npm start stops in one sentence', () => {
  test('the port is taken: it names the port and how to choose another', async () => {
    const port = await findFreePort();
    const squatter: Server = createServer().listen(port, '127.0.0.1');
    try {
      const line = await failsWith('PORT_IN_USE', { PORT: String(port), MAMORI_HOME: newHome() });
      expect(line).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(line).toMatch(/PORT=\d+ npm start/);
    } finally {
      squatter.close();
    }
  });

  test('Node.js older than the engines field', { timeout: 180_000 }, async (ctx) => {
    if (!oldNodeAvailable) ctx.skip();
    const engines = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;
    const line = await failsWith('NODE_TOO_OLD', { MAMORI_HOME: newHome() }, oldNodeBinDir());
    expect(line).toContain(`Mamori needs Node.js ${engines}`);
    expect(line).toContain(`this is Node.js ${OLD_NODE_VERSION}`);
  });

  test('the data folder belongs to another PostgreSQL version', async () => {
    const home = newHome();
    mkdirSync(dataDirOf(home));
    writeFileSync(path.join(dataDirOf(home), 'PG_VERSION'), '14\n');
    writeFileSync(path.join(dataDirOf(home), 'postgresql.conf'), '');
    const line = await failsWith('DATA_OTHER_VERSION', { MAMORI_HOME: home });
    expect(line).toContain(`${dataDirOf(home)} holds a PostgreSQL 14 database and this Mamori runs PostgreSQL 15`);
    expect(line).toContain(`mv "${dataDirOf(home)}"`);
  });

  test('the data folder is damaged, or is no data folder at all', async () => {
    const home = newHome();
    const server = await startEmbeddedPostgres({ dataDir: dataDirOf(home) });
    await server.stop();
    writeFileSync(path.join(dataDirOf(home), 'global', 'pg_control'), 'not a control file');
    let line = await failsWith('DATA_DAMAGED', { MAMORI_HOME: home });
    expect(line).toMatch(/^The embedded PostgreSQL would not start on .*: .*pg_control.*If the folder is damaged, move it away/);

    rmSync(path.join(dataDirOf(home), 'PG_VERSION'));
    line = await failsWith('DATA_DAMAGED', { MAMORI_HOME: home });
    expect(line).toContain('is not empty but is no PostgreSQL data folder');
  });

  test('as root, MAMORI_HOME in a folder the postgres user cannot enter', async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip();
    const closed = newHome();
    spawnSync('chmod', ['700', closed]);
    const line = await failsWith('DATA_UNREACHABLE', { MAMORI_HOME: path.join(closed, 'home') });
    expect(line).toContain(`runs as the user "postgres", which cannot enter ${closed} and so cannot use ${closed}/home/pgdata`);
  });

  test('DATABASE_URL names a server that is not there', async () => {
    const port = await findFreePort();
    const line = await failsWith('DATABASE_UNREACHABLE', { DATABASE_URL: `postgres://mamori:secret-password@127.0.0.1:${port}/mamori` });
    expect(line).toContain(`The database named by DATABASE_URL (127.0.0.1:${port}) cannot be reached`);
    expect(line).not.toContain('secret-password');
  });

  test('DATABASE_URL names a server that refuses the login', async () => {
    const url = new URL(inject('mamoriAdminUrl'));
    url.username = 'mamori_no_such_user';
    url.password = 'secret-password';
    const line = await failsWith('DATABASE_LOGIN_REFUSED', { DATABASE_URL: url.toString() });
    expect(line).toContain('refused the login of user "mamori_no_such_user"');
    expect(line).not.toContain('secret-password');
  });

  test('DATABASE_URL is not a PostgreSQL URL', async () => {
    const line = await failsWith('CONFIGURATION', { DATABASE_URL: 'mysql://localhost/mamori' });
    expect(line).toContain('DATABASE_URL must be an absolute postgres or postgresql URL');
  });

  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  test('the disk is full', async (ctx) => {
    if (!canMount) ctx.skip();
    const home = newHome();
    const tiny = path.join(home, 'tiny');
    mkdirSync(tiny);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=755', 'tmpfs', tiny], { encoding: 'utf8' });
    if (mounted.status !== 0) ctx.skip(); // no CAP_SYS_ADMIN here
    try {
      const line = await failsWith('DISK_FULL', { MAMORI_HOME: tiny });
      expect(line).toMatch(new RegExp(`^The disk holding ${tiny}/pgdata is full \\(initdb: .*No space left on device\\): free some space`));
    } finally {
      spawnSync('umount', [tiny]);
    }
  });
});

describe('what works keeps working', () => {
  test('without its locale installed, npm start serves; after kill -9 of everything it starts again; Ctrl-C stops everything', { timeout: 240_000 }, async () => {
    const installed = spawnSync('locale', ['-a'], { encoding: 'utf8' }).stdout.split('\n');
    const missing = ['ja_JP.UTF-8', 'ja_JP.utf8'].some((l) => installed.includes(l)) ? 'xx_XX.UTF-8' : 'ja_JP.UTF-8';
    const home = newHome();
    const env = { ...EMBEDDED, MAMORI_HOME: home, PORT: '0', LANG: missing, LC_ALL: missing, LC_MESSAGES: missing };

    const first = npmRun(['start'], env);
    const url = await first.running();
    expect(await graphqlAnswers(url)).toBe(true);
    expect(first.output()).toContain(`Database: embedded PostgreSQL 15 in ${dataDirOf(home)}`);
    await first.killGroup();
    expect(existsSync(path.join(dataDirOf(home), 'postmaster.pid'))).toBe(true); // left behind, stale

    const second = npmRun(['start'], env);
    expect(await graphqlAnswers(await second.running())).toBe(true);
    await second.interrupt();
    expect(second.output()).toContain('SIGINT: stopping');
    expect(second.output()).not.toMatch(/^\s+at |node:internal/m);
    // The postmaster removes its pid file last, on a clean shutdown.
    expect(existsSync(path.join(dataDirOf(home), 'postmaster.pid'))).toBe(false);
  });
});
