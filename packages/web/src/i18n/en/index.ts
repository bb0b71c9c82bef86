import { admin } from './admin';
import { bulk } from './bulk';
import { cabinet } from './cabinet';
import { common } from './common';
import { crypto } from './crypto';
import { devices } from './devices';
import { directory } from './directory';
import { hrPull } from './hrPull';
import { errors } from './errors';
import { hr } from './hr';
import { oauth } from './oauth';
import { operator } from './operator';
import { renewals } from './renewals';
import { security } from './security';
import { selfService } from './selfService';
import { signing } from './signing';
import { temporaryPasswords } from './temporaryPasswords';
import { webhooks } from './webhooks';

export const en = {
  common,
  errors,
  operator,
  admin,
  cabinet,
  renewals,
  crypto,
  signing,
  devices,
  security,
  oauth,
  webhooks,
  selfService,
  directory,
  hrPull,
  hr,
  bulk,
  temporaryPasswords,
};
