import { settings } from '../config';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';

/**
 * How much free text one request may mask, in characters (MAMORI_MASKING_BUDGET_CHARS). Masking is linear
 * (free-text.ts), so characters are its cost, counted exactly rather than timed. Past the budget every
 * further free-text field of the request is served null, as if hidden (fail closed), and the request's
 * first such field is recorded as a security event.
 */
export class MaskingBudget {
  spent = 0;
  /** Fields served null because the budget was spent. */
  fallbacks = 0;
  /** The request, for its security event (set by buildContext; none for masking outside a request). */
  owner: RequestContext | null = null;

  constructor(readonly limit: number = settings().MAMORI_MASKING_BUDGET_CHARS) {}

  /** Whether `chars` more characters may be masked (then they are counted); false when that would pass the budget. */
  allow(chars: number): boolean {
    if (this.spent + chars <= this.limit) {
      this.spent += chars;
      return true;
    }
    if (this.fallbacks++ === 0) reportFirstFallback(this, chars);
    return false;
  }
}

/** Everything that watches budget fallbacks (the metrics counter): told of each request's first one. */
const watchers: ((budget: MaskingBudget) => void)[] = [];
export function watchMaskingFallbacks(watch: (budget: MaskingBudget) => void): void {
  watchers.push(watch);
}

function reportFirstFallback(budget: MaskingBudget, chars: number): void {
  for (const watch of watchers) watch(budget);
  const ctx = budget.owner;
  if (!ctx) return;
  // Best effort and not awaited (masking is synchronous): the field is already null, whatever happens here.
  recordSecurityEvent(ctx, 'MASKING_BUDGET_EXCEEDED', { spent: budget.spent, limit: budget.limit, refused: chars })
    .catch(() => { failedReports.count += 1; });
}

/** Security events of spent budgets that could not be written (read by the metrics). */
export const failedReports = { count: 0 };
