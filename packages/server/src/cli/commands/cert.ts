import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CRL_REASON_CODES, type RevocationReason } from '@podpis/pki';
import type { AuthorityContext } from '../../ca/authorities.js';
import { listAuthorities } from '../../ca/authorities.js';
import {
  requestUserCertificate,
  USER_KEY_SPECS,
  type UserKeySpecName,
} from '../../ca/certificate-lifecycle.js';
import {
  deleteCertificate,
  getCertificate,
  listCertificates,
  publishCrl,
  resumeCertificate,
  revokeCertificate,
  suspendCertificate,
  type CertificateSummary,
  type PublishedCrl,
} from '../../ca/certificates.js';
import { certificateFile, type CertificateFormat } from '../../ca/download.js';
import { crlPublicationPending } from '../../ca/crl-effects.js';
import { latestCrl } from '../../ca/crls.js';
import {
  crlShardOfCertificate,
  latestCrlShard,
  publishAllCrlShards,
  setCrlShardCount,
  type PublishedShardCrl,
} from '../../ca/crl-shards.js';
import { isUserPurpose, profilesOf, type ProfileIssuer } from '../../ca/profiles.js';
import { renewCertificate } from '../../ca/renew.js';
import { DomainError } from '../../core/domain-error.js';
import { resolveUser } from './user.js';
import {
  action,
  CliFailure,
  cliActor,
  DIRECT_DATABASE_HELP,
  emit,
  fields,
  jsonOption,
  positiveInteger,
  readPin,
  table,
  withAuthority,
  type CliDeps,
} from './shared.js';
import { terminal } from '../terminal.js';

const KEY_ALGORITHMS = Object.keys(USER_KEY_SPECS) as UserKeySpecName[];
const REASONS = (Object.keys(CRL_REASON_CODES) as RevocationReason[]).filter(
  (r) => r !== 'certificateHold' && r !== 'removeFromCRL',
);
const FORMATS: readonly CertificateFormat[] = ['der', 'pem', 'p7b'];

interface PinOptions {
  pinFile?: string;
  pinStdin?: boolean;
}

function pinOptions(command: Command): Command {
  return command
    .option('--pin-file <file>', 'read the new key PIN (6–128 characters) from this file')
    .option('--pin-stdin', 'read the new key PIN from standard input');
}

const date = (d: Date | null): string => (d ? d.toISOString() : '');

function certificateRows(list: readonly CertificateSummary[]): string {
  if (list.length === 0) return 'no certificates\n';
  return table(
    ['SERIAL', 'STATUS', 'PURPOSE', 'NOT AFTER', 'SUBJECT'],
    list.map((c) => [
      c.serial,
      c.deleted ? `${c.status} (deleted)` : c.status,
      c.purpose,
      date(c.notAfter),
      c.subject,
    ]),
  );
}

function describeCertificate(c: CertificateSummary): string {
  return fields([
    ['serial', c.serial],
    ['status', c.status],
    ['purpose', c.purpose],
    ['profile', c.profile],
    ['issuer CA', c.caId],
    ['user', c.accountId],
    ['subject', c.subject],
    ['not before', date(c.notBefore)],
    ['not after', date(c.notAfter)],
    ...(c.revokedAt ? ([['revoked at', date(c.revokedAt)]] as const) : []),
    ...(c.revocationReason ? ([['reason', c.revocationReason]] as const) : []),
    ...(c.deleted ? ([['deleted', 'yes']] as const) : []),
  ]);
}

/** Which CA issues a profile's certificates, in a word or two. */
function issuerText(issuer: ProfileIssuer): string {
  switch (issuer.type) {
    case 'authority':
      return issuer.authorityId;
    case 'served':
      return 'each CA';
    case 'parent':
      return 'parent CA';
    case 'self':
      return 'self-signed';
  }
}

/** The certificate named on the command line, refusing CA certificates (managed by `podpis init` only). */
async function endEntity(ca: AuthorityContext, serial: string): Promise<CertificateSummary> {
  const found = await getCertificate(ca.db, serial, ca.now());
  if (found.purpose === 'ca')
    throw new DomainError(
      'CERT_IS_CA',
      `certificate ${found.serial} is a CA certificate; the CLI leaves it alone`,
    );
  return found;
}

/**
 * The CRL the service published after a status change of `serial`, to show
 * with it — its shard's, or the CA's full CRL; a warning when its
 * publication failed (the change is saved and the outbox job of a running
 * server publishes it later).
 */
async function crlAfterChange(
  ca: AuthorityContext,
  caId: string,
  serial: string,
): Promise<PublishedCrl | PublishedShardCrl | undefined> {
  const shard = await crlShardOfCertificate(ca.db, serial);
  if (await crlPublicationPending(ca, caId, shard)) {
    terminal().stderr.write(
      `podpis: warning: the change is saved but the CRL of ${caId}${shard === null ? '' : ` shard ${shard}`} was not published yet; the server's outbox job retries it\n`,
    );
    return undefined;
  }
  return shard === null ? latestCrl(ca.db, caId) : latestCrlShard(ca.db, caId, shard);
}

function crlLine(crl: PublishedCrl | PublishedShardCrl): string {
  const of = 'shard' in crl ? `${crl.caId} shard ${crl.shard}` : crl.caId;
  return `CRL ${crl.number.toString()} of ${of} published; next update ${crl.nextUpdate.toISOString()}\n`;
}

export function registerCertCommands(program: Command, deps: CliDeps): void {
  const cert = program
    .command('cert')
    .description("issue and manage users' certificates in the installation's database")
    .addHelpText('after', DIRECT_DATABASE_HELP);

  jsonOption(
    pinOptions(
      cert
        .command('request')
        .description(
          "generate a key in the key store under the given PIN and issue a certificate from the user's registration data under a certificate profile (by default the qualified one for the user's kind)",
        )
        .argument('<user>', 'id or login')
        .option(
          '--profile <id>',
          'certificate profile (`podpis cert profiles` lists them); it chooses the CA and the key algorithms',
        )
        .addOption(
          new Option(
            '--alg <algorithm>',
            "key algorithm (default: the profile's first, gost256 for qualified)",
          ).choices(KEY_ALGORITHMS),
        )
        .option('--days <n>', "validity in days (default: the profile's, 365 for qualified)", positiveInteger)
        .option(
          '--key-store <store>',
          'where the key is generated: software, or pkcs11 when PODPIS_PKCS11_* name a token',
          'software',
        ),
    ),
  ).action(
    action(
      deps,
      async (
        config,
        ref: string,
        options: PinOptions & {
          profile?: string;
          alg?: UserKeySpecName;
          days?: number;
          keyStore: string;
          json?: boolean;
        },
      ) => {
        const pin = await readPin(options);
        const issued = await withAuthority(config, async (ca) => {
          const holder = await resolveUser(ca.db, ref);
          return requestUserCertificate(
            ca,
            {
              userId: holder.id,
              ...(options.profile !== undefined ? { certificateProfile: options.profile } : {}),
              ...(options.alg !== undefined ? { keySpec: options.alg } : {}),
              keyStore: options.keyStore,
              pin,
              pinConfirmation: pin,
              ...(options.days !== undefined ? { validityDays: options.days } : {}),
            },
            { actor: cliActor() },
          );
        });
        emit(
          options.json,
          issued,
          () => `issued certificate ${issued.serial}\n${describeCertificate(issued)}`,
        );
      },
    ),
  );

  jsonOption(
    cert
      .command('profiles')
      .description('the certificate profiles: the CA each is issued by, its key algorithms and validity'),
  ).action(
    action(deps, async (_config, options: { json?: boolean }) => {
      const profiles = profilesOf({}).all;
      emit(options.json, profiles, () =>
        table(
          ['ID', 'CA', 'KEYS', 'DAYS', 'TITLE'],
          profiles.map((p) => [
            p.id,
            issuerText(p.issuer),
            p.keyAlgorithms.join(','),
            `${p.validity.defaultDays} (max ${p.validity.maxDays})`,
            p.title.en,
          ]),
        ),
      );
    }),
  );

  jsonOption(
    cert
      .command('list')
      .description("users' certificates, newest first (without --all: users' ones not deleted)")
      .option('--user <user>', "only this user's (id or login)")
      .option('--all', 'also CA, OCSP, TLS and client certificates, and deleted ones'),
  ).action(
    action(deps, async (config, options: { user?: string; all?: boolean; json?: boolean }) => {
      const list = await withAuthority(config, async (ca) => {
        const accountId =
          options.user !== undefined ? (await resolveUser(ca.db, options.user)).id : undefined;
        const all = await listCertificates(
          ca.db,
          { ...(accountId !== undefined ? { accountId } : {}), includeDeleted: options.all === true },
          ca.now(),
        );
        return options.all === true ? all : all.filter((c) => isUserPurpose(c.purpose));
      });
      emit(options.json, list, () => certificateRows(list));
    }),
  );

  jsonOption(
    cert.command('show').description('one certificate').argument('<serial>', 'serial number (hex)'),
  ).action(
    action(deps, async (config, serial: string, options: { json?: boolean }) => {
      const found = await withAuthority(config, (ca) => getCertificate(ca.db, serial, ca.now()));
      emit(options.json, found, () => describeCertificate(found));
    }),
  );

  jsonOption(
    cert
      .command('revoke')
      .description('revoke a certificate (final) and publish a fresh CRL of its CA')
      .argument('<serial>', 'serial number (hex)')
      .addOption(
        new Option('--reason <reason>', 'revocation reason').choices(REASONS).default('unspecified'),
      ),
  ).action(
    action(deps, async (config, serial: string, options: { reason: RevocationReason; json?: boolean }) => {
      const result = await withAuthority(config, async (ca) => {
        const found = await endEntity(ca, serial);
        const revoked = await revokeCertificate(ca, found.serial, {
          actor: cliActor(),
          reason: options.reason,
        });
        return { certificate: revoked, crl: await crlAfterChange(ca, revoked.caId, revoked.serial) };
      });
      emit(
        options.json,
        result,
        () => `revoked certificate ${result.certificate.serial}\n${result.crl ? crlLine(result.crl) : ''}`,
      );
    }),
  );

  for (const [name, change, help] of [
    ['suspend', suspendCertificate, 'suspend a valid certificate (certificateHold on the CRL)'],
    ['resume', resumeCertificate, 'make a suspended certificate valid again'],
  ] as const) {
    jsonOption(
      cert
        .command(name)
        .description(`${help}; publishes a fresh CRL`)
        .argument('<serial>', 'serial number (hex)'),
    ).action(
      action(deps, async (config, serial: string, options: { json?: boolean }) => {
        const result = await withAuthority(config, async (ca) => {
          const found = await endEntity(ca, serial);
          const changed = await change(ca, found.serial, { actor: cliActor() });
          return { certificate: changed, crl: await crlAfterChange(ca, changed.caId, changed.serial) };
        });
        emit(
          options.json,
          result,
          () =>
            `certificate ${result.certificate.serial} is ${result.certificate.status}\n${result.crl ? crlLine(result.crl) : ''}`,
        );
      }),
    );
  }

  jsonOption(
    pinOptions(
      cert
        .command('renew')
        .description(
          'a new key under a new PIN and a new certificate for the current registration data of the holder',
        )
        .argument('<serial>', 'serial number (hex) of a valid user certificate')
        .option('--revoke-old', 'revoke the old certificate as superseded in the same operation')
        .option('--days <n>', 'validity in days (1–1825)', positiveInteger, 365),
    ),
  ).action(
    action(
      deps,
      async (
        config,
        serial: string,
        options: PinOptions & { revokeOld?: boolean; days: number; json?: boolean },
      ) => {
        const pin = await readPin(options);
        const result = await withAuthority(config, async (ca) => {
          const renewal = await renewCertificate(
            ca,
            {
              serial,
              pin,
              pinConfirmation: pin,
              revokeOld: options.revokeOld === true,
              validityDays: options.days,
            },
            { actor: cliActor() },
          );
          const crl =
            renewal.revoked !== null
              ? await crlAfterChange(ca, renewal.certificate.caId, renewal.revoked)
              : undefined;
          return { ...renewal, crl };
        });
        emit(
          options.json,
          result,
          () =>
            `issued certificate ${result.certificate.serial}\n${describeCertificate(result.certificate)}` +
            (result.revoked !== null ? `revoked ${result.revoked} as superseded\n` : '') +
            (result.crl ? crlLine(result.crl) : ''),
        );
      },
    ),
  );

  jsonOption(
    cert
      .command('delete')
      .description('hide a revoked or expired certificate from lists (it stays on the CRL until it expires)')
      .argument('<serial>', 'serial number (hex)'),
  ).action(
    action(deps, async (config, serial: string, options: { json?: boolean }) => {
      const deleted = await withAuthority(config, async (ca) => {
        const found = await endEntity(ca, serial);
        await deleteCertificate(ca, found.serial, { actor: cliActor() });
        return found.serial;
      });
      emit(options.json, { serial: deleted, deleted: true }, () => `deleted certificate ${deleted}\n`);
    }),
  );

  jsonOption(
    cert
      .command('download')
      .description('write a certificate as DER, PEM or PKCS#7 with its chain (.p7b) to a file or stdout')
      .argument('<serial>', 'serial number (hex)')
      .addOption(new Option('--format <format>', 'file format').choices(FORMATS).default('pem'))
      .option('--out <file>', 'write to this file (refuses to overwrite one) instead of stdout'),
  ).action(
    action(
      deps,
      async (
        config,
        serial: string,
        options: { format: CertificateFormat; out?: string; json?: boolean },
      ) => {
        const file = await withAuthority(config, async (ca) =>
          certificateFile(ca.db, await getCertificate(ca.db, serial, ca.now()), options.format),
        );
        if (options.out !== undefined) {
          await writeFile(options.out, file.body, { flag: 'wx' }).catch((error: unknown) => {
            throw new CliFailure(
              'OUTPUT_NOT_WRITTEN',
              `cannot write ${options.out ?? ''}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
            );
          });
          emit(
            options.json,
            { file: options.out, format: options.format, bytes: file.body.length },
            () => `wrote ${options.out ?? ''} (${options.format}, ${file.body.length} bytes)\n`,
          );
        } else if (options.json === true) {
          emit(
            true,
            { format: options.format, fileName: file.fileName, content: file.body.toString('base64') },
            () => '',
          );
        } else {
          terminal().stdout.write(file.body);
        }
      },
    ),
  );

  jsonOption(
    program
      .command('crl')
      .description(
        "publish a fresh CRL of one CA, or of every CA, and every CRL shard of a sharded CA; prints each CRL's number and next update",
      )
      .option('--ca <id>', 'only this CA (root, issuing, infra-root)')
      .addHelpText('after', DIRECT_DATABASE_HELP),
  ).action(
    action(deps, async (config, options: { ca?: string; json?: boolean }) => {
      const published = await withAuthority(config, async (ca) => {
        const ids = options.ca !== undefined ? [options.ca] : (await listAuthorities(ca.db)).map((a) => a.id);
        if (ids.length === 0)
          throw new CliFailure('NOT_INITIALISED', 'the installation has no CAs yet; run podpis init first');
        const crls: (PublishedCrl | PublishedShardCrl)[] = [];
        for (const id of ids) {
          crls.push(await publishCrl(ca, id, { actor: cliActor() }));
          crls.push(...(await publishAllCrlShards(ca, id, { actor: cliActor() })));
        }
        return crls;
      });
      emit(options.json, published, () => published.map(crlLine).join(''));
    }),
  );

  jsonOption(
    program
      .command('crl-shards')
      .description(
        'spread the CRL entries of the certificates a CA issues from now on over <count> CRL shards (it can only grow), and publish every shard',
      )
      .requiredOption('--ca <id>', 'the CA (issuing, infra-root)')
      .requiredOption('--count <n>', 'the number of shards, 1–4096', positiveInteger)
      .addHelpText('after', DIRECT_DATABASE_HELP),
  ).action(
    action(deps, async (config, options: { ca: string; count: number; json?: boolean }) => {
      const published = await withAuthority(config, (ca) =>
        setCrlShardCount(ca, options.ca, options.count, { actor: cliActor() }),
      );
      emit(options.json, published, () => published.map(crlLine).join(''));
    }),
  );
}
