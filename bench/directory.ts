/**
 * Directory search latency against a real slapd. A script, not a test:
 * `npm run bench:directory` (builds first) or `npx tsx bench/directory.ts
 * [entries=10000] [searches=300]`. About a minute.
 *
 * A throwaway slapd (packages/testkit) holds `entries` Cyrillic employees;
 * Podpis searches it as the registration form does (`searchDirectory`:
 * connect, TLS, bind as the service account, one paged subtree search with
 * the escaped term ANDed to the user filter, map the entries) — each search
 * on a connection of its own, as in the service. Terms rotate through a
 * login, an employee id, a Cyrillic surname and a surname plus a given
 * name. p50 and p99 in milliseconds, over ldaps:// and over ldap://.
 */
import { randomBytes } from 'node:crypto';
import { employeesLdif, seededEmployee, slapdTestTls, startSlapd, SLAPD_PEOPLE_DN } from '@podpis/testkit';
import type { DirectoryContext } from '../packages/server/src/directory/context.js';
import { createDirectory } from '../packages/server/src/directory/directories.js';
import { searchDirectory } from '../packages/server/src/directory/lookup.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPgliteInMemory } from '../packages/server/src/db/pglite.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';

const ARGS = process.argv.slice(2);
const ENTRIES = Number(ARGS[0] ?? 10000);
const SEARCHES = Number(ARGS[1] ?? 300);

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function termOf(i: number): string {
  const employee = seededEmployee((i * 7919) % ENTRIES);
  switch (i % 4) {
    case 0:
      return employee.login;
    case 1:
      return employee.employeeId;
    case 2:
      return employee.surname;
    default:
      return `${employee.surname} ${employee.name}`;
  }
}

const tls = slapdTestTls();
const started = performance.now();
const slapd = await startSlapd({ entries: employeesLdif(ENTRIES), tls });
console.log(`slapd with ${ENTRIES} entries up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const db = await openPgliteInMemory();
await migrate(db);
const ctx: DirectoryContext = { db, sealer: new SoftwareKeyStore({ db, masterKey: randomBytes(32) }) };

try {
  console.log(`${SEARCHES} searches each (limit 20, page size 200)`);
  console.log('transport   p50 ms   p99 ms   found/search');
  for (const [transport, url] of [
    ['ldaps://', slapd.ldapsUrl!],
    ['ldap://', slapd.url],
  ] as const) {
    const directory = await createDirectory(
      ctx,
      {
        name: transport,
        url,
        caCertificate: tls.ca,
        bindDn: slapd.serviceDn,
        bindPassword: slapd.servicePassword,
        baseDn: SLAPD_PEOPLE_DN,
        userFilter: '(objectClass=inetOrgPerson)',
      },
      { actor: 'system' },
    );
    for (let i = 0; i < 10; i++) await searchDirectory(ctx, directory.id, termOf(i));
    const latencies: number[] = [];
    let found = 0;
    for (let i = 0; i < SEARCHES; i++) {
      const start = performance.now();
      found += (await searchDirectory(ctx, directory.id, termOf(i))).length;
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `${transport.padEnd(10)} ${percentile(latencies, 50).toFixed(1).padStart(7)} ${percentile(latencies, 99)
        .toFixed(1)
        .padStart(8)}   ${(found / SEARCHES).toFixed(1).padStart(12)}`,
    );
  }
} finally {
  await db.close();
  await slapd.stop();
}
