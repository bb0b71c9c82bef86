import type { DirectoryContext } from '../../directory/context.js';
import { verifyDirectoryPassword } from '../../directory/lookup.js';
import type { FastifyPluginAsync } from 'fastify';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { operatorRoutes } from './operators.js';
import { sessionRoutes } from './session.js';
import { userRoutes } from './users.js';
import { secondFactorRoutes } from './second-factor.js';
import type { SecretSealer, SignInDevices } from '../../auth/second-factor.js';

export interface PeopleRoutesOptions {
  db: Db;
  settings: AuthConfig;
  /** The key store, which seals TOTP secrets; absent before the installation has one. */
  sealer?: SecretSealer;
  /** The name authenticator apps show for the codes. */
  issuer: string;
  /** The clock TOTP codes are checked against (the CA's, so tests can move it); the real one by default. */
  now?: () => Date;
  /** Mobile confirmation, for sign-ins approved on a device, and telling the devices of them; absent without it. */
  devices?: SignInDevices;
  announce?: (accountId: string, signInId: string) => void;
  /** The company directories: password sign-in of their users, search and links in the registration form. */
  directory?: DirectoryContext;
}

/** Users, operators, the login session and its second factor under /api/v1; needs `authPlugin` registered first. */
export const peopleRoutes: FastifyPluginAsync<PeopleRoutesOptions> = async (
  app,
  { db, settings, sealer, issuer, now, devices, announce, directory },
) => {
  const secondFactor = {
    db,
    settings,
    issuer,
    now: now ?? (() => new Date()),
    ...(sealer ? { sealer } : {}),
    ...(devices ? { devices } : {}),
  };
  await app.register(sessionRoutes, {
    prefix: '/api/v1',
    db,
    settings,
    secondFactor,
    ...(announce ? { announce } : {}),
    ...(directory
      ? {
          directoryPassword: (accountId: string, password: string) =>
            verifyDirectoryPassword(directory, accountId, password),
        }
      : {}),
  });
  await app.register(secondFactorRoutes, { prefix: '/api/v1', secondFactor });
  await app.register(userRoutes, { prefix: '/api/v1', db, settings, ...(directory ? { directory } : {}) });
  await app.register(operatorRoutes, { prefix: '/api/v1', db });
};
