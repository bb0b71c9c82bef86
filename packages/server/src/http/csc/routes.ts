import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseTimeStampToken } from '@podpis/pki';
import type { AuthorityContext } from '../../ca/authorities.js';
import type { Principal } from '../../auth/principal.js';
import { DomainError } from '../../core/domain-error.js';
import { OAUTH_MOUNT_PATH } from '../../oauth/provider.js';
import type { FormatServices } from '../../signing/formats/index.js';
import { MAX_WHOLE_DOCUMENT_BYTES } from '../../signing/operations.js';
import {
  authorizeRemoteSigning,
  checkRemoteAuthorization,
  extendRemoteAuthorization,
  MAX_HASHES_PER_AUTHORIZATION,
  remoteCredential,
  remoteCredentials,
  grantSad,
  resendRemoteApprovals,
  signDocumentDigests,
  signWholeDocuments,
  signWithRemoteAuthorization,
  type RemoteCredential,
} from '../../signing/remote-authorizations.js';
import { timeStampToken, type SigningAuthorities } from '../../signing/signing-services.js';
import { requesterOf } from '../routes/signing.js';
import { changeContext } from '../routes/users.js';
import { caller, CREDENTIAL_SCOPES, SERVICE_SCOPES } from './caller.js';
import { CscRequestError, registerCscErrorHandlers } from './errors.js';
import { cscLoginRoutes, type CscLoginOptions } from './login.js';

export interface CscRoutesOptions {
  ca: AuthorityContext;
  /** auth/login's password sign-in: the database, the login policy, the sign-in devices; absent: no auth/login. */
  login?: CscLoginOptions;
  services: FormatServices;
  tsa: SigningAuthorities['tsa'];
  publicUrl: string;
  /** Tells the holder's devices that an authorisation awaits their approval. */
  announce?: (accountId: string, operationId: string) => void;
}

/** The CSC specification this adapter follows. */
export const CSC_SPECS = '2.0.0.2';

const tags = ['CSC API v2'];

const METHODS = [
  'info',
  'auth/login',
  'auth/revoke',
  'credentials/list',
  'credentials/info',
  'credentials/authorize',
  'credentials/authorizeCheck',
  'credentials/getChallenge',
  'credentials/extendTransaction',
  'credentials/sendOTP',
  'signatures/signHash',
  'signatures/signDoc',
  'signatures/timestamp',
];

const OID = {
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** Every signature algorithm a credential here may have (each credential's own are in its `key.algo`). */
const SIGN_ALGORITHMS = [
  '1.2.643.7.1.1.1.1', // GOST R 34.10-2012 256-bit key
  '1.2.643.7.1.1.1.2', // GOST R 34.10-2012 512-bit key
  '1.2.643.7.1.1.3.2', // GOST R 34.10-2012 with GOST R 34.11-2012 (Streebog) 256
  '1.2.643.7.1.1.3.3', // … 512
  '1.2.840.10045.2.1', // ecPublicKey
  '1.2.840.10045.4.3.2', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3', // ecdsa-with-SHA384
  '1.2.840.113549.1.1.1', // rsaEncryption
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.10', // RSASSA-PSS
];

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/_-]*={0,2}$', maxLength: 1024, description: 'Base64' });
const Hashes = Type.Array(Base64, {
  minItems: 1,
  maxItems: MAX_HASHES_PER_AUTHORIZATION,
  description: 'The hashes to be signed, Base64, in order',
});
const CredentialId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'A credentialID from credentials/list',
});
const Oid = Type.String({ pattern: '^[0-2](\\.[0-9]+)+$', maxLength: 64 });
/** What signDoc's documents and documentDigests each say of the signature to make. */
const SIGNATURE_PROPERTIES = {
  signature_format: Type.String({ maxLength: 8 }),
  conformance_level: Type.Optional(Type.String({ maxLength: 20 })),
  signAlgo: Type.Optional(Oid),
  signAlgoParams: Type.Optional(Base64),
  signed_envelope_property: Type.Optional(Type.String({ maxLength: 20 })),
};
const ClientData = Type.Optional(Type.String({ maxLength: 4096 }));
const Lang = Type.Optional(Type.String({ maxLength: 20 }));
const CertificatesOption = Type.Optional(
  Type.Union([Type.Literal('none'), Type.Literal('single'), Type.Literal('chain')], {
    description: 'Which certificates to return (default single)',
  }),
);

function bytesOf(value: string, name: string): Uint8Array {
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length === 0)
    throw new CscRequestError('invalid_request', `Invalid Base64 ${name} string parameter`);
  return new Uint8Array(bytes);
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** GeneralizedTime text, as CSC writes certificate validity: YYYYMMDDHHMMSSZ. */
const generalizedTime = (date: Date): string => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

function certificatesOf(credential: RemoteCredential, which: 'none' | 'single' | 'chain'): string[] {
  if (which === 'none') return [];
  return which === 'single'
    ? [b64(credential.certificate)]
    : [credential.certificate, ...credential.chain].map(b64);
}

/** credentials/info's answer for one credential. */
function credentialInfo(
  credential: RemoteCredential,
  options: {
    certificates?: 'none' | 'single' | 'chain';
    certInfo?: boolean;
    authInfo?: boolean;
    lang?: string;
    /** The caller holds an OAuth access token: its credential authorisation comes from the authorisation server. */
    oauth?: boolean;
  },
) {
  const device = credential.confirmation !== 'pin';
  const pin = credential.confirmation !== 'device';
  const objects = [
    ...(pin
      ? [
          {
            type: 'Password',
            id: 'PIN',
            format: 'A',
            label: 'PIN',
            description: 'The PIN of the key of this certificate',
          },
        ]
      : []),
    ...(device
      ? [
          {
            type: 'Password',
            id: 'OTP',
            format: 'N',
            generator: 'ocra',
            label: 'OTP',
            description:
              'The 8-digit confirmation code your Podpis device shows for these hashes (or approve them on the device and leave it out)',
          },
        ]
      : []),
  ];
  return {
    description: `Podpis: ${credential.subject}`,
    key: {
      status: credential.key.enabled ? 'enabled' : 'disabled',
      algo: credential.key.algorithms,
      len: credential.key.bits,
      ...(credential.key.curve ? { curve: credential.key.curve } : {}),
    },
    cert: {
      status: credential.status,
      certificates: certificatesOf(credential, options.certificates ?? 'single'),
      ...(options.certInfo === true
        ? {
            issuerDN: credential.issuer,
            serialNumber: credential.serial,
            subjectDN: credential.subject,
            validFrom: generalizedTime(credential.notBefore),
            validTo: generalizedTime(credential.notAfter),
          }
        : {}),
    },
    // An OAuth client authorises through the authorisation server (authorization_details of type
    // credential; the consent page asks the PIN/device there) — oauth2code; it may still call
    // credentials/authorize with the PIN/OTP objects below, as API tokens do (explicit).
    auth: {
      mode: options.oauth === true ? 'oauth2code' : 'explicit',
      expression: objects.map((o) => o.id).join(' AND '),
      objects,
    },
    authMode: options.oauth === true ? 'oauth2code' : 'explicit',
    SCAL: '2',
    ...(options.authInfo === false
      ? {}
      : {
          PIN: pin
            ? {
                presence: 'true',
                format: 'A',
                label: 'PIN',
                description: 'The PIN of the key of this certificate',
              }
            : { presence: 'false' },
          OTP: device
            ? {
                presence: 'true',
                type: 'offline',
                format: 'N',
                label: 'OTP',
                description: 'The confirmation code your Podpis device computes over these hashes (OCRA)',
                ID: 'podpis-device',
                provider: 'Podpis',
              }
            : { presence: 'false' },
        }),
    multisign: MAX_HASHES_PER_AUTHORIZATION,
    lang: options.lang ?? 'en-US',
  };
}

/**
 * A device-only authorisation still waiting for the holder's device is not
 * an error in CSC v2: it is 202 with a handle for credentials/authorizeCheck.
 */
function stillWaiting(error: unknown): { handle: string } {
  if (
    error instanceof DomainError &&
    error.code === 'DEVICE_APPROVAL_REQUIRED' &&
    typeof error.details?.handle === 'string'
  ) {
    return { handle: error.details.handle };
  }
  throw error;
}

/** The PIN and OTP of credentials/authorize: v1's `PIN`/`OTP` or v2's `authData` objects. */
function authValues(body: { PIN?: string; OTP?: string; authData?: { id: string; value: string }[] }) {
  const byId = new Map((body.authData ?? []).map((item) => [item.id.toUpperCase(), item.value]));
  const pin = body.PIN ?? byId.get('PIN');
  const otp = body.OTP ?? byId.get('OTP');
  return { ...(pin !== undefined ? { pin } : {}), ...(otp !== undefined ? { otp } : {}) };
}

const secondsUntil = (date: Date, now: Date): number =>
  Math.max(0, Math.floor((date.getTime() - now.getTime()) / 1000));

/** Only the synchronous operation mode is offered. */
function onlySynchronous(operationMode: string | undefined): void {
  if (operationMode !== undefined && operationMode !== 'S') {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter operationMode: only S (synchronous) is offered',
    );
  }
}

/** A nonce as CSC clients send it: decimal digits, or hex. */
function nonceOf(text: string): bigint {
  if (/^[0-9]{1,40}$/.test(text)) return BigInt(text);
  if (/^(0x)?[0-9a-fA-F]{1,32}$/.test(text)) return BigInt(text.startsWith('0x') ? text : `0x${text}`);
  throw new CscRequestError(
    'invalid_request',
    'Invalid parameter nonce: a number in decimal or hex, up to 128 bits',
  );
}

/** A whole document of signDoc, Base64: at most the size a format reads whole. */
const DOCUMENT_BASE64_LENGTH = Math.ceil(MAX_WHOLE_DOCUMENT_BYTES / 3) * 4;

/** The conformance levels signDoc offers for whole documents, and each format's own name of them. */
const LEVELS: Record<'C' | 'X' | 'P', Record<string, string>> = {
  C: { 'ades-b-b': 'BES', 'ades-b-t': 'T' },
  X: { 'ades-b-b': 'xades-bes', 'ades-b-t': 'xades-t' },
  P: { 'ades-b-b': 'B-B', 'ades-b-t': 'B-T' },
};

/** Each format's signed_envelope_property values offered, the first its default, and whether the result is detached. */
const ENVELOPES: Record<
  'C' | 'X' | 'P',
  Record<string, { parameters: Record<string, unknown>; detached: boolean }>
> = {
  C: {
    Attached: { parameters: { detached: false }, detached: false },
    Detached: { parameters: { detached: true }, detached: true },
  },
  X: {
    Enveloped: { parameters: { mode: 'enveloped' }, detached: false },
    Enveloping: { parameters: { mode: 'enveloping' }, detached: false },
    Detached: { parameters: { mode: 'detached' }, detached: true },
  },
  // Our PAdES signature is an approval (revision) signature, not a certification (DocMDP) one.
  P: { Revision: { parameters: {}, detached: false } },
};

const FORMAT_IDS = { C: 'cades', X: 'xades', P: 'pades' } as const;

interface DocumentEntry {
  document: string;
  signature_format: string;
  conformance_level?: string;
  signAlgo?: string;
  signed_envelope_property?: string;
}

/**
 * signDoc's `documents` as one signing-service request: every document in
 * one format, level and envelope (one authorisation, one operation); what
 * is not offered is `invalid_request` naming what is.
 */
function documentsPlan(entries: readonly DocumentEntry[]) {
  const first = entries[0]!;
  const same = (e: DocumentEntry) =>
    e.signature_format === first.signature_format &&
    (e.conformance_level ?? '').toLowerCase() === (first.conformance_level ?? '').toLowerCase() &&
    e.signed_envelope_property === first.signed_envelope_property &&
    e.signAlgo === first.signAlgo;
  if (!entries.every(same)) {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter documents: one call signs every document in the same signature_format, conformance_level, signed_envelope_property and signAlgo',
    );
  }
  const format = first.signature_format;
  if (format !== 'C' && format !== 'X' && format !== 'P') {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter signature_format: C (CAdES), X (XAdES) or P (PAdES) are offered',
    );
  }
  const level = LEVELS[format][(first.conformance_level ?? 'Ades-B-B').toLowerCase()];
  if (level === undefined) {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter conformance_level: Ades-B-B and Ades-B-T are offered',
    );
  }
  const envelopes = ENVELOPES[format];
  const envelope = envelopes[first.signed_envelope_property ?? Object.keys(envelopes)[0]!];
  if (envelope === undefined) {
    throw new CscRequestError(
      'invalid_request',
      `Invalid parameter signed_envelope_property: for ${format}, ${Object.keys(envelopes).join(' or ')} is offered`,
    );
  }
  return {
    kind: 'documents' as const,
    format: FORMAT_IDS[format],
    parameters: { level, ...envelope.parameters },
    detached: envelope.detached,
    documents: entries.map((e) => bytesOf(e.document, 'document')),
    signAlgo: first.signAlgo,
  };
}

/** signDoc's `documentDigests`: CAdES detached at B-B only. */
function digestsPlan(entry: {
  hashes: string[];
  hashAlgorithmOID: string;
  signature_format: string;
  conformance_level?: string;
  signAlgo?: string;
  signed_envelope_property?: string;
}) {
  if (entry.signature_format !== 'C') {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter signature_format: over documentDigests only C (CAdES) is offered; send documents for X or P',
    );
  }
  if (entry.conformance_level !== undefined && entry.conformance_level.toLowerCase() !== 'ades-b-b') {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter conformance_level: over documentDigests only Ades-B-B is offered; send documents for Ades-B-T',
    );
  }
  if (entry.signed_envelope_property !== undefined && entry.signed_envelope_property !== 'Detached') {
    throw new CscRequestError(
      'invalid_request',
      'Invalid parameter signed_envelope_property: over documentDigests only Detached is offered',
    );
  }
  return {
    kind: 'digests' as const,
    hashes: entry.hashes.map((h) => bytesOf(h, 'hashes')),
    hashAlgorithm: entry.hashAlgorithmOID,
    signAlgo: entry.signAlgo,
  };
}

/**
 * The Cloud Signature Consortium API v2 at `/csc/v2`: an adapter over the
 * signing service's remote authorisations, with the CSC error format in
 * its own scope. Credentials are the holder's certificates (credentialID =
 * the certificate serial); SAD = a one-time activation for exactly the
 * authorised hashes.
 */
export const cscRoutes: FastifyPluginAsyncTypebox<CscRoutesOptions> = async (
  app,
  { ca, services, tsa, publicUrl, announce, login },
) => {
  registerCscErrorHandlers(app);
  if (login) await app.register(cscLoginRoutes, login);
  const notify = (accountId: string, operationId: string): void => announce?.(accountId, operationId);

  /** sendOTP and getChallenge: the holder's devices are called again for what awaits them. */
  const sendToDevices = async (accountId: string, credential: string): Promise<void> => {
    const sent = await resendRemoteApprovals(ca, accountId, credential, notify);
    if (sent === 0) {
      throw new CscRequestError(
        'invalid_request',
        'no authorisation of this credential awaits a device approval: call credentials/authorize with the hashes first',
      );
    }
  };
  /** The SAD given, or else the authorisation an OAuth access token's grant carries (oauth2code). */
  const sadOf = async (
    principal: Principal,
    sad: string | undefined,
    credential: string,
  ): Promise<string> => {
    if (sad !== undefined) return sad;
    if (principal.method === 'oauth' && principal.grantId && principal.clientId) {
      return grantSad(
        ca,
        principal.accountId,
        { grantId: principal.grantId, clientId: principal.clientId },
        credential,
      );
    }
    throw new CscRequestError('invalid_request', 'Missing (or invalid type) string parameter SAD');
  };

  const info = (lang: string | undefined) => ({
    specs: CSC_SPECS,
    name: 'Podpis',
    logo: `${publicUrl}/mobile/icon-192.png`,
    region: 'RU',
    lang: lang === 'ru' || lang === 'ru-RU' ? 'ru-RU' : 'en-US',
    description:
      lang === 'ru' || lang === 'ru-RU'
        ? 'Podpis: облачная электронная подпись с собственным удостоверяющим центром'
        : 'Podpis: cloud electronic signature service with its own certification authority',
    authType: [...(login ? ['basic'] : []), 'external', 'oauth2code', 'oauth2client'],
    // CSC v2: the endpoints are {oauth2}/oauth2/authorize, …/token (aliases of the provider's, see http/oauth.ts);
    // the issuer is the provider's, whose RFC 8414 metadata is at /.well-known/oauth-authorization-server/oauth2.
    oauth2: publicUrl,
    oauth2Issuer: `${publicUrl}${OAUTH_MOUNT_PATH}`,
    asynchronousOperationMode: false,
    methods: METHODS,
    validationInfo: false,
    signAlgorithms: { algos: SIGN_ALGORITHMS, algoParams: [] as string[] },
    // signDoc (see signatures/signDoc): whole documents in each format; document digests as CAdES detached B-B.
    signature_formats: {
      formats: ['C', 'X', 'P'],
      envelope_properties: [Object.keys(ENVELOPES.C), Object.keys(ENVELOPES.X), Object.keys(ENVELOPES.P)],
    },
    conformance_levels: ['Ades-B-B', 'Ades-B-T'],
  });
  app.post(
    '/info',
    {
      schema: {
        tags,
        summary:
          'info: the service, its authorisation types, methods and signature algorithms (no authentication)',
        description: 'Body (optional): `{ "lang": "ru" | "en-US" }`; a bodiless POST needs X-Requested-With.',
      },
    },
    // No body schema: the body is optional, and only `lang` is read from it.
    async (request) => {
      const lang: unknown = (request.body as { lang?: unknown } | null | undefined)?.lang;
      return info(typeof lang === 'string' ? lang : undefined);
    },
  );
  app.get(
    '/info',
    { schema: { tags, summary: 'info, as GET', querystring: Type.Object({ lang: Lang }) } },
    async (request) => info(request.query.lang),
  );

  app.post(
    '/credentials/list',
    {
      schema: {
        tags,
        summary:
          "credentials/list: the caller's credentials (certificates whose keys sign here after their confirmation)",
        description: 'Scope `service` or `certificates:read`.',
        body: Type.Object(
          {
            userID: Type.Optional(Type.String({ maxLength: 100 })),
            credentialInfo: Type.Optional(Type.Boolean()),
            certificates: CertificatesOption,
            certInfo: Type.Optional(Type.Boolean()),
            authInfo: Type.Optional(Type.Boolean()),
            onlyValid: Type.Optional(Type.Boolean()),
            lang: Lang,
            clientData: ClientData,
            maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request) => {
      const principal = await caller(request, SERVICE_SCOPES);
      const { body } = request;
      if (
        body.userID !== undefined &&
        body.userID !== principal.accountId &&
        body.userID !== principal.login
      ) {
        throw new CscRequestError('invalid_request', 'Invalid parameter userID');
      }
      const onlyValid = body.onlyValid === true;
      const ids = (await remoteCredentials(ca, principal.accountId, onlyValid)).slice(
        0,
        body.maxResults ?? 1000,
      );
      const answer: Record<string, unknown> = { credentialIDs: ids, onlyValid };
      if (body.credentialInfo === true) {
        const infos = [];
        for (const id of ids) {
          infos.push({
            credentialID: id,
            ...credentialInfo(await remoteCredential(ca, principal.accountId, id), {
              ...(body.certificates ? { certificates: body.certificates } : {}),
              ...(body.certInfo !== undefined ? { certInfo: body.certInfo } : {}),
              ...(body.authInfo !== undefined ? { authInfo: body.authInfo } : {}),
              ...(body.lang ? { lang: body.lang } : {}),
              oauth: principal.method === 'oauth',
            }),
          });
        }
        answer.credentialInfos = infos;
      }
      return answer;
    },
  );

  app.post(
    '/credentials/info',
    {
      schema: {
        tags,
        summary:
          'credentials/info: the key, the certificate (chain), how authorisation works (PIN, OTP) and SCAL2',
        description: 'Scope `service` or `certificates:read`.',
        body: Type.Object(
          {
            credentialID: CredentialId,
            certificates: CertificatesOption,
            certInfo: Type.Optional(Type.Boolean()),
            authInfo: Type.Optional(Type.Boolean()),
            lang: Lang,
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request) => {
      const principal = await caller(request, SERVICE_SCOPES);
      const { body } = request;
      return credentialInfo(await remoteCredential(ca, principal.accountId, body.credentialID), {
        ...(body.certificates ? { certificates: body.certificates } : {}),
        ...(body.certInfo !== undefined ? { certInfo: body.certInfo } : {}),
        ...(body.authInfo !== undefined ? { authInfo: body.authInfo } : {}),
        ...(body.lang ? { lang: body.lang } : {}),
        oauth: principal.method === 'oauth',
      });
    },
  );

  app.post(
    '/credentials/authorize',
    {
      schema: {
        tags,
        summary:
          'credentials/authorize: the holder authorises exactly these hashes once (PIN, and the device OTP when their policy asks) → SAD',
        description:
          'Scope `credential` or `signing`. `numSignatures` must equal the number of hashes (at most `multisign`). The SAD is one-time, bound to the caller, the credential and these hashes, and expires after `expiresIn` seconds. When a device approval is needed and no OTP is given, the request is sent to the holder’s device: for a key confirmed on the device alone the answer is 202 with a `handle` to poll with credentials/authorizeCheck; for one that also needs its PIN it is `invalid_request`: call again with the same hashes and the PIN once approved.',
        body: Type.Object(
          {
            credentialID: CredentialId,
            numSignatures: Type.Integer({ minimum: 1, maximum: MAX_HASHES_PER_AUTHORIZATION }),
            hashes: Type.Optional(Hashes),
            hashAlgorithmOID: Type.Optional(Oid),
            PIN: Type.Optional(Type.String({ maxLength: 128 })),
            OTP: Type.Optional(Type.String({ maxLength: 32 })),
            authData: Type.Optional(
              Type.Array(
                Type.Object({ id: Type.String({ maxLength: 32 }), value: Type.String({ maxLength: 128 }) }),
                { maxItems: 4 },
              ),
            ),
            description: Type.Optional(Type.String({ maxLength: 500 })),
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      const { body } = request;
      if (body.hashes === undefined) {
        // SCAL2: an authorisation is always of hashes — for signDoc, the documents' digests.
        throw new CscRequestError('invalid_request', 'Missing (or invalid type) array parameter hashes');
      }
      const authorization = await authorizeRemoteSigning(
        ca,
        principal.accountId,
        {
          credential: body.credentialID,
          numSignatures: body.numSignatures,
          hashes: body.hashes.map((h) => bytesOf(h, 'hashes')),
          ...(body.hashAlgorithmOID !== undefined ? { hashAlgorithm: body.hashAlgorithmOID } : {}),
          ...authValues(body),
          ...(body.description !== undefined ? { description: body.description } : {}),
          requester: requesterOf(request),
        },
        changeContext(request),
        services,
        notify,
      ).catch(stillWaiting);
      if ('handle' in authorization) return reply.status(202).send(authorization);
      return { SAD: authorization.sad, expiresIn: secondsUntil(authorization.expiresAt, ca.now()) };
    },
  );

  app.post(
    '/credentials/authorizeCheck',
    {
      schema: {
        tags,
        summary:
          'credentials/authorizeCheck: the SAD of an authorisation that was waiting for the holder’s device (202 with the handle while it still waits)',
        description:
          'Scope `credential` or `signing`. The handle is the one credentials/authorize answered with 202; only its caller’s holder may use it, and only until the SAD is given. A declined or expired device request is `access_denied` / `invalid_request`.',
        body: Type.Object(
          { handle: Type.String({ minLength: 1, maxLength: 100 }), clientData: ClientData },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      const authorization = await checkRemoteAuthorization(
        ca,
        principal.accountId,
        request.body.handle,
        changeContext(request),
      ).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'ACTIVATION_NOT_FOUND') {
          throw new CscRequestError('invalid_request', 'Invalid parameter handle');
        }
        return stillWaiting(error);
      });
      if ('handle' in authorization) return reply.status(202).send(authorization);
      return { SAD: authorization.sad, expiresIn: secondsUntil(authorization.expiresAt, ca.now()) };
    },
  );

  app.post(
    '/credentials/getChallenge',
    {
      schema: {
        tags,
        summary:
          'credentials/getChallenge: for the OTP object, calls the holder’s devices again (the challenge goes out of band: 204)',
        description:
          'Scope `credential` or `signing`. The device’s challenge is the authorisation’s hashes, so call credentials/authorize first; the PIN has no challenge (`invalid_request`).',
        body: Type.Object(
          {
            credentialID: CredentialId,
            authObjectID: Type.String({ minLength: 1, maxLength: 32 }),
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      const credential = await remoteCredential(ca, principal.accountId, request.body.credentialID);
      if (request.body.authObjectID.toUpperCase() !== 'OTP' || credential.confirmation === 'pin') {
        throw new CscRequestError('invalid_request', 'Invalid parameter authObjectID');
      }
      await sendToDevices(principal.accountId, request.body.credentialID);
      return reply.status(204).send();
    },
  );

  app.post(
    '/credentials/extendTransaction',
    {
      schema: {
        tags,
        summary:
          'credentials/extendTransaction: the unused SAD lives 5 minutes more (at most 30 minutes in all)',
        description: 'Scope `credential` or `signing`. The SAD stays the same.',
        body: Type.Object(
          {
            credentialID: CredentialId,
            SAD: Type.String({ minLength: 1, maxLength: 200 }),
            hashes: Type.Optional(Hashes),
            hashAlgorithmOID: Type.Optional(Oid),
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      const extended = await extendRemoteAuthorization(
        ca,
        principal.accountId,
        { credential: request.body.credentialID, sad: request.body.SAD },
        changeContext(request),
      );
      return { SAD: extended.sad, expiresIn: secondsUntil(extended.expiresAt, ca.now()) };
    },
  );

  app.post(
    '/credentials/sendOTP',
    {
      schema: {
        tags,
        summary:
          "credentials/sendOTP: calls the holder's devices again for this credential's authorisations awaiting their approval",
        description:
          'Scope `credential` or `signing`. The device approves exactly the hashes of an authorisation, so call credentials/authorize first: its request reaches the device, which then shows the hashes and an offline code.',
        body: Type.Object(
          { credentialID: CredentialId, clientData: ClientData },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      await sendToDevices(principal.accountId, request.body.credentialID);
      return reply.status(204).send();
    },
  );

  app.post(
    '/signatures/signHash',
    {
      schema: {
        tags,
        summary:
          'signatures/signHash: signs, once, exactly the hashes the SAD (or the OAuth access token’s credential authorisation) authorised',
        description:
          'Scope `credential` or `signing`. Without a SAD, an OAuth access token whose user approved `authorization_details` of type `credential` on the consent page (oauth2code) signs exactly those document digests, once, within the authorisation’s 5 minutes. Signatures in the order of the hashes: GOST R 34.10-2012 as GOST R 34.11/34.10 (and OpenSSL) write them, ECDSA as DER, RSA as the key is made.',
        body: Type.Object(
          {
            credentialID: CredentialId,
            SAD: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            hashes: Hashes,
            hashAlgorithmOID: Type.Optional(Oid),
            signAlgo: Oid,
            signAlgoParams: Type.Optional(Base64),
            operationMode: Type.Optional(Type.String({ maxLength: 1 })),
            validity_period: Type.Optional(Type.Integer()),
            response_uri: Type.Optional(Type.String({ maxLength: 2048 })),
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      const { body } = request;
      onlySynchronous(body.operationMode);
      const asked = {
        credential: body.credentialID,
        hashes: body.hashes.map((h) => bytesOf(h, 'hashes')),
        ...(body.hashAlgorithmOID !== undefined ? { hashAlgorithm: body.hashAlgorithmOID } : {}),
        signAlgorithm: body.signAlgo,
      };
      const signatures = await signWithRemoteAuthorization(
        ca,
        principal.accountId,
        { ...asked, sad: await sadOf(principal, body.SAD, body.credentialID) },
        changeContext(request),
        services,
      );
      return { signatures: signatures.map(b64) };
    },
  );

  app.post(
    '/signatures/signDoc',
    {
      schema: {
        tags,
        summary:
          'signatures/signDoc: CAdES, XAdES or PAdES signatures of whole documents, or CAdES detached over document digests, exactly as the SAD (or the OAuth token) authorised them',
        description:
          'Scope `credential` or `signing`. Either `documents` (Base64 whole documents; `signature_format` C, X or P; `conformance_level` Ades-B-B or Ades-B-T — B-T time-stamped by our TSA; `signed_envelope_property` C: Detached | Attached, X: Enveloped | Enveloping | Detached, P: Certification is not offered, a PAdES signature is an approval one) or `documentDigests` (C, Ades-B-B, Detached only). The authorisation (credentials/authorize `hashes`, or the OAuth `documentDigests`) must be the documents’ digests made with the key’s digest algorithm, in order: each document is hashed here and must match; the signing service then prepares the signature and the key store signs its data-to-be-signed under that one-time authorisation. Results: `DocumentWithSignature` for signatures that carry the document (XAdES enveloped/enveloping, CAdES attached, PAdES), `SignatureObject` for detached ones — one entry per document, in order, in the array its envelope belongs to.',
        body: Type.Object(
          {
            credentialID: CredentialId,
            SAD: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            documentDigests: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    hashes: Hashes,
                    hashAlgorithmOID: Oid,
                    ...SIGNATURE_PROPERTIES,
                  },
                  { additionalProperties: true },
                ),
                { minItems: 1, maxItems: 1 },
              ),
            ),
            documents: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    document: Type.String({
                      pattern: '^[A-Za-z0-9+/_-]*={0,2}$',
                      maxLength: DOCUMENT_BASE64_LENGTH,
                      description: 'The whole document, Base64',
                    }),
                    ...SIGNATURE_PROPERTIES,
                  },
                  { additionalProperties: true },
                ),
                { minItems: 1, maxItems: MAX_HASHES_PER_AUTHORIZATION },
              ),
            ),
            signAlgo: Type.Optional(Oid),
            operationMode: Type.Optional(Type.String({ maxLength: 1 })),
            returnValidationInfo: Type.Optional(Type.Boolean()),
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request) => {
      const principal = await caller(request, CREDENTIAL_SCOPES);
      const { body } = request;
      onlySynchronous(body.operationMode);
      if ((body.documents === undefined) === (body.documentDigests === undefined)) {
        throw new CscRequestError(
          'invalid_request',
          'Missing parameter documents or documentDigests: give one of them (not both)',
        );
      }
      // Checked before the SAD is looked at, so a refused request uses nothing.
      const plan = body.documents ? documentsPlan(body.documents) : digestsPlan(body.documentDigests![0]!);
      const sad = await sadOf(principal, body.SAD, body.credentialID);
      const signAlgo = plan.signAlgo ?? body.signAlgo;
      const asked = {
        credential: body.credentialID,
        sad,
        ...(signAlgo !== undefined ? { signAlgorithm: signAlgo } : {}),
      };
      if (plan.kind === 'digests') {
        const signatures = await signDocumentDigests(
          ca,
          principal.accountId,
          { ...asked, documentDigests: plan.hashes, hashAlgorithm: plan.hashAlgorithm },
          changeContext(request),
          services,
        );
        return { DocumentWithSignature: [] as string[], SignatureObject: signatures.map(b64) };
      }
      const results = await signWholeDocuments(
        ca,
        principal.accountId,
        { ...asked, format: plan.format, parameters: plan.parameters, documents: plan.documents },
        changeContext(request),
        services,
      );
      return plan.detached
        ? { DocumentWithSignature: [] as string[], SignatureObject: results.map(b64) }
        : { DocumentWithSignature: results.map(b64), SignatureObject: [] as string[] };
    },
  );

  app.post(
    '/signatures/timestamp',
    {
      schema: {
        tags,
        summary:
          "signatures/timestamp: an RFC 3161 time-stamp token of our TSA over the hash, with the caller's nonce",
        description: 'Any scope of this API. `nonce`: decimal or hex, echoed in the token.',
        body: Type.Object(
          {
            hash: Base64,
            hashAlgorithmOID: Oid,
            nonce: Type.Optional(Type.String({ maxLength: 42 })),
            clientData: ClientData,
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request) => {
      await caller(request, [...SERVICE_SCOPES, ...CREDENTIAL_SCOPES]);
      const { body } = request;
      const known = [OID.streebog256, OID.streebog512, OID.sha256, OID.sha384, OID.sha512];
      if (!known.includes(body.hashAlgorithmOID)) {
        throw new CscRequestError('invalid_request', 'Invalid parameter hashAlgorithmOID');
      }
      const nonce = body.nonce === undefined ? undefined : nonceOf(body.nonce);
      let token: Uint8Array;
      try {
        token = await timeStampToken(
          { tsa },
          { hashAlgorithm: body.hashAlgorithmOID, digest: bytesOf(body.hash, 'hash') },
          ...(nonce !== undefined ? [nonce] : []),
        );
      } catch (error) {
        const failInfo = error instanceof DomainError ? error.details?.failInfo : undefined;
        if (Array.isArray(failInfo) && failInfo.some((f) => f === 'badDataFormat' || f === 'badAlg')) {
          throw new CscRequestError(
            'invalid_request',
            'Invalid parameter hash: not a digest of the named algorithm',
          );
        }
        throw error;
      }
      if (nonce !== undefined && parseTimeStampToken(token).tstInfo.nonce !== nonce) {
        throw new DomainError(
          'SIGNING_SERVICE_UNAVAILABLE',
          'the time-stamp authority did not echo the nonce',
        );
      }
      return { timestamp: b64(token) };
    },
  );
};
