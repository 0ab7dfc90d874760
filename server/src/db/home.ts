// Where local state lives (embedded database, demo secret): MAMORI_HOME.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstClosedFolder, lookupPostgresUser, NOT_YET_CREATED, runsAsRoot, SHARED_ROOT } from './embedded-runtime';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface MamoriHome {
  dir: string;
  /** Why the home is not `.mamori` in the checkout, for the start banner; null when it is, or was set. */
  why: string | null;
}

/**
 * `configured` (the MAMORI_HOME setting, relative to the working directory) when set; else `.mamori` in the checkout. Under root the
 * embedded PostgreSQL runs as `postgres`: when that user cannot reach the checkout (a clone in root's home,
 * mode 700), the home is SHARED_ROOT/<hash of the checkout's path> instead, one per checkout.
 */
export function resolveMamoriHome(configured: string | null): MamoriHome {
  if (configured) return { dir: path.resolve(configured), why: null };
  const inCheckout = path.join(REPO_ROOT, '.mamori');
  if (!runsAsRoot()) return { dir: inCheckout, why: null };
  const closed = firstClosedFolder(lookupPostgresUser() ?? NOT_YET_CREATED, path.join(inCheckout, 'pgdata'));
  if (!closed) return { dir: inCheckout, why: null };
  const checkout = realpathSync(REPO_ROOT);
  const hash = createHash('sha256').update(checkout).digest('hex').slice(0, 12);
  return {
    dir: path.join(SHARED_ROOT, hash),
    why: `not in the checkout: PostgreSQL runs as the user "postgres", which cannot enter ${closed}; MAMORI_HOME chooses another folder`,
  };
}
