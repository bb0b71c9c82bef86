import type { Dictionary } from '../dictionary';
import type { hrPull as ru } from '../ru/hrPull';

/** Scheduled HR pulls: the administrator's settings and how the last pull went. */
export const hrPull: Dictionary<typeof ru> = {
  pageTitle: 'Fetching from HR systems',
  menu: 'HR systems',
  noSources: 'No HR sources yet: operators create them under “Import from HR”.',
  title: 'Scheduled pull from the HR system',
  intro:
    "Podpis fetches the HR system's JSON export over HTTPS itself and imports it like an upload, with the same column mapping. An unchanged export starts nothing.",
  notConfigured: 'No scheduled pull is set up.',
  status: {
    title: 'Last pull',
    never: 'none yet',
    imported: 'fetched, import started',
    unchanged: 'unchanged',
    failed: 'failed',
    next: 'Next pull',
    job: 'Import',
    error: 'Error',
  },
  field: {
    url: 'URL',
    urlHint: 'https:// only. The query is never shown in the audit log.',
    authType: 'Authentication',
    authNone: 'none',
    authBearer: 'token (Bearer)',
    authBasic: 'user name and password (Basic)',
    token: 'Token',
    username: 'User name',
    password: 'Password',
    secretKeep: 'Saved. Leave empty to keep it.',
    caCertificate: "Server's CA certificate (PEM)",
    caCertificateHint:
      "When the server's certificate comes from an internal CA. Empty: the system's trusted CAs.",
    intervalMinutes: 'Interval, minutes',
    recordsPath: 'Path to the employees in the JSON',
    recordsPathHint:
      'Keys separated by dots, e.g. data.employees. Empty: the whole answer (or its first array).',
    timeoutSeconds: 'Timeout, seconds',
    maxBytes: 'Largest answer, bytes',
    full: 'Full export (those missing have left)',
    enabled: 'Enabled',
  },
  required: 'Fill in this field',
  save: 'Save',
  saved: 'Settings saved',
  remove: 'Turn the pull off',
  removeConfirm: 'Turn the scheduled pull off? The source and its past imports stay.',
  pullNow: 'Pull now',
  pulledImported: 'Export fetched, import started',
  pulledUnchanged: 'The export has not changed',
};
