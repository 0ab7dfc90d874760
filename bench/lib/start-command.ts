// How `npm start` runs Mamori (package.json), so the bench's Mamori servers run with the same Node flags.
import { readFileSync } from 'node:fs';

/** The `start` script, word by word: `node <flags…> --import tsx server/src/main.ts`. */
export function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.trim().split(/\s+/);
}

/** The Node flags of `npm start` (those before `--import tsx`). */
export function startNodeFlags(): string[] {
  const words = startCommand();
  const at = words.indexOf('--import');
  if (words[0] !== 'node' || at < 0) throw new Error(`npm start is not "node <flags> --import tsx …": ${words.join(' ')}`);
  return words.slice(1, at);
}
