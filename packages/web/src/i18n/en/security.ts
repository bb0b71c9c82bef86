import type { Dictionary } from '../dictionary';
import type { security as ru } from '../ru/security';

export const security: Dictionary<typeof ru> = {
  title: 'Sign-in security',
  intro:
    'A second factor protects your sign-in even if someone else learns your password: after the password, a one-time code from an authenticator app on your phone is needed too.',
  requiredHint:
    'The administrator requires a second factor to sign in. Set up an authenticator app to continue.',
  totp: {
    title: 'Authenticator app',
    on: 'Enabled',
    off: 'Not enabled',
    enable: 'Set up',
    scan: 'Scan the QR code with an authenticator app (Google Authenticator, FreeOTP, Yandex Key and others) or type the key in by hand, then enter the code the app shows.',
    qrAlt: 'QR code for the authenticator app',
    secret: 'Key for typing in by hand',
    code: 'Code from the app',
    codeRule: 'Six digits',
    confirm: 'Confirm',
    enabled: 'The authenticator app is enabled',
    disable: 'Disable',
    disableTitle: 'Disable the authenticator app',
    disableHint: 'Enter your password to confirm.',
    password: 'Password',
    disabled: 'The authenticator app is disabled',
  },
  recovery: {
    title: 'Recovery codes',
    left: 'Unused codes: {{count}}',
    none: 'Codes appear once you enable a second factor.',
    regenerate: 'Create new codes',
    regenerateHint: 'The old codes will stop working.',
    shownOnce:
      'Keep these codes somewhere safe: they are shown only once. Each code signs you in once without your phone.',
    modalTitle: 'Recovery codes',
    saved: 'I have saved the codes',
  },
  signIn: {
    title: 'Confirm sign-in',
    codeHint: 'Enter the code from your authenticator app.',
    code: 'Code',
    submit: 'Confirm',
    useRecovery: 'No phone? Use a recovery code',
    useCode: 'Enter a code from the app',
    recoveryHint: 'Enter one of the recovery codes you saved when you enabled the second factor.',
    recoveryCode: 'Recovery code',
    back: 'Use another login',
  },
  policy: {
    title: 'Second factor at sign-in',
    hint: 'Users sign in with login and password. With this requirement they also need a code from an authenticator app; those who have not set one up may only set it up after signing in.',
    requireForUsers: 'Require a second factor of users',
    saved: 'The requirement is saved',
  },
};
