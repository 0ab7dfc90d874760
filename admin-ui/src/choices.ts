import { CATEGORY_KEYS, CONSENT_PURPOSES, PURPOSE_KEYS, ROLE_KEYS } from '../../schema/policy';

/**
 * The enum values of the API, in display order. Labels live in i18n under `mamori.enums.<name>.<VALUE>`;
 * purposes, roles and data categories come from schema/policy.
 */
export const ENUMS = {
  customerSource: ['PHONE', 'LETTER', 'FAX', 'EMAIL', 'WEB', 'IN_PERSON', 'REFERRAL'],
  customerStatus: ['ACTIVE', 'USE_STOPPED', 'ERASED'],
  gender: ['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED'],
  orderStatus: ['PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED'],
  paymentStatus: ['PAID', 'UNPAID', 'OVERDUE'],
  channel: ['PHONE', 'LETTER', 'FAX', 'EMAIL', 'WEB', 'IN_PERSON'],
  direction: ['INBOUND', 'OUTBOUND'],
  interactionKind: ['INQUIRY', 'ORDER', 'COMPLAINT', 'PRIVACY_REQUEST', 'OTHER'],
  /** What a customer consents to: the consent purposes of 【4】, third-party provision (【9】) and cookies (【15】). */
  consentPurpose: [...CONSENT_PURPOSES, 'THIRD_PARTY_PROVISION', 'COOKIES', 'SENSITIVE_INFORMATION', 'FOREIGN_PROVISION'],
  contractorService: ['DELIVERY', 'DIRECT_MAIL', 'EMAIL_DELIVERY', 'CARD_PROCESSING', 'PHONE_FOLLOW_UP', 'COLLECTION'],
  /** A change event's action (server trail/change-trail.ts). */
  changeAction: ['CREATE', 'UPDATE', 'DELETE'],
  /** The security events the server records (server trail/security-events.ts). */
  securityEvent: [
    'LOGIN_OK', 'LOGIN_FAILED', 'LOCKOUT', 'LOGOUT', 'API_KEY_CREATED', 'API_KEY_REVOKED', 'PURPOSE_REFUSED', 'FORBIDDEN',
    'UNAUTHENTICATED', 'LOGIN_PENDING', 'LOGIN_THROTTLED', 'LOGIN_UNLOCKED', 'MFA_ENROLLED', 'MFA_RESET', 'RECOVERY_CODE_USED',
    'TRUSTED_DOCUMENT_REGISTERED', 'TRUSTED_DOCUMENT_APPROVED', 'TRUSTED_DOCUMENT_REVOKED', 'UNTRUSTED_DOCUMENT',
    'STAFF_BOOTSTRAPPED', 'PASSWORD_SETUP_ISSUED', 'PASSWORD_SET', 'PASSWORD_SETUP_REFUSED',
  ],
  /** Privacy requests (【11】【12】, server modules/privacy-request). */
  privacyRequestKind: ['DISCLOSURE', 'CORRECTION', 'STOP_USE', 'STOP_PROVISION', 'DELETION', 'PROVISION_RECORD_DISCLOSURE', 'FOREIGN_MEASURES_INFO'],
  privacyRequestStatus: ['RECEIVED', 'VERIFYING', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'COMPLETED', 'REFUSED'],
  /** A second person's decision on an erasure asked for (server erasure.service.ts). */
  erasureDecision: ['APPROVED', 'REJECTED'],
  requesterKind: ['PERSON', 'AGENT', 'GUARDIAN'],
  authorityDocument: ['POWER_OF_ATTORNEY', 'FAMILY_REGISTER', 'GUARDIANSHIP_CERTIFICATE', 'OTHER_DOCUMENT'],
  identityCheck: [
    'ID_DOCUMENT_COPY', 'ID_DOCUMENT_IN_PERSON', 'REGISTERED_PHONE_CALLBACK', 'REGISTERED_ADDRESS_MAIL', 'REGISTERED_EMAIL_CONFIRMATION',
  ],
  /** Third-party provision (【9】): consent, or a legal exception. */
  provisionLegalBasis: ['CONSENT', 'ENTRUSTMENT', 'HOUSEHOLD_SALES_CONTRACT', 'LAW', 'PUBLIC_AUTHORITY', 'VITAL_INTERESTS'],
  /** Why a leak must be reported (APPI art. 26). */
  leakReportableReason: ['SENSITIVE_DATA', 'FINANCIAL_HARM', 'MALICIOUS_INTENT', 'MORE_THAN_1000_PEOPLE'],
  auditStatus: ['PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'],
  /** Work handed to contractors (server modules/collection-case, modules/mailing). */
  caseCloseReason: ['SETTLED', 'RECALLED', 'ERASED'],
  mailingStatus: ['DRAFT', 'HANDED_OVER', 'SENT', 'CANCELLED'],
  /** Most severe first. */
  findingSeverity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'],
  /** Where a finding stands (#21): the first two are unresolved. */
  findingStatus: ['OPEN', 'IN_PROGRESS', 'ACCEPTED', 'REMEDIATED', 'FALSE_POSITIVE'],
  findingCode: [
    'CLEAR_READ_VOLUME', 'CLEAR_READ_SPIKE', 'OUT_OF_HOURS', 'CLEAR_BEYOND_POLICY', 'PURPOSE_MISMATCH', 'MANY_READERS',
    'CONTRACTOR_REVIEW_OVERDUE', 'CONTRACTOR_AGREEMENT_LAPSED', 'CONTRACTOR_ACCOUNT_AFTER_LAPSE', 'MARKETING_WITHOUT_CONSENT',
    'MINOR_WITHOUT_GUARDIAN_CONSENT', 'PRIVACY_REQUEST_OVERDUE', 'LEAK_REPORT_OVERDUE', 'COMPLAINT_OVERDUE', 'SENSITIVE_WITHOUT_CONSENT', 'RETENTION_NOT_SWEPT',
    'TRAIL_CHAIN_VERIFIED', 'TRAIL_CHAIN_BROKEN', 'CHECK_SKIPPED', 'PRIVILEGED_GRANT',
  ],
  complaintStatus: ['OPEN', 'ANSWERED', 'CLOSED'],
  /** Statistics (purpose 10): what a result is broken down by and what it counts. */
  statisticsDimension: ['PREFECTURE', 'AGE_BAND', 'GENDER', 'PRODUCT', 'MONTH'],
  statisticsMetric: ['CUSTOMERS', 'ORDERS', 'REVENUE'],
  ageBand: ['UNDER_20', 'AGE_20S', 'AGE_30S', 'AGE_40S', 'AGE_50S', 'AGE_60S', 'AGE_70_PLUS', 'UNKNOWN'],
} as const;

export type EnumName = keyof typeof ENUMS;

export interface Choice {
  id: string;
  name: string;
}

/** Choices for SelectField / SelectInput; react-admin translates the names. */
export function enumChoices(name: EnumName): Choice[] {
  return ENUMS[name].map((id) => ({ id, name: `mamori.enums.${name}.${id}` }));
}

export const purposeChoices = (keys: readonly string[] = PURPOSE_KEYS): Choice[] =>
  keys.map((id) => ({ id, name: `mamori.purposes.${id}` }));

export const roleChoices = (): Choice[] => ROLE_KEYS.map((id) => ({ id, name: `mamori.roles.${id}` }));

export const categoryChoices = (): Choice[] => CATEGORY_KEYS.map((id) => ({ id, name: `mamori.categories.${id}` }));
