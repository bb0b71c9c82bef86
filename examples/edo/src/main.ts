#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PodpisError } from '@podpis/sdk';
import { clientFile, ENVIRONMENT, loadConfig } from './config.js';
import { registerClient, startEdo } from './edo.js';

const HELP = `podpis-example-edo — an example document-exchange app that signs through Podpis

  npm run example:edo                  start (Podpis must be running: npm start)
  npm run example:edo -- --register    register the OAuth client in Podpis first (once), then start

--register needs Podpis's administrator certificate:
  PODPIS_ADMIN_P12       the administrator's PKCS#12; default data/admin.p12
  PODPIS_ADMIN_PASSWORD  its password (npm start printed it)

Environment:
${Object.entries(ENVIRONMENT)
  .map(([name, text]) => `  ${name.padEnd(22)} ${text}`)
  .join('\n')}
`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  let config = loadConfig();
  if (argv.includes('--register')) {
    if (config.client) {
      process.stdout.write(
        `already registered as ${config.client.clientId} (${clientFile(config.dataDir)})\n`,
      );
    } else {
      const p12 = resolve(process.env.PODPIS_ADMIN_P12 || 'data/admin.p12');
      const passphrase = process.env.PODPIS_ADMIN_PASSWORD;
      if (!existsSync(p12) || !passphrase)
        throw new Error(`--register needs ${p12} and PODPIS_ADMIN_PASSWORD (the password npm start printed)`);
      const client = await registerClient(config, { pfx: readFileSync(p12), passphrase });
      process.stdout.write(
        `registered OAuth client ${client.clientId}; its secret is in ${clientFile(config.dataDir)}\n`,
      );
      config = loadConfig();
    }
  }
  const edo = await startEdo(config, { logLevel: process.env.EDO_LOG_LEVEL ?? 'info' });
  process.stdout.write(`ЭДО «Ромашка»: ${edo.url} (Podpis: ${config.podpisUrl})\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void edo.close().then(() => process.exit(0));
    });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const text =
    error instanceof PodpisError
      ? `${error.detail} [${error.code}]`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`podpis-example-edo: ${text}\n`);
  process.exit(1);
});
