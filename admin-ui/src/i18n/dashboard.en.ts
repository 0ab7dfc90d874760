import type { dashboardJa } from './dashboard.ja';

/** The home page's words in English (same shape as dashboard.ja.ts). */
export const dashboardEn: typeof dashboardJa = {
  title: 'Home',
  intro: 'Work waiting as of %{today} (no personal data is shown).',
  none: 'Nothing to watch for this role.',
  open: 'Open the list',
  count: '%{count}',
  overdue: '%{count} overdue',
  dueSoon: '%{count} due within %{days} days',
  nextDue: 'Next due %{date}',
  agreement: 'Agreement ends %{date}',
  agreementLapsed: 'The agreement has lapsed (%{date})',
  noAgreement: 'No agreement end date on record',
  loadFailed: 'Could not load the home page counts',
  tiles: {
    privacyRequests: { title: 'Requests from people (open)' },
    complaints: { title: 'Complaints (open)' },
    leakReports: { title: 'Leak reports (not filed)' },
    contractorAgreements: { title: 'Contractors', count: '%{count}', overdue: '%{count} agreements lapsed', dueSoon: '%{count} agreements end within %{days} days' },
    auditFindings: { title: 'Audit findings (open)' },
    assignedShipments: { title: 'Shipments handed to you' },
    assignedMailings: { title: 'Mailings handed to you' },
    assignedCollectionCases: { title: 'Collection cases handed to you' },
  },
};
