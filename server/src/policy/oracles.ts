import type { CategoryKey } from '../../../schema/policy';
import { forbidden } from '../common/errors';
import type { RequestContext } from '../context';
import { accessFor } from './field-masking';

/**
 * Filters and sorts are not oracles: filtering or sorting by a field the caller does not see in clear
 * under this purpose is FORBIDDEN (cf. Keystone CVE-2025-46720).
 */
export function assertClearForQueryOrThrow(ctx: RequestContext, field: string, category: CategoryKey | null | undefined): void {
  if (!category) return;
  if (accessFor(ctx, category) !== 'CLEAR') {
    throw forbidden(`Filtering or sorting by ${field} is not allowed under this purpose`, `この利用目的では ${field} で絞り込み・並べ替えできません`);
  }
}

export function canSeeClear(ctx: RequestContext, category: CategoryKey): boolean {
  return accessFor(ctx, category) === 'CLEAR';
}
