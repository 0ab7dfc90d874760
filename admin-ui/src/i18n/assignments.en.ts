import type { AssignmentsMessages } from './assignments.ja';

/** Work handed to contractors, in English; same shape as assignments.ja.ts. */
export const assignmentsEn: AssignmentsMessages = {
  resources: {
    CollectionCase: {
      name: 'Collection case |||| Collection cases',
      fields: {
        id: 'No.', orderId: 'Order', contractorId: 'Collection agency', contractorName: 'Collection agency', openedAt: 'Handed over', closedAt: 'Closed',
        closeReason: 'Why closed', open: 'Open', openedById: 'Handed over by', closedById: 'Closed by'
      },
    },
    Mailing: {
      name: 'Mailing |||| Mailings',
      fields: {
        id: 'No.', name: 'Title', purpose: 'Purpose', status: 'Status', recipientCount: 'Recipients', contractorId: 'Mailing house',
        contractorName: 'Mailing house', createdAt: 'Created', handedOverAt: 'Handed over', closedAt: 'Closed',
        exclusions: 'Recipients not shown (by reason)'
      },
    },
  },
  mamori: {
    assignments: { actions: 'Actions' },
    collectionCase: { recall: 'Recall', recalled: 'The case was recalled from the agency' },
    shipment: { pickUp: 'Mark picked up', deliver: 'Mark delivered', pickedUp: 'Pick-up recorded', delivered: 'Delivery recorded', step: 'Shipment' },
    mailing: { noneExcluded: 'None', handOver: 'Hand over', chooseHouse: 'Choose a mailing house', handedOver: 'Handed to the mailing house (recorded as provision)' },
  },
  enums: {
    caseCloseReason: { SETTLED: 'Paid', RECALLED: 'Recalled', ERASED: 'Erased on request' },
    mailingExclusion: { USE_STOPPED: 'Use stopped', CONSENT_WITHDRAWN: 'Consent withdrawn', GUARDIAN_CONSENT_MISSING: 'No guardian consent' },
    mailingStatus: { DRAFT: 'Draft', HANDED_OVER: 'Handed over', SENT: 'Sent', CANCELLED: 'Cancelled' },
  },
};
