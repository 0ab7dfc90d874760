// The first thing `npm start` does: refuse a Node.js older than package.json's engines field, in one
// sentence. Imports only node:fs and a constant, so it runs on Node versions too old for the rest of the server.
import { readFileSync } from 'node:fs';
import { STARTUP_EXIT_CODES } from './startup-error';

/** `>=20.19` (the only form our engines field uses) → [20, 19, 0]; null for anything else. */
export function minimumOf(range: string): number[] | null {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

export function isOlder(version: number[], minimum: number[]): boolean {
  for (let i = 0; i < 3; i += 1) if (version[i] !== minimum[i]) return version[i] < minimum[i];
  return false;
}

export function assertSupportedNode(): void {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { engines?: { node?: string } };
  const range = pkg.engines?.node ?? '';
  const minimum = minimumOf(range);
  if (!minimum) throw new Error(`package.json's engines.node is "${range}": only ">=X.Y.Z" is understood`);
  const version = process.versions.node.split('.').map(Number);
  if (!isOlder(version, minimum)) return;
  console.error(`Mamori needs Node.js ${range} (package.json "engines") and this is Node.js ${process.versions.node} (${process.execPath}): install a newer Node.js and run npm start again.`);
  process.exit(STARTUP_EXIT_CODES.NODE_TOO_OLD);
}
