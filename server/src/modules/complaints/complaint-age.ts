import { InteractionKind } from '../../common/enums';
import { ComplaintStatus } from './complaint-status';

/** What the complaint fields computed from an interaction read (an entity, or the compiled path's record alike). */
export interface ComplaintDates {
  kind: InteractionKind;
  complaintStatus?: ComplaintStatus | null;
  complaintClosedAt?: Date | null;
  complaintDueDate?: string | null;
  occurredAt: Date;
}

const DAY_MS = 86_400_000;

/** Days since a complaint was received: until now while it is open or answered, until it was closed after. */
export function complaintAgeDays(i: ComplaintDates, now = new Date()): number | null {
  if (i.kind !== InteractionKind.COMPLAINT) return null;
  const end = i.complaintStatus === ComplaintStatus.CLOSED && i.complaintClosedAt ? i.complaintClosedAt : now;
  return Math.max(0, Math.floor((end.getTime() - new Date(i.occurredAt).getTime()) / DAY_MS));
}

/** An open complaint past its due date (Japan time). */
export function complaintOverdue(i: ComplaintDates, now = Date.now()): boolean {
  if (i.kind !== InteractionKind.COMPLAINT || (i.complaintStatus ?? ComplaintStatus.OPEN) !== ComplaintStatus.OPEN || !i.complaintDueDate) return false;
  return i.complaintDueDate < new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
}
