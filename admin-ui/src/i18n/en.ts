import { dashboardEn } from './dashboard.en';
import type { MamoriMessages } from './ja';
import { loginsEn } from './logins.en';
import { grantsEn } from './grants.en';
import { consentPurposeLabels, policyLabels } from './policyLabels';
import { privacyOfficeEn } from './privacyOffice.en';
import { assignmentsEn } from './assignments.en';

/** Our English messages (merged over ra-language-english); same shape as ja.ts. */
export const en: MamoriMessages = {
  ra: {
    auth: { username: 'E-mail' },
  },
  resources: {
    Customer: {
      name: 'Customer |||| Customers',
      fields: {
        id: 'ID', customerNumber: 'Customer no.', name: 'Name', nameKana: 'Kana',
        postalCode: 'Postal code', prefecture: 'Prefecture', city: 'City', addressLine: 'Street and building',
        phone: 'Phone', email: 'E-mail', birthDate: 'Birth date', gender: 'Gender',
        lifestyle: 'Lifestyle', occupation: 'Occupation',
        cardBrand: 'Card brand', cardNumber: 'Card number', cardExpiry: 'Expiry',
        source: 'Source', status: 'Status', useStopped: 'Use stopped', provisionStopped: 'Provision stopped',
        householdId: 'Household ID', createdAt: 'Registered', updatedAt: 'Updated', maskedFields: 'Masked fields',
        reason: 'Reason for the change', q: 'Search (name, kana, phone, e-mail, customer no.)',
      },
    },
    Order: {
      name: 'Order |||| Orders',
      fields: {
        id: 'ID', orderNumber: 'Order no.', customerId: 'Customer', items: 'Items',
        productName: 'Product', quantity: 'Quantity', unitPriceYen: 'Unit price',
        totalYen: 'Total', status: 'Status', paymentStatus: 'Payment',
        shipTo: {
          name: 'Ship-to name', postalCode: 'Ship-to postal code', prefecture: 'Ship-to prefecture',
          city: 'Ship-to city', addressLine: 'Ship-to street and building', phone: 'Ship-to phone',
        },
        carrierId: 'Carrier', carrierName: 'Carrier', paymentDueAt: 'Payment due', placedAt: 'Placed', shippedAt: 'Shipped', deliveredAt: 'Delivered',
      },
    },
    Interaction: {
      name: 'Interaction |||| Interactions',
      fields: {
        id: 'ID', customerId: 'Customer', orderId: 'Order', channel: 'Channel', direction: 'Direction', kind: 'Kind',
        staffId: 'Staff', occurredAt: 'When', summary: 'Summary', transcript: 'Transcript',
        recordingKey: 'Call recording', recordingDurationSec: 'Recording length', createdAt: 'Recorded',
      },
    },
    Product: {
      name: 'Product |||| Products',
      fields: { id: 'ID', sku: 'SKU', name: 'Name', priceYen: 'Price', active: 'On sale' },
    },
    Contractor: {
      name: 'Contractor |||| Contractors',
      fields: {
        id: 'ID', name: 'Name', services: 'Services', dataCategories: 'Data handed over',
        agreementDate: 'Confidentiality agreement', agreementExpiresAt: 'Agreement expires', lastReviewedAt: 'Last reviewed',
        agreementStatus: 'Agreement and supervision',
        country: 'Country', foreignSystemMeasures: 'Keeps a system to the PPC standards', foreignMeasuresInfo: 'Measures abroad (art. 28(3))',
      },
    },
    TrustedDocument: {
      name: 'Trusted document |||| Trusted documents',
      fields: { id: 'ID', apiKeyId: 'API key', operations: 'Operations', purpose: 'Purpose', note: 'Used for', status: 'Status', document: 'Document', hash: 'Hash (sha256)', registeredAt: 'Registered', approvedAt: 'Approved', revokedAt: 'Revoked' },
    },
    Staff: {
      name: 'Staff member |||| Staff',
      fields: {
        loginLocked: 'Login locked',
        id: 'ID', name: 'Name', email: 'E-mail', role: 'Role', contractorId: 'Contractor',
        active: 'Active', pendingRole: 'Role awaiting approval',
      },
    },
    Consent: {
      name: 'Consent |||| Consents',
      fields: {
        id: 'ID', customerId: 'Customer', purpose: 'Consent to', grantedAt: 'Granted', withdrawnAt: 'Withdrawn',
        source: 'Source', guardianConsent: 'Guardian consent',
        live: 'Live consents only', withdrawn: 'Withdraw this consent',
      },
    },
    AccessEvent: {
      name: 'Access event |||| Access trail',
      fields: {
        id: 'ID', at: 'When', staffId: 'Read by', role: 'Role', purpose: 'Purpose', operation: 'Operation',
        customerId: 'Customer', clearFieldsRead: 'Read in clear', maskedFieldsRead: 'Read masked', detail: 'Detail',
        clientAddress: 'From', clearOnly: 'Clear reads only', at_gte: 'From', at_lte: 'Until',
        fieldsRead: 'Fields read (orange = clear, lock = masked)', hash: 'Hash',
      },
    },
    ChangeEvent: {
      name: 'Change event |||| Change history',
      fields: {
        id: 'ID', at: 'When', staffId: 'Changed by', role: 'Role', purpose: 'Purpose', customerId: 'Customer',
        entity: 'Type', entityId: 'Record ID', action: 'Action', fields: 'Fields changed', reason: 'Reason',
        changes: 'Changes (before → after)', oldValues: 'Before', newValues: 'After',
        at_gte: 'From', at_lte: 'Until',
      },
    },
    SecurityEvent: {
      name: 'Security event |||| Security events',
      fields: {
        id: 'ID', at: 'Time', event: 'Event', staffId: 'Staff', role: 'Role', purpose: 'Purpose', operation: 'Operation',
        clientAddress: 'Client address', detail: 'Details', requestId: 'Request ID',
        at_gte: 'From', at_lte: 'Until',
      },
    },
    ...privacyOfficeEn.resources,
    ...assignmentsEn.resources,
    ...grantsEn.resources,
  },
  mamori: {
    /** The language of this catalogue: labels taken from schema/policy pick their ja or en text by it. */
    lang: 'en',
    pageRefused: { title: 'Page not available', text: 'Your role may not use this page. Choose a screen from the menu.' },
    ...loginsEn,
    dashboard: dashboardEn,
    ...grantsEn.mamori,
    ...privacyOfficeEn.mamori,
    ...assignmentsEn.mamori,
    ...policyLabels('en'),
    list: { estimated_total: 'About %{total} (the count is an estimate)' },
    app: { title: 'Mamori back office' },
    set_password: {
      title: 'Set your password',
      for: 'Setting the password of %{name} (%{email}).',
      expires: 'This link works once, until %{at}.',
      password: 'New password',
      again: 'New password (again)',
      length: 'At least %{min} characters',
      mismatch: 'The two passwords differ',
      submit: 'Set the password',
      done: 'The password of %{email} is set. Please log in.',
      to_login: 'To the login page',
      refused: {
        UNKNOWN: 'This link is not valid. Ask an administrator for a new one.',
        USED: 'This link has already been used. Ask an administrator for a new one.',
        EXPIRED: 'This link has expired. Ask an administrator for a new one.',
        REPLACED: 'A newer link replaced this one: use the latest link.',
        DEACTIVATED: 'This account is deactivated.',
      },
    },
    auth: { session_expired: 'Your session has expired. Please sign in again.' },
    purpose: {
      label: 'Purpose',
      none: 'No purpose to declare',
      changed: 'Purpose switched to “%{purpose}”',
    },
    masked: {
      partial: 'Partly masked under the purpose “%{purpose}”',
      hiddenByPolicy: 'Hidden by the policy under the purpose “%{purpose}”',
      tooltip: 'This field cannot be shown under the purpose “%{purpose}”',
      no_purpose: 'No purpose is declared, so this field cannot be shown',
      hidden: 'Hidden',
    },
    access: { CLEAR: 'Clear', MASKED: 'Masked', HIDDEN: 'Hidden' },
    customer: {
      logInteraction: 'Log an interaction',
      receiveRequest: 'Receive a privacy request',
      tabs: { profile: 'Profile', orders: 'Orders', interactions: 'Interactions', consents: 'Consents', access: 'Access trail' },
      sections: { contact: 'Contact', demographic: 'Demographics', card: 'Payment card', status: 'Status' },
      reason_required: 'Give a reason when changing personal data',
      reason_helper: 'Recorded in the change history',
      masked_readonly: 'Not shown under this purpose, so it cannot be edited',
    },
    export: {
      button: 'Export CSV',
      title: 'Exporting CSV',
      progress: '%{loaded} of %{total} rows read',
      done: '%{smart_count} rows exported to CSV',
      purpose_changed: 'The purpose changed, so the CSV export was stopped',
      failed: 'The CSV export failed',
      reason_title: 'Why are you exporting?',
      reason_label: 'Reason (recorded)',
      reason_help: 'Say what the file is for and who receives it. The export is recorded in the access trail with its row count.',
      rows: '%{rows} rows × %{columns} columns (the columns shown) will be written.',
      cap: 'Under this purpose at most %{cap} rows may be exported at once.',
      over_cap: 'The list has %{rows} rows, above the cap of %{cap}. Narrow it before exporting.',
      no_export: 'No CSV export under this purpose.',
      start: 'Record and export',
      hidden_cell: '[hidden]',
      masked_column: 'Masked fields',
      masked_partial: '%{field} (partly masked)',
      masked_hidden: '%{field} (hidden)',
    },
    trail: {
      integrity: 'Tamper evidence (hash chain)',
      head: 'Hash of the latest entry #%{id} (%{at}):',
      verify: 'Verify chain',
      verifying: 'Verifying…',
      ok: '%{checked} entries verified. The chain is unbroken: nothing was altered.',
      broken: 'The chain breaks at entry #%{id} (%{checked} entries checked): entries may have been altered or removed.',
      failed: 'The chain could not be verified',
      timeline: {
        count: '%{smart_count} entry |||| %{smart_count} entries',
        explore: 'Filter the access trail list',
        none: 'Nobody has read this customer\'s personal data yet',
        more: 'Show more',
        unavailable: 'The access trail cannot be shown',
      },
      idsOnly: 'Showing only the %{smart_count} entry an audit finding rests on |||| Showing only the %{smart_count} entries an audit finding rests on',
      showAll: 'Show all',
    },
    order: {
      shipTo: 'Ship to', notShipped: 'Not shipped yet', notDelivered: 'Not delivered yet', noPaymentDue: 'No payment due date',
      noCarrier: 'No carrier chosen',
    },
    recording: { present: 'Recorded (%{duration})', seconds: '%{smart_count} s' },
    policyVersions: { menu: 'Policy versions' },
    policy: {
      menu: 'Display policy',
      title: 'Role × purpose × data display policy',
      version: 'Policy version %{number} (%{label})',
      not_loaded: 'The policy in force could not be loaded. Reload the page.',
      intro: 'Each cell shows how a role sees a kind of data under a purpose. The server decides from the same definition.',
      role: 'Role',
      purpose: 'Purpose',
      no_purpose: 'No purpose to declare (all personal data hidden)',
    },
    enums: {
      ...privacyOfficeEn.enums,
      ...assignmentsEn.enums,
      customerSource: {
        PHONE: 'Phone', LETTER: 'Letter', FAX: 'Fax', EMAIL: 'E-mail', WEB: 'Web', IN_PERSON: 'In person', REFERRAL: 'Member referral',
      },
      customerStatus: { ACTIVE: 'Active', USE_STOPPED: 'Use stopped', ERASED: 'Erased' },
      gender: { FEMALE: 'Female', MALE: 'Male', OTHER: 'Other', UNDISCLOSED: 'Prefer not to say' },
      orderStatus: { PLACED: 'Placed', SHIPPED: 'Shipped', DELIVERED: 'Delivered', CANCELLED: 'Cancelled', RETURNED: 'Returned' },
      paymentStatus: { PAID: 'Paid', UNPAID: 'Unpaid', OVERDUE: 'Overdue' },
      channel: { PHONE: 'Phone', LETTER: 'Letter', FAX: 'Fax', EMAIL: 'E-mail', WEB: 'Web', IN_PERSON: 'In person' },
      direction: { INBOUND: 'Inbound', OUTBOUND: 'Outbound' },
      interactionKind: {
        INQUIRY: 'Inquiry', ORDER: 'Order', COMPLAINT: 'Complaint', PRIVACY_REQUEST: 'Privacy request', OTHER: 'Other',
      },
      consentPurpose: {
        ...consentPurposeLabels('en'),
        THIRD_PARTY_PROVISION: 'Provision to third parties',
        SENSITIVE_INFORMATION: 'Acquiring sensitive information',
        FOREIGN_PROVISION: 'Provision to a recipient abroad',
        COOKIES: 'Cookies',
      },
      changeAction: { CREATE: 'Created', UPDATE: 'Updated', DELETE: 'Deleted' },
      securityEvent: {
        LOGIN_OK: 'Login', LOGIN_FAILED: 'Failed login', LOCKOUT: 'Lockout', LOGOUT: 'Logout',
        API_KEY_CREATED: 'API key created', API_KEY_REVOKED: 'API key revoked', PURPOSE_REFUSED: 'Purpose refused',
        FORBIDDEN: 'Forbidden operation', UNAUTHENTICATED: 'Unauthenticated access',
        LOGIN_PENDING: 'Password accepted (second factor due)', LOGIN_THROTTLED: 'Logins slowed down', LOGIN_UNLOCKED: 'Account unlocked',
        MFA_ENROLLED: 'Second factor enrolled', MFA_RESET: 'Second factor reset', RECOVERY_CODE_USED: 'Recovery code used',
        TRUSTED_DOCUMENT_REGISTERED: 'Trusted document registered', TRUSTED_DOCUMENT_APPROVED: 'Trusted document approved',
        TRUSTED_DOCUMENT_REVOKED: 'Trusted document revoked', UNTRUSTED_DOCUMENT: 'Untrusted document (API key)',
        STAFF_BOOTSTRAPPED: 'First accounts created', PASSWORD_SETUP_ISSUED: 'Password setup link issued',
        PASSWORD_SET: 'Password set', PASSWORD_SETUP_REFUSED: 'Password setup link refused',
      },
      contractorService: {
        DELIVERY: 'Delivery', DIRECT_MAIL: 'Direct mail', EMAIL_DELIVERY: 'E-mail delivery', CARD_PROCESSING: 'Card processing',
        PHONE_FOLLOW_UP: 'Phone follow-up', COLLECTION: 'Collection',
      },
    },
  },
};
