import type { Dictionary } from '../dictionary';
import type { temporaryPasswords as ru } from '../ru/temporaryPasswords';

/** Delivering the temporary passwords of users a bulk job (HR import) created. */
export const temporaryPasswords: Dictionary<typeof ru> = {
  title: 'Temporary passwords',
  pending: 'Temporary passwords waiting for delivery: {{count}}.',
  none: 'No passwords wait for delivery: this job created no users, or their passwords expired undelivered and were erased.',
  delivered:
    'Delivered on {{at}} ({{format}}): {{delivered}} in the file, {{leftOut}} left out. They are no longer kept; reset the password of anyone who did not get theirs.',
  once: 'The passwords are delivered once: after the download Podpis does not keep them. Save the file and hand it over safely.',
  format: 'Delivery',
  letters: 'Letters to print (PDF)',
  lettersHint:
    'One A4 page per employee: login, temporary password, sign-in address and instructions. Print and fold in three.',
  protectedFile: 'Password-protected list (PDF, AES-256)',
  protectedFileHint: 'A table login / name / temporary password that opens with the file password only.',
  filePassword: 'File password',
  filePasswordHint:
    'At least 12 characters with three of lower case, upper case, digits and symbols, or 20 characters. Leave it empty and Podpis makes one up and shows it once.',
  download: 'Download',
  confirm: 'Download the passwords? They cannot be downloaded again.',
  done: 'File downloaded with {{count}} passwords.',
  leftOut: 'Left out (password already changed or expired): {{logins}}',
  generated: 'The file password, shown only now; write it down:',
  formats: { letters: 'letters', 'protected-file': 'protected file' },
};
