import { basename } from 'node:path';
import type { Command } from 'commander';
import { certificatesFromPem } from '../../ca/pem.js';
import { EXIT } from '../exit-codes.js';
import { readInput } from './failures.js';
import { CliFailure, jsonOption } from './shared.js';
import { setExitCode, terminal } from '../terminal.js';

/** Every certificate in a PEM file (or the one DER certificate the file is). */
function certificatesOf(file: string, data: Buffer): Uint8Array[] {
  const certificates = certificatesFromPem(new Uint8Array(data));
  if (certificates.every((der) => der[0] === 0x30)) return certificates;
  throw new CliFailure('CA_FILE_INVALID', `${file} holds no certificate (PEM or DER)`);
}

export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description("signing operations' evidence packages");
  jsonOption(
    evidence
      .command('verify')
      .description(
        'check an evidence package offline: the audit key signature, the time stamp, the path to your CA, the audit records; and which document each --file is',
      )
      .argument('<package>', 'the evidence JSON (GET /api/v1/signing-operations/{id}/evidence)')
      .option('--ca <pem>', 'your trusted root CA certificate(s), PEM or DER (repeatable)', collect, [])
      .option('--file <path>', 'a signed document or a signature to identify (repeatable)', collect, []),
  ).action(async (file: string, options: { ca: string[]; file: string[]; json?: boolean }) => {
    const trustAnchors = (
      await Promise.all(options.ca.map(async (ca) => certificatesOf(ca, await readInput(ca))))
    ).flat();
    const files = await Promise.all(
      options.file.map(async (path) => ({
        name: basename(path),
        bytes: new Uint8Array(await readInput(path)),
      })),
    );
    // Loaded when used: the verifier brings WebAuthn's and CMS's libraries, which other commands need not load.
    const { verifyEvidencePackage } = await import('../../signing/evidence-verify.js');
    const result = await verifyEvidencePackage((await readInput(file)).toString('utf8'), {
      trustAnchors,
      files,
    });
    if (options.json === true) {
      terminal().stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const lines = result.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.check.padEnd(13)} ${c.detail}`);
      terminal().stdout.write(
        `${lines.join('\n')}\n${result.ok ? 'VALID' : 'NOT VALID'}: evidence of signing operation ${result.operation}\n`,
      );
    }
    setExitCode(result.ok ? EXIT.OK : EXIT.FAILURE);
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
