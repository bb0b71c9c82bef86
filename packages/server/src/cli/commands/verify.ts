import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { verify as verifyWithService, type VerificationReport } from '@podpis/sdk';
import { EXIT } from '../exit-codes.js';
import { checkOutputsFree, writeResult } from './output-file.js';
import { clientOf, REMOTE_HELP, remoteOptions, type RemoteOptions } from './remote.js';
import { CliUsageError, readInput } from './failures.js';
import { setExitCode, terminal } from '../terminal.js';

interface VerifyOptions extends RemoteOptions {
  content?: string;
  report?: string;
  lang: 'ru' | 'en';
  force?: boolean;
}

/** A PDF carries its own signatures; anything else is taken for a CMS signature. */
const isPdf = (bytes: Buffer): boolean => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

/** The report for people, one block per signature. */
function summary(report: VerificationReport): string {
  const lines: string[] = [];
  for (const s of report.signatures) {
    const why = s.subIndication !== undefined ? ` / ${s.subIndication}` : '';
    lines.push(`signature ${s.index + 1}: ${s.indication}${why} (${s.level})`);
    lines.push(
      `  signer:     ${s.signer ? `${s.signer.subject} (serial ${s.signer.serial})` : 'unknown'}${s.qualified ? ', qualified' : ''}`,
    );
    lines.push(`  time:       claimed ${s.claimedSigningTime ?? 'none'}, best ${s.bestSignatureTime}`);
    lines.push(`  revocation: ${s.revocation.status} (${s.revocation.source})`);
    for (const m of s.messages) lines.push(`  ${m.code}: ${m.message}`);
  }
  for (const m of report.messages) lines.push(`${m.code}: ${m.message}`);
  const why = report.subIndication !== undefined ? ` / ${report.subIndication}` : '';
  lines.push(`${report.indication}${why}: ${report.signatures.length} signature(s)`);
  return `${lines.join('\n')}\n`;
}

/** Passed only when there is a signature and every one passed. */
const passed = (report: VerificationReport): boolean =>
  report.signatures.length > 0 && report.signatures.every((s) => s.indication === 'TOTAL_PASSED');

async function verify(signatureFile: string, options: VerifyOptions): Promise<void> {
  const reportFormat =
    options.report === undefined ? undefined : extname(options.report).slice(1).toLowerCase();
  if (reportFormat !== undefined && reportFormat !== 'pdf' && reportFormat !== 'html')
    throw new CliUsageError('--report: name a .pdf or .html file');
  if (options.report !== undefined) checkOutputsFree([options.report], options.force);
  const signature = await readInput(signatureFile);
  const content = options.content === undefined ? undefined : await readInput(options.content);
  if (isPdf(signature) && content !== undefined)
    throw new CliUsageError('--content: a PDF carries what its signatures sign; give the PDF alone');
  const body = isPdf(signature)
    ? { document: signature.toString('base64') }
    : {
        signature: signature.toString('base64'),
        ...(content !== undefined ? { document: content.toString('base64') } : {}),
      };
  const client = await clientOf(options);
  const report = await client.run((sdk) =>
    verifyWithService(
      sdk,
      isPdf(signature)
        ? { document: signature }
        : { signature, ...(content !== undefined ? { document: content } : {}) },
    ),
  );
  if (options.report !== undefined && reportFormat !== undefined)
    await writeResult(options.report, options.force, (stream) =>
      client.download(`/verifications?output=${reportFormat}&lang=${options.lang}`, stream, {
        method: 'POST',
        body,
      }),
    );
  terminal().stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : summary(report));
  setExitCode(passed(report) ? EXIT.OK : EXIT.FAILURE);
}

export function registerVerifyCommand(program: Command): void {
  remoteOptions(
    program
      .command('verify')
      .description(
        'verify a CMS signature (with --content when detached) or a signed PDF on a running server; exit 0 only when every signature is TOTAL_PASSED',
      )
      .argument('<signature>', 'a CMS signature (.p7s, .p7m, .sig; DER) or a signed PDF')
      .option('--content <file>', 'the document a detached signature signs')
      .option('--report <file>', 'also write the report for people, .pdf or .html')
      .addOption(new Option('--lang <lang>', 'language of --report').choices(['ru', 'en']).default('ru'))
      .option('--force', 'overwrite an existing --report file')
      .addHelpText('after', REMOTE_HELP),
  ).action((signature: string, options: VerifyOptions) => verify(signature, options));
}
