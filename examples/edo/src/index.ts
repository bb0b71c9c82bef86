/** The EDO example as a library: tests start it in-process. */
export { buildEdoApp, type EdoDeps, type LogOptions } from './app.js';
export { loadConfig, redirectUri, type EdoConfig, type OAuthClient } from './config.js';
export { registerClient, startEdo, type RunningEdo } from './edo.js';
export { Podpis, SCOPES } from './podpis.js';
export { Store } from './store.js';
