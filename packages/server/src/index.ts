export { loadConfig, ConfigError, CONFIG_VARIABLES, type Config } from './config/config.js';
export type { Db, Queryable, QueryResult, Row } from './db/db.js';
export { DbError, type DbErrorCode } from './db/errors.js';
export { migrate, readMigrations, migrationStatus } from './db/migrate.js';
export { openDatabase } from './db/open.js';
export { buildApp, type PodpisApp } from './http/app.js';
export { ApiError } from './http/problem.js';
export { startServer, type RunningServer } from './server.js';
