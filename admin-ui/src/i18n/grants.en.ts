/** Two-person grants and staff accounts without passwords: merged into en.ts. grants.ja.ts has the same shape. */
export const grantsEn = {
  resources: {
    GrantRequest: {
      name: 'Grant request |||| Grant requests',
      fields: {
        id: 'No.', kind: 'Kind', subjectName: 'For', staffId: 'Staff member', apiKeyId: 'API key', role: 'Role', purposes: 'Purposes',
        contractorId: 'Contractor', activates: 'Reactivates', status: 'Status', requestedById: 'Asked by', requestedAt: 'Asked at',
        decidedById: 'Decided by', decidedAt: 'Decided at', rejectionReason: 'Reason for rejection',
      },
    },
  },
  mamori: {
    grants: {
      status: { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected' },
      kind: { STAFF_ROLE: 'Staff role', API_KEY: 'API key' },
      approve: 'Approve',
      reject: 'Reject',
      reject_title: 'Reject request #%{id}',
      reject_help: 'Nothing is granted. Record the reason the requester will read.',
      reason: 'Reason',
      approve_done: 'Approved: the grant is in effect',
      reject_done: 'Rejected',
      own: 'You asked for this or it is granted to you: another privacy manager decides it.',
    },
    staff: {
      send_reset: 'Send password reset',
      reset_title: 'Send %{name} a password reset',
      reset_help: 'A one-time link goes to their own e-mail address; you never see it. Their current sessions end.',
      reset_send: 'Send',
      reset_sent: 'A reset link was sent to their own address',
      invite_note: 'Once created, the person gets a link at their own address to set a password; only they set it.',
      two_person_note: 'This role takes a privacy manager\'s approval; until then the account can do nothing.',
      pending: 'Pending: %{role}',
    },
  },
};
