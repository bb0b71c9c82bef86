// @ts-check
// Layers inside the server (docs/architecture.md, "Layers"): adapters (http, cli) and the jobs
// call services (ca, people, auth); services use the infrastructure (keystore, audit, outbox);
// everything may use db, config and core. An import that points upwards fails the lint.
export const SERVER_LAYERS = {
  core: [],
  config: ['core'],
  db: ['core', 'config'],
  keystore: ['core', 'config', 'db', 'audit'],
  audit: ['core', 'config', 'db'],
  outbox: ['core', 'config', 'db'],
  ca: ['core', 'config', 'db', 'keystore', 'audit', 'outbox', 'people', 'auth', 'webhooks'],
  people: ['core', 'config', 'db', 'audit', 'auth'],
  auth: ['core', 'config', 'db', 'audit', 'people'],
  confirmation: ['core', 'config', 'db', 'keystore', 'audit', 'people', 'auth', 'webhooks'],
  signing: ['core', 'config', 'db', 'keystore', 'audit', 'ca', 'people', 'auth', 'confirmation', 'webhooks'],
  webhooks: ['core', 'config', 'db', 'keystore', 'audit', 'outbox', 'people', 'oauth'],
  oauth: ['core', 'config', 'db', 'keystore', 'audit', 'people', 'auth'],
  directory: ['core', 'config', 'db', 'keystore', 'audit', 'people', 'auth'],
  bulk: ['core', 'config', 'db', 'audit', 'people'],
  hr: ['core', 'config', 'db', 'keystore', 'audit', 'outbox', 'people', 'auth', 'ca', 'bulk'],
  campaigns: [
    'core',
    'config',
    'db',
    'keystore',
    'audit',
    'outbox',
    'people',
    'auth',
    'ca',
    'bulk',
    'webhooks',
  ],
  jobs: [
    'core',
    'config',
    'db',
    'keystore',
    'audit',
    'outbox',
    'ca',
    'people',
    'auth',
    'signing',
    'confirmation',
    'oauth',
    'webhooks',
    'bulk',
    'hr',
  ],
  http: [
    'core',
    'config',
    'db',
    'keystore',
    'audit',
    'outbox',
    'ca',
    'people',
    'auth',
    'signing',
    'confirmation',
    'oauth',
    'webhooks',
    'directory',
    'bulk',
    'hr',
    'campaigns',
  ],
  cli: [
    'core',
    'config',
    'db',
    'keystore',
    'audit',
    'outbox',
    'ca',
    'people',
    'auth',
    'signing',
    'confirmation',
    'oauth',
    'webhooks',
    'directory',
    'bulk',
    'hr',
    'campaigns',
    'jobs',
  ],
};
const SERVER_FOLDERS = Object.keys(SERVER_LAYERS);
/** The composition root and the server's own top-level modules: adapters only. */
const TOP_LEVEL = ['server', 'index'];
const ADAPTERS = new Set(['http', 'cli']);

export const layerRules = SERVER_FOLDERS.map((folder) => {
  const forbidden = SERVER_FOLDERS.filter(
    (other) => other !== folder && !SERVER_LAYERS[folder].includes(other),
  );
  const patterns = forbidden.map((other) => ({
    regex: `^(\\.\\./)+${other}/`,
    message: `${folder}/ must not import ${other}/: see "Layers" in docs/architecture.md`,
  }));
  if (!ADAPTERS.has(folder)) {
    patterns.push({
      regex: `^(\\.\\./)+(${TOP_LEVEL.join('|')})\\.js$`,
      message: `${folder}/ must not import the composition root: only http/ and cli/ do`,
    });
    patterns.push({
      regex: '^(fastify|@fastify/.*|commander)$',
      message: `${folder}/ knows nothing of HTTP or the command line: that is for http/ and cli/`,
    });
  }
  return {
    files: [`packages/server/src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
});
