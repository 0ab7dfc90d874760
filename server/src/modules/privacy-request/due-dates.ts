import { settings } from '../../config';
import { addDays, jstDateOf } from '../../common/japan-dates';
import { PrivacyRequestKind } from './privacy-request.entity';

/**
 * Days allowed to answer each kind of request, counted in calendar days from the day of receipt in
 * Japan (not business days: the promise to the person is a date they can count). Default 14;
 * `MAMORI_PRIVACY_DUE_DAYS_<KIND>` (e.g. `MAMORI_PRIVACY_DUE_DAYS_DELETION=30`) sets a kind's own.
 */
export const DUE_DAYS: Record<PrivacyRequestKind, number> = Object.fromEntries(
  Object.values(PrivacyRequestKind).map((k) => [k, settings()[`MAMORI_PRIVACY_DUE_DAYS_${k}`]]),
) as Record<PrivacyRequestKind, number>;

export function dueDateFor(kind: PrivacyRequestKind, receivedAt: Date): string {
  return addDays(jstDateOf(receivedAt), DUE_DAYS[kind]);
}
