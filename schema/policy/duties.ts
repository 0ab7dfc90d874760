import { CATEGORY_KEYS, type CategoryKey } from './categories';
import type { PurposeKey } from './purposes';
import { isRoleKey, type RoleKey } from './roles';
import { mayPerform, RESOURCES } from './resources';

/**
 * Who may carry which duty of the privacy office and the desk, read from the resources they act on, and
 * the purposes those duties are done under. Services ask these; none names a role or purpose itself.
 */

/** The purpose of the privacy office's own work: people's requests, audits, the trail (【10】【11】【13】). */
export const PRIVACY_OFFICE_PURPOSE: PurposeKey = 'PRIVACY_ADMINISTRATION';

/** Whether an account of `role` may conduct an audit (be its auditor): whoever may run audits (RESOURCES.Audit.update). */
export function mayConductAudits(role: unknown): boolean {
  return isRoleKey(role) && (RESOURCES.Audit.update as readonly RoleKey[]).includes(role);
}

/** Whether an account of `role` may own a complaint (【14】): whoever may update interactions, of which complaints are a kind. */
export function mayHandleComplaints(role: unknown): boolean {
  return isRoleKey(role) && (RESOURCES.Interaction.update as readonly RoleKey[]).includes(role);
}

/**
 * Whether `role`, having declared `declared` (undefined: nothing), may take a disclosure file it produced:
 * fulfilling privacy requests is the privacy office's, under its own purpose and no other.
 */
export function mayTakeDisclosureFile(role: unknown, declared: string | undefined): boolean {
  if (!isRoleKey(role) || (declared && declared !== PRIVACY_OFFICE_PURPOSE)) return false;
  return mayPerform('PrivacyRequest', 'update', role, PRIVACY_OFFICE_PURPOSE);
}

const MARKETING_UNFIT: readonly CategoryKey[] = ['interaction.content', 'interaction.recording', 'order.shipping'];

/**
 * Data a purpose has no business asking for at all, not even masked: a request that reaches it shows
 * a use beyond the purpose (e.g. PROMOTION reading complaint transcripts), an audit finding. Only categories
 * the admin UI never selects under that purpose are listed (it selects every field of a resource, hidden ones
 * included, but never follows relations), so ordinary screens raise no finding.
 */
export const UNFIT_CATEGORIES: Partial<Record<PurposeKey, readonly CategoryKey[]>> = {
  PROMOTION: MARKETING_UNFIT,
  SURVEY_EVENT: MARKETING_UNFIT,
  NEW_PRODUCT_INFO: MARKETING_UNFIT,
  STATISTICS: CATEGORY_KEYS,
  FAMILY_INQUIRY: ['interaction.content', 'interaction.recording'],
  FAMILY_IDENTIFICATION: ['interaction.content', 'interaction.recording'],
};
