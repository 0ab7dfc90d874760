import { toTokyoLocal } from '../../fields/format';

/** A review older than this is overdue: the audits' default `contractorReviewDays` (server audit-settings.ts). */
export const REVIEW_INTERVAL_DAYS = 365;
/** An agreement ending within this many days is flagged so it can be renewed in time. */
export const EXPIRY_WARNING_DAYS = 30;

export interface AgreementState {
  /** No confidentiality agreement, or it has expired: the contractor's accounts are refused (【8】). */
  lapsed: boolean;
  expiringSoon: boolean;
  reviewOverdue: boolean;
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** As the server and the audits judge it: dates are Japanese calendar days, compared in Tokyo. */
export function agreementState(
  contractor: { agreementDate?: string | null; agreementExpiresAt?: string | null; lastReviewedAt?: string | null },
  today = toTokyoLocal(new Date()).slice(0, 10),
): AgreementState {
  const expires = contractor.agreementExpiresAt ?? null;
  const lapsed = !contractor.agreementDate || (expires !== null && expires < today);
  return {
    lapsed,
    expiringSoon: !lapsed && expires !== null && expires <= addDays(today, EXPIRY_WARNING_DAYS),
    reviewOverdue: !contractor.lastReviewedAt || contractor.lastReviewedAt < addDays(today, -REVIEW_INTERVAL_DAYS),
  };
}
