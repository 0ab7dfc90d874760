import { isPurposeKey, type PurposeKey } from './purposes';
import { isRoleKey, type RoleKey } from './roles';

/**
 * The most rows one CSV export may hold, by role and the purpose declared (`NO_PURPOSE`: none
 * declared, for roles that read no personal data). A role or purpose not listed exports nothing
 * (fail closed). Every export also gives a reason and is recorded in the trail with its row count.
 * The caps are sized to each task: a carrier's day of deliveries, a mailing house's mailing, a
 * support agent's handful of cases; bulk personal data leaves only through the tasks that need it.
 */
export const EXPORT_CAPS: Record<RoleKey, Partial<Record<PurposeKey | 'NO_PURPOSE', number>>> = {
  SUPPORT: {
    IDENTITY_VERIFICATION: 20, TRANSACTION: 100, AFTER_SALES: 100, INQUIRY_RESPONSE: 100, FAMILY_INQUIRY: 20, FAMILY_IDENTIFICATION: 20,
  },
  FULFILLMENT: { SHIPPING: 2_000, TRANSACTION: 500 },
  MARKETING: { PROMOTION: 10_000, SURVEY_EVENT: 10_000, NEW_PRODUCT_INFO: 10_000 },
  ACCOUNTING: { TRANSACTION: 1_000, CREDIT_MANAGEMENT: 1_000 },
  PRIVACY_MANAGER: { PRIVACY_ADMINISTRATION: 5_000 },
  AUDITOR: { PRIVACY_ADMINISTRATION: 10_000 },
  ADMIN: { NO_PURPOSE: 1_000 },
  CARRIER: { SHIPPING: 500 },
  MAILING_HOUSE: { PROMOTION: 50_000, SURVEY_EVENT: 50_000, NEW_PRODUCT_INFO: 50_000 },
  COLLECTION_AGENCY: { CREDIT_MANAGEMENT: 200 },
};

/** The export cap of `role` under `purpose` (null: none declared); 0 when it may not export. */
export function exportCap(role: unknown, purpose: unknown): number {
  if (!isRoleKey(role)) return 0;
  if (purpose !== null && !isPurposeKey(purpose)) return 0;
  return EXPORT_CAPS[role][purpose ?? 'NO_PURPOSE'] ?? 0;
}
