/**
 * A CRL of 1,000,000 entries (a quarter with a reason, every tenth with an
 * invalidity date, every hundredth on hold): our build and parse times next
 * to OpenSSL parsing the same file (`openssl crl -noout`, and `-text` into
 * /dev/null). Signed with GOST R 34.10-2012 (256), so the build time
 * includes hashing the ~50 MB TBSCertList with Streebog in JavaScript.
 * Run alone: `npx tsx packages/pki/bench/crl.ts [entries]`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The package's sources use decorators, which need its own tsconfig; tsx
// takes the one in the working directory unless told otherwise.
const tsx = register({
  namespace: 'pki-bench',
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
const pki = (await tsx.import('../src/index.ts', import.meta.url)) as typeof import('../src/index.js');
const { gostOpensslConfig, tempDir } = await import('@podpis/testkit');

const COUNT = Number(process.argv[2] ?? 1_000_000);
const REASONS = ['keyCompromise', 'superseded', 'cessationOfOperation', 'affiliationChanged'] as const;

function* entries(count: number): Generator<import('../src/index.js').RevokedCertificateEntry> {
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const serialNumber = new Uint8Array(16);
    serialNumber[0] = 0x40;
    new DataView(serialNumber.buffer).setUint32(12, i);
    yield {
      serialNumber,
      revocationDate: new Date(base + i * 1000),
      ...(i % 4 === 0 ? { reason: REASONS[(i / 4) % REASONS.length]! } : {}),
      ...(i % 10 === 0 ? { invalidityDate: new Date(base + i * 1000 - 86_400_000) } : {}),
      ...(i % 100 === 1
        ? { reason: 'certificateHold' as const, holdInstruction: pki.OID.holdInstructionCallIssuer }
        : {}),
    };
  }
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function timeOpenssl(args: string[]): number {
  const start = performance.now();
  const result = spawnSync('openssl', args, {
    env: { ...process.env, OPENSSL_CONF: gostOpensslConfig() },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr.toString()}`);
  return seconds(start);
}

const { signer } = await pki.generateSoftwareKey({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.2' });
const issuer = pki.buildName([{ type: pki.OID.commonName, value: 'Бенчмарк УЦ' }]);

let start = performance.now();
const der = await pki.createCrl({
  issuer,
  signer,
  thisUpdate: new Date(Date.UTC(2026, 5, 1)),
  nextUpdate: new Date(Date.UTC(2026, 5, 8)),
  crlNumber: 1n,
  entries: entries(COUNT),
});
const build = seconds(start);

start = performance.now();
const info = pki.parseCrl(der);
const parse = seconds(start);
if (info.entries.length !== COUNT) throw new Error('entry count mismatch');

start = performance.now();
const verified = await pki.verifyCrlSignature(info, signer.publicKeyInfo);
const verify = seconds(start);
if (!verified) throw new Error('signature does not verify');

const file = join(tempDir('podpis-bench-'), 'big.crl');
writeFileSync(file, der);
const opensslNoout = timeOpenssl(['crl', '-inform', 'DER', '-in', file, '-noout']);
const opensslText = timeOpenssl(['crl', '-inform', 'DER', '-in', file, '-noout', '-text']);

const fmt = (n: number): string => `${n.toFixed(2)} s`;
console.log(`\nCRL of ${COUNT.toLocaleString('en')} entries, ${(der.length / 1e6).toFixed(1)} MB DER`);
console.table([
  { step: 'build + sign (GOST-256)', ours: fmt(build), openssl: '', ratio: '' },
  {
    step: 'parse (all entries + serial map)',
    ours: fmt(parse),
    openssl: `${fmt(opensslNoout)} (crl -noout)`,
    ratio: (parse / opensslNoout).toFixed(2),
  },
  {
    step: 'parse vs print',
    ours: fmt(parse),
    openssl: `${fmt(opensslText)} (crl -noout -text)`,
    ratio: (parse / opensslText).toFixed(2),
  },
  { step: 'verify signature (GOST-256)', ours: fmt(verify), openssl: '', ratio: '' },
]);
console.log('ratio = ours / openssl (< 1 means we are faster)');
