import type { CategoryKey, MaskKind } from './categories';

/** A personal field: its data category and, where it differs from the category's default, its masking kind. */
export interface PersonalField {
  category: CategoryKey;
  mask?: MaskKind;
}

/** `null` declares a field non-personal. */
export type FieldClass = PersonalField | null;

const name: PersonalField = { category: 'contact.name', mask: 'name' };
const consent: PersonalField = { category: 'consent.record' };
const shipTo = (mask: MaskKind): PersonalField => ({ category: 'order.shipping', mask });

/**
 * Every field of every GraphQL object type that carries data about a person, classified.
 * The server's masking and shield map are generated from this, and a test walks the whole schema
 * and fails on any field of any object type not listed here (types listed in NON_PERSONAL_TYPES
 * excepted). Relation fields (e.g. `Order.customer`) are `null`: the object they lead to is masked
 * by its own fields, whatever the path.
 */
export const PERSONAL_TYPES: Record<string, Record<string, FieldClass>> = {
  Customer: {
    id: null, customerNumber: null, status: null, source: null, householdId: null,
    name, nameKana: name,
    postalCode: { category: 'contact.postal' },
    prefecture: { category: 'contact.address', mask: 'keep' },
    city: { category: 'contact.address', mask: 'keep' },
    addressLine: { category: 'contact.address', mask: 'redact' },
    phone: { category: 'contact.phone' },
    email: { category: 'contact.email' },
    birthDate: { category: 'demographic.birthdate' },
    gender: { category: 'demographic.gender' },
    lifestyle: { category: 'demographic.lifestyle' },
    occupation: { category: 'demographic.occupation' },
    cardBrand: { category: 'financial.card', mask: 'keep' },
    cardNumber: { category: 'financial.card', mask: 'card' },
    cardExpiry: { category: 'financial.card', mask: 'redact' },
    useStopped: null, provisionStopped: null,
    referrer: null, referrerId: null, familyMembers: null, orders: null, interactions: null, consents: null,
    createdAt: null, updatedAt: null, maskedFields: null, accessHistory: null,
  },
  ShipTo: {
    name: shipTo('name'),
    postalCode: shipTo('postal'),
    prefecture: shipTo('keep'),
    city: shipTo('keep'),
    addressLine: shipTo('redact'),
    phone: shipTo('phone'),
    maskedFields: null,
  },
  Interaction: {
    id: null, customer: null, customerId: null, order: null, orderId: null, staffId: null, channel: null, direction: null, kind: null, staff: null,
    occurredAt: null, recordingDurationSec: null, createdAt: null,
    summary: { category: 'interaction.content' },
    transcript: { category: 'interaction.content' },
    recordingKey: { category: 'interaction.recording' },
    maskedFields: null,
    complaintStatus: null, complaintOwnerId: null, complaintOwner: null, complaintDueDate: null, complaintAnsweredAt: null,
    complaintClosedAt: null, complaintAboutPrivacy: null, complaintAgeDays: null, complaintOverdue: null,
    complaintAnswer: { category: 'interaction.content' },
    // A complaint from someone with no customer row (#19 item 9): who it is and how to answer them.
    complainantName: name, complainantContact: { category: 'contact.address', mask: 'redact' },
  },
  /** A request under 【11】: the agent's or guardian's name is a person's name (masked for the auditor). */
  PrivacyRequest: {
    id: null, customerId: null, customer: null, kind: null, requesterKind: null,
    requesterName: name, requesterContact: { category: 'contact.address', mask: 'redact' },
    authorityDocument: null, identityCheck: null, identityVerifiedAt: null, receivedAt: null, dueAt: null, status: null,
    refusalReason: null, liftStop: null, feeYen: null, feeStatus: null, handledById: null, completedAt: null, outcome: null, overdue: null,
    createdAt: null, updatedAt: null, maskedFields: null,
    // Two-person erasure (#21): staff ids, times, the decision and the staff's reasons (their reading is the request's).
    erasureRequestedById: null, erasureRequestedAt: null, erasureRequestReason: null, erasureDecision: null, erasureDecidedById: null,
    erasureDecidedAt: null, erasureDecisionReason: null,
  },
  /** A consent tells what the person agreed to, when, and (guardianConsent) that they are a minor: read, it is in the trail. */
  Consent: {
    id: null, customerId: null,
    purpose: consent, grantedAt: consent, withdrawnAt: consent, live: consent, source: consent, guardianConsent: consent, guardianConsentAt: consent,
    maskedFields: null,
  },
};

/** Object types that carry no personal data of customers (staff accounts are the ADMIN's, not customers'). */
export const NON_PERSONAL_TYPES: readonly string[] = [
  'Order', 'OrderItem', 'Product', 'Contractor', 'Staff', 'ListMetadata', 'Me', 'LoginResult', 'PasswordSetupLink',
  'ApiKey', 'CreatedApiKey', 'AccessEvent', 'ChangeEvent', 'SecurityEvent', 'TrailVerification', 'TrailHead',
  'DownloadTicket', 'DisclosureWithholding', 'FamilyInquiryAnswer', 'FamilyInquiryOrder', 'SensitiveTermInfo', 'SensitiveSweepResult', 'RequestFee', 'LeakPeople', 'LeakReportFile', 'DeletionReport', 'ErasureItem', 'LegalHold', 'LegalRetentionSettings', 'RetentionRuleInfo', 'ProvisionRecord', 'LeakIncident',
  'Audit', 'AuditFinding', 'AuditSettings', 'AuditExport', 'AuditFindingComment', 'AuditAcceptRule', 'StatisticsResult', 'StatisticsCell',
  // Live-data retention (modules/live-retention): periods, counts and dates, no person.
  'RetentionSchedule', 'RetentionPeriod', 'RetentionDue', 'LiveSweepResult',
  // The home dashboard (modules/dashboard): counts and dates of waiting work, no person.
  'HomeDashboard', 'DashboardTile',
  // Counts of a mailing's recipients left out, by reason (modules/mailing/exclusions.ts).
  'MailingExclusion',
  'MfaEnrolment', 'MfaConfirmation', 'MfaStatus', 'TrustedDocument',
  'ExportRecorded', 'ExportAllowance', 'GrantRequest', 'CollectionCase', 'Mailing', 'HandoverContractor',
  // Policy versions (#23): the rules, no person (staff ids of who drafted and approved).
  'PolicyVersion', 'PolicyChange', 'PolicyCellChange', 'PolicyDiff', 'PolicyInForce',
  // A draft's impact on the trail: counts, keys and entry ids, no person (contractors' rows: row and customer ids).
  'PolicyImpact', 'PolicyImpactGroup', 'PolicyImpactTotal', 'PolicyImpactExample', 'PolicyScopeImpact', 'PolicyScopeExample',
  // The public notice and its history (#23 item 5): the policy's words, fees, company names; no person.
  'PrivacyNotice', 'PrivacyNoticeSection',
];

/** The classification of `type.field`; `undefined` when the field is not classified at all (fail closed). */
export function classifyField(type: string, field: string): FieldClass | undefined {
  const fields = PERSONAL_TYPES[type];
  if (fields) return Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
  return NON_PERSONAL_TYPES.includes(type) ? null : undefined;
}
