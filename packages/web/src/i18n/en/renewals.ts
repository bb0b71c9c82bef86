import type { Dictionary } from '../dictionary';
import type { renewals as ru } from '../ru/renewals';

export const renewals: Dictionary<typeof ru> = {
  title: 'Renewal requests',
  filter: 'Show requests',
  filters: { pending: 'Awaiting decision', approved: 'Approved', rejected: 'Rejected', all: 'All' },
  empty: 'No requests',
  emptyPending: 'No requests awaiting a decision',
  decidedByYou: 'by you',
  status: { pending: 'Awaiting decision', approved: 'Approved', rejected: 'Rejected' },
  columns: {
    createdAt: 'Submitted',
    user: 'User',
    certificate: 'Certificate',
    comment: 'Comment',
    status: 'Request status',
    decision: 'Decision',
    decidedAt: 'Decided',
    decidedBy: 'Decided by',
    reason: 'Reason for rejection',
    newCertificate: 'New certificate',
    actions: 'Actions',
  },
  holder: {
    pending: 'Your renewal request is waiting for a CA operator',
    approved:
      'Certificate renewed: a new certificate has been issued. The CA operator will give you the temporary PIN of the new key.',
    rejected: 'The CA operator rejected your renewal request',
  },
  request: {
    title: 'Request certificate renewal',
    hint: 'A CA operator will review the request and issue a new certificate with a new key. The operator will give you the temporary PIN of the new key.',
    comment: 'Comment for the operator',
    commentHint: 'Optional: for example, whether your details have changed.',
    submit: 'Send request',
  },
  approve: {
    open: 'Approve',
    title: 'Approve renewal request',
    question: 'Renew the certificate of {{login}}:',
    pinHint:
      'A new key will be created. Set a temporary PIN and give it to the user, who changes it in the cabinet.',
    pin: 'Temporary key PIN',
    pinConfirmation: 'Repeat the PIN',
    pinPolicy: '6 to 128 characters.',
    pinRequired: 'Enter a temporary PIN',
    pinMismatch: 'The PINs do not match',
    validityDays: 'Validity, days',
    revokeOld: 'Revoke the previous certificate',
    revokeOldHint:
      'The previous certificate is revoked as superseded. Otherwise it stays valid until it expires.',
    submit: 'Approve and issue',
    done: 'New certificate issued',
    handOver: 'Give the user the temporary PIN of the new key.',
  },
  reject: {
    open: 'Reject',
    title: 'Reject renewal request',
    question: 'Reject the renewal request of {{login}} for the certificate:',
    reason: 'Reason',
    reasonHint: 'The user sees the reason in the cabinet.',
    reasonRequired: 'Give a reason',
    submit: 'Reject',
    done: 'Request rejected',
  },
};
