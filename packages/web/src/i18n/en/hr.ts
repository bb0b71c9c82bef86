import type { Dictionary } from '../dictionary';
import type { hr as ru } from '../ru/hr';

/** Import from an HR system and bulk jobs with progress (issue #16). */
export const hr: Dictionary<typeof ru> = {
  menu: 'HR import',
  title: 'Import from the HR system',
  intro:
    "A source is an HR system (1C:ZUP, SAP HCM…) with the mapping of its export's columns to the registration fields. Upload a CSV or JSON export: each row is checked as the registration form checks it, new employees are registered, changed ones updated, with a report per row.",
  add: 'Add a source',
  edit: 'Edit',
  upload: 'Upload an export',
  empty: 'No sources yet.',
  recent: 'Recent imports',
  column: {
    id: 'Source',
    description: 'Description',
    kind: 'Holder type',
    encoding: 'Encoding',
    markLeavers: 'Marks leavers',
    updatedAt: 'Changed',
    actions: 'Actions',
  },
  yes: 'yes',
  no: 'no',
  encoding: {
    auto: 'Detect automatically',
    'utf-8': 'UTF-8',
    'windows-1251': 'Windows-1251',
  },
  format: {
    auto: 'By content',
    csv: 'CSV',
    json: 'JSON',
  },
  source: {
    createTitle: 'New HR source',
    editTitle: 'Source “{{id}}”',
    save: 'Save',
    saved: 'Source “{{id}}” saved',
    id: 'Source name',
    idHint: '1–32 lower-case Latin letters, digits, _ and -, e.g. 1c or sap; fixed once created',
    idInvalid: 'Lower-case Latin letters, digits, _ and - only (up to 32)',
    description: 'Description',
    kind: 'Certificate holder type',
    encoding: 'File encoding',
    markLeavers: 'Mark leavers',
    markLeaversHint:
      'An employee missing from a full export is marked as having left; their certificates are suspended only after an operator confirms.',
    columns: 'Column mapping',
    columnsHint:
      'For each registration field, the header of the export column as the file spells it. The personnel number is required: it is how an employee is recognised in the next exports. A field left empty is not taken from the file.',
    defaults: 'Defaults',
    defaultsHint:
      "What every row shares and the export lacks: the employer's name, INN of the organisation, OGRN, city, country.",
    required: 'Required',
    externalId: 'Personnel number',
    login: 'Login (optional: else the e-mail or hr-<personnel number>)',
  },
  uploadDialog: {
    title: 'Upload an export to “{{id}}”',
    drop: 'Drop the file here or click to choose it',
    limit:
      'CSV (separated by ; , or tab) or JSON, UTF-8 or Windows-1251; at most {{size}} MiB and 100,000 rows.',
    chosen: '{{name}} — {{size}}',
    noFile: 'Choose the export file',
    tooLarge: 'The file is larger than {{size}} MiB',
    full: 'Full export (lists every employee)',
    fullHint: "The source's employees missing from it will be marked as having left.",
    fullOff: 'This source does not mark leavers: switch it on in its settings.',
    format: 'Format',
    encoding: 'Encoding',
    start: 'Start the import',
    missingColumns: 'The file has no columns {{columns}}. Its columns: {{found}}.',
  },
};
