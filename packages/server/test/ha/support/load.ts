import { request } from 'node:https';
import { streebog256 } from '@podpis/gost';
import { createCertId, createOcspRequest, parseOcspResponse } from '@podpis/pki';
import { IVANOV } from '../../../../pki/test/support/subjects.js';

export interface Answer {
  status: number;
  body: string;
  /** The session cookie the answer set (name=value), if any. */
  cookie?: string;
}

export interface ClientCertificate {
  pfx: Buffer;
  password: string;
}

/** Who makes a request: a member of staff by TLS client certificate, or a user by session cookie and CSRF token. */
export type Caller = { certificate: ClientCertificate } | { session: Record<string, string> } | 'anonymous';

/**
 * One HTTPS request through the balancer on a new connection (so the
 * balancer picks a node for each), trusting only the installation's
 * infrastructure CA.
 */
export function callApi(
  baseUrl: string,
  tlsCa: string,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const certificate =
    typeof caller === 'object' && 'certificate' in caller
      ? { pfx: caller.certificate.pfx, passphrase: caller.certificate.password }
      : {};
  const session = typeof caller === 'object' && 'session' in caller ? caller.session : {};
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      {
        method,
        ca: tlsCa,
        agent: false,
        ...certificate,
        timeout: timeoutMs,
        headers: {
          'x-requested-with': 'podpis-ha-test',
          ...session,
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text, ...(cookie !== undefined ? { cookie } : {}) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface Operation {
  kind: 'issue' | 'revoke' | 'sign' | 'ocsp';
  startedAt: number;
  endedAt: number;
  ok: boolean;
  /** The certificate the operation was about (issue: the one issued, when acknowledged). */
  serial?: string;
  /** Signing: the signing operation, when its confirmation was acknowledged. */
  signingOperation?: string;
  /** OCSP: the status answered. */
  ocspStatus?: string;
  error?: string;
}

export interface LoadReport {
  operations: Operation[];
  /** Serials whose issuance was acknowledged (201). */
  issued: Set<string>;
  /** Serials whose revocation was acknowledged (200). */
  revoked: Set<string>;
  /** Signing operations whose confirmation was acknowledged (200, completed): each a signature made. */
  signed: Set<string>;
}

export interface Load {
  report: LoadReport;
  stop(): Promise<LoadReport>;
}

/** How long a worker waits after a failed operation before its next one. */
const FAILURE_PAUSE_MS = 100;

const PIN = { pin: '12345678', pinConfirmation: '12345678' };

/** A document's Streebog-256 digest in hex, as a signing operation takes it for a GOST key. */
function documentDigest(text: string): string {
  return Buffer.from(streebog256(new TextEncoder().encode(text))).toString('hex');
}

/** The request's JSON answer (undefined when it has no body); any status but `expect` throws. */
async function expectAnswer(
  api: (method: string, path: string, body?: unknown) => Promise<Answer>,
  expect: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const answer = await api(method, path, body);
  if (answer.status !== expect) {
    throw new Error(`${method} ${path}: expected ${expect}, got ${answer.status}: ${answer.body}`);
  }
  return answer.body === '' ? undefined : (JSON.parse(answer.body) as unknown);
}

/**
 * The user signs in through the balancer with the temporary password and
 * sets their own, as on a first visit; returns their API caller. The
 * session lives in the database, so any node takes it.
 */
async function signIn(
  httpsUrl: string,
  tlsCa: string,
  login: string,
  temporaryPassword: string,
): Promise<(method: string, path: string, body?: unknown) => Promise<Answer>> {
  const answer = await callApi(httpsUrl, tlsCa, 'anonymous', 'POST', '/api/v1/session', {
    login,
    password: temporaryPassword,
  });
  if (answer.status !== 200 || answer.cookie === undefined) {
    throw new Error(`sign-in: ${answer.status} ${answer.body}`);
  }
  const session = {
    cookie: answer.cookie,
    'x-csrf-token': (JSON.parse(answer.body) as { csrfToken: string }).csrfToken,
  };
  const userApi = (method: string, path: string, body?: unknown): Promise<Answer> =>
    callApi(httpsUrl, tlsCa, { session }, method, `/api/v1${path}`, body);
  await expectAnswer(userApi, 204, 'POST', '/session/password', {
    password: temporaryPassword,
    newPassword: `Ha-${temporaryPassword}-2026`,
  });
  return userApi;
}

/**
 * The fault tests' workload, through HAProxy: the administrator makes an
 * operator, the operator registers a user and issues them a signing
 * certificate, the user signs in; then `workers` loops issue a certificate
 * (server-generated key), revoke every second one, sign a document with the
 * signing certificate (create a signing operation, confirm it with the
 * PIN), and ask the OCSP responder about a known certificate — recording
 * every operation and every acknowledged issuance, revocation and
 * signature, which must survive any failure.
 */
export async function startLoad(options: {
  httpsUrl: string;
  pkiUrl: string;
  tlsCa: string;
  admin: ClientCertificate;
  workers?: number;
}): Promise<Load> {
  const { httpsUrl, pkiUrl, tlsCa } = options;
  const adminApi = (method: string, path: string, body?: unknown): Promise<Answer> =>
    callApi(httpsUrl, tlsCa, { certificate: options.admin }, method, `/api/v1${path}`, body);
  const login = `operator${Date.now()}`;
  const operatorAccount = (await expectAnswer(adminApi, 201, 'POST', '/operators', {
    login,
    displayName: 'Нагрузка Тест',
  })) as { id: string };
  const bundle = (await expectAnswer(
    adminApi,
    201,
    'POST',
    `/operators/${operatorAccount.id}/client-certificate`,
    {},
  )) as { pkcs12: string; password: string };
  const operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), password: bundle.password };
  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    callApi(httpsUrl, tlsCa, { certificate: operator }, method, `/api/v1${path}`, body);
  const registered = (await expectAnswer(api, 201, 'POST', '/users', {
    login: `holder${Date.now()}`,
    profile: IVANOV,
  })) as { user: { id: string; login: string }; temporaryPassword: string };
  const userId = registered.user.id;
  const signingCertificate = (await expectAnswer(api, 201, 'POST', `/users/${userId}/certificates`, PIN)) as {
    serial: string;
  };
  const userApi = await signIn(httpsUrl, tlsCa, registered.user.login, registered.temporaryPassword);
  const issuer = new Uint8Array(await (await fetch(`${pkiUrl}/pki/ca/issuing.crt`)).arrayBuffer());

  const report: LoadReport = { operations: [], issued: new Set(), revoked: new Set(), signed: new Set() };
  const known: string[] = [];
  const revoking = new Set<string>();
  let running = true;

  const record = async (kind: Operation['kind'], work: () => Promise<Partial<Operation>>): Promise<void> => {
    const startedAt = Date.now();
    try {
      const outcome = await work();
      report.operations.push({ kind, startedAt, endedAt: Date.now(), ok: true, ...outcome });
    } catch (error) {
      report.operations.push({
        kind,
        startedAt,
        endedAt: Date.now(),
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
      // A client backs off a little: while the database fails over, failures come back at once.
      await new Promise((resolve) => setTimeout(resolve, FAILURE_PAUSE_MS));
    }
  };

  const worker = async (): Promise<void> => {
    let round = 0;
    while (running) {
      round += 1;
      await record('issue', async () => {
        const certificate = (await expectAnswer(api, 201, 'POST', `/users/${userId}/certificates`, PIN)) as {
          serial: string;
        };
        report.issued.add(certificate.serial);
        known.push(certificate.serial);
        return { serial: certificate.serial };
      });
      const candidate = known.find((serial) => !report.revoked.has(serial) && !revoking.has(serial));
      if (round % 2 === 0 && candidate !== undefined) {
        // One worker per certificate: another one's revocation of it would rightly be refused.
        revoking.add(candidate);
        await record('revoke', async () => {
          await expectAnswer(api, 200, 'POST', `/certificates/${candidate}/revoke`, {
            reason: 'keyCompromise',
          });
          report.revoked.add(candidate);
          return { serial: candidate };
        });
      }
      await record('sign', async () => {
        const created = (await expectAnswer(userApi, 201, 'POST', '/signing-operations', {
          certificate: signingCertificate.serial,
          format: 'cades',
          parameters: { level: 'BES' },
          documents: [{ name: `act-${round}.txt`, digest: documentDigest(`act ${round} ${Date.now()}`) }],
        })) as { id: string };
        const confirmed = (await expectAnswer(
          userApi,
          200,
          'POST',
          `/signing-operations/${created.id}/confirm`,
          {
            method: 'pin',
            pin: PIN.pin,
          },
        )) as { status: string };
        if (confirmed.status !== 'completed')
          throw new Error(`signing operation ${created.id}: ${confirmed.status}`);
        report.signed.add(created.id);
        return { signingOperation: created.id };
      });
      const asked = known[Math.floor(Math.random() * known.length)];
      if (asked !== undefined) {
        await record('ocsp', async () => ({
          serial: asked,
          ocspStatus: await ocspStatus(pkiUrl, issuer, asked),
        }));
      }
    }
  };
  const workers = Array.from({ length: options.workers ?? 2 }, () => worker());
  return {
    report,
    async stop() {
      running = false;
      await Promise.all(workers);
      return report;
    },
  };
}

/** The status the OCSP responder (through HAProxy) gives the certificate `serial` of `issuer`. */
export async function ocspStatus(pkiUrl: string, issuer: Uint8Array, serial: string): Promise<string> {
  const body = createOcspRequest({ certIds: [await createCertId(issuer, serial)] });
  const response = await fetch(`${pkiUrl}/pki/ocsp`, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request' },
    body: Buffer.from(body),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 200) throw new Error(`OCSP: HTTP ${response.status}`);
  const parsed = parseOcspResponse(new Uint8Array(await response.arrayBuffer()));
  if (parsed.status !== 'successful') throw new Error(`OCSP: ${parsed.status}`);
  const status = parsed.responses[0]?.status;
  if (status === undefined) throw new Error('OCSP: no single response');
  return typeof status === 'string' ? status : 'revoked';
}

export interface FaultFigures {
  operations: number;
  operationsAfterFault: number;
  failuresAfterFault: number;
  errorRatePercent: number;
  /** From the fault to the end of the last failed operation (0: none failed). */
  recoveryMs: number;
  issued: number;
  revoked: number;
  signed: number;
}

/** Error rate and recovery after a fault at `faultAt`: failures, and how long until the last one. */
export function summarise(report: LoadReport, faultAt: number): FaultFigures {
  const after = report.operations.filter((op) => op.endedAt >= faultAt);
  const failures = after.filter((op) => !op.ok);
  const lastFailure = Math.max(faultAt, ...failures.map((op) => op.endedAt));
  return {
    operations: report.operations.length,
    operationsAfterFault: after.length,
    failuresAfterFault: failures.length,
    errorRatePercent: after.length === 0 ? 0 : Math.round((failures.length / after.length) * 1000) / 10,
    recoveryMs: lastFailure - faultAt,
    issued: report.issued.size,
    revoked: report.revoked.size,
    signed: report.signed.size,
  };
}
