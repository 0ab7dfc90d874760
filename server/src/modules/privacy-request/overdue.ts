import { todayInJapan } from '../../common/japan-dates';
import { CLOSED_STATUSES, type PrivacyRequestStatus } from './privacy-request.entity';

/** What `overdue` reads of a request (an entity, or the compiled path's record alike). */
export interface RequestDates { status: PrivacyRequestStatus; dueAt: string }

/** Open and past its due date (a Japanese calendar day). */
export function isOverdue(r: RequestDates, today = todayInJapan()): boolean {
  return !CLOSED_STATUSES.includes(r.status) && r.dueAt < today;
}
