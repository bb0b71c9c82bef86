import { mkdirSync, writeFileSync } from 'node:fs';
import { PodpisClient } from '@podpis/sdk';
import { buildEdoApp } from './app.js';
import { clientFile, redirectUri, type EdoConfig, type OAuthClient } from './config.js';
import { Podpis, SCOPES } from './podpis.js';
import { Store } from './store.js';

export interface RunningEdo {
  url: string;
  close(): Promise<void>;
}

/** Starts the EDO: its store, its HTTP server; Podpis is reached on the first sign-in. */
export async function startEdo(
  config: EdoConfig,
  options: { logLevel?: string; inMemory?: boolean } = {},
): Promise<RunningEdo> {
  if (!config.client)
    throw new Error(
      `no OAuth client: set EDO_CLIENT_ID and EDO_CLIENT_SECRET, or run with --register (writes ${clientFile(config.dataDir)})`,
    );
  const store = await Store.open(options.inMemory ? undefined : config.dataDir);
  const app = buildEdoApp(
    config,
    { store, podpis: new Podpis(config, config.client) },
    options.logLevel !== undefined ? { level: options.logLevel } : {},
  );
  await app.listen({ host: config.host, port: config.port });
  return {
    url: config.publicUrl,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/**
 * Registers the EDO as an OAuth client of Podpis, as its administrator:
 * their TLS client certificate (the PKCS#12 `npm start` wrote) and its
 * password. The secret goes only into the data directory's file (0600).
 */
export async function registerClient(
  config: EdoConfig,
  admin: { pfx: Uint8Array; passphrase: string },
): Promise<OAuthClient> {
  const api = new PodpisClient({
    baseUrl: config.podpisUrl,
    tls: {
      ...(config.podpisCa !== undefined ? { ca: config.podpisCa } : {}),
      pfx: admin.pfx,
      passphrase: admin.passphrase,
    },
  });
  const created = await api.json<{ client: { clientId: string }; clientSecret: string }>(
    'POST',
    '/oauth-clients',
    {
      name: 'ЭДО «Ромашка» (пример)',
      redirectUris: [redirectUri(config)],
      grantTypes: ['authorization_code'],
      scopes: [...SCOPES],
    },
  );
  const client = { clientId: created.client.clientId, clientSecret: created.clientSecret };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(clientFile(config.dataDir), `${JSON.stringify(client, null, 2)}\n`, { mode: 0o600 });
  return client;
}
