/** The independent XML checkers: `xmlsec1` (XMLDSig/XAdES with RSA and ECDSA) and `xmllint` (canonicalisation). */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSystemTools, tempDir } from '@podpis/testkit';

export interface ToolResult {
  ok: boolean;
  output: string;
}

function run(tool: string, args: readonly string[]): ToolResult & { stdout: Buffer } {
  ensureSystemTools();
  const result = spawnSync(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return {
    ok: result.status === 0,
    output: `${result.stdout.toString('utf8')}${result.stderr.toString('utf8')}`,
    stdout: result.stdout,
  };
}

/**
 * `xmlsec1 --verify` of `xml` with the certificate chain checked against
 * `trustedPem`; `detached` maps Reference URIs to the content xmlsec1 loads
 * for them (`--url-map`).
 */
export function xmlsecVerify(
  xml: Uint8Array,
  trustedPem: string,
  detached: Readonly<Record<string, Uint8Array>> = {},
): ToolResult {
  const dir = tempDir('podpis-xmlsec-');
  const file = join(dir, 'signed.xml');
  writeFileSync(file, xml);
  const maps = Object.entries(detached).flatMap(([uri, content], i) => {
    const path = join(dir, `detached-${i}`);
    writeFileSync(path, content);
    return [`--url-map:${uri}`, path];
  });
  return run('xmlsec1', ['--verify', '--trusted-pem', trustedPem, ...maps, file]);
}

/** `xmlsec1 --sign` of the signature template `template` with the PEM key and certificate files. */
export function xmlsecSign(template: string, keyPem: string, certPem: string): Uint8Array {
  const dir = tempDir('podpis-xmlsec-');
  const file = join(dir, 'template.xml');
  writeFileSync(file, template);
  const result = run('xmlsec1', ['--sign', '--privkey-pem', `${keyPem},${certPem}`, file]);
  if (!result.ok) throw new Error(`xmlsec1 --sign failed: ${result.output}`);
  return new Uint8Array(result.stdout);
}

/** `xmllint --c14n` or `--exc-c14n` of a whole document (without comments). */
export function xmllintCanonical(xml: string, method: 'c14n' | 'exc-c14n'): Uint8Array {
  const dir = tempDir('podpis-xmllint-');
  const file = join(dir, 'in.xml');
  writeFileSync(file, xml);
  const result = run('xmllint', [method === 'c14n' ? '--c14n' : '--exc-c14n', file]);
  if (!result.ok) throw new Error(`xmllint failed: ${result.output}`);
  return new Uint8Array(result.stdout);
}
