import type { FastifyPluginAsync } from 'fastify';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import { operatorRoutes } from './operators.js';
import { sessionRoutes } from './session.js';
import { userRoutes } from './users.js';

export interface PeopleRoutesOptions {
  db: Db;
  settings: AuthConfig;
}

/** Users, operators and the login session under /api/v1; needs `authPlugin` registered first. */
export const peopleRoutes: FastifyPluginAsync<PeopleRoutesOptions> = async (app, { db, settings }) => {
  await app.register(sessionRoutes, { prefix: '/api/v1', db, settings });
  await app.register(userRoutes, { prefix: '/api/v1', db, settings });
  await app.register(operatorRoutes, { prefix: '/api/v1', db });
};
