import type { Dictionary } from '../dictionary';
import type { cabinet as ru } from '../ru/cabinet';

export const cabinet: Dictionary<typeof ru> = {
  expiresIn: 'Expires in {{days}} days',
  certificates: {
    title: 'My certificates',
    status: 'Status',
    subject: 'Holder',
    serial: 'Serial number',
    validity: 'Validity',
    renewal: 'Renewal',
    empty: 'You have no certificates yet',
    emptyHint:
      'Certificates are issued by the CA operator after registering you from your documents. Please contact the CA operator.',
  },
  certificate: {
    title: 'Certificate',
    back: 'Back to my certificates',
    changePin: 'Change key PIN',
    requestRenewal: 'Request renewal',
    renewalNotValid: 'Only a valid certificate can be renewed.',
    renewalPending: 'A renewal request is already waiting for an operator.',
    renewalRequested: 'Renewal request sent to the CA operator',
    keyLocked: 'Key locked',
    keyLockedHint:
      'The key is locked after several wrong PINs: it cannot sign and its PIN cannot be changed. Please contact the CA operator with your identity document.',
    keyNotHeld: 'You keep the key of this certificate yourself; the service does not hold it.',
  },
  pin: {
    title: 'Change key PIN',
    hint: 'The first time, enter the temporary PIN the CA operator gave you. After several wrong attempts the key is locked.',
    current: 'Current PIN',
    next: 'New PIN',
    repeat: 'Repeat the new PIN',
    policy: '6 to 128 characters.',
    required: 'Enter the PIN',
    mismatch: 'The PINs do not match',
    submit: 'Change PIN',
    done: 'The key PIN has been changed. Use the new PIN when signing.',
  },
};
