import { request } from 'node:https';
import { createCertId, createOcspRequest, parseOcspResponse } from '@podpis/pki';
import { IVANOV } from '../../../../pki/test/support/subjects.js';

export interface Answer {
  status: number;
  body: string;
}

export interface ClientCertificate {
  pfx: Buffer;
  password: string;
}

/**
 * One HTTPS request through the balancer on a new connection (so the
 * balancer picks a node for each), trusting only the installation's
 * infrastructure CA, with a client certificate.
 */
export function callApi(
  baseUrl: string,
  tlsCa: string,
  client: ClientCertificate,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      {
        method,
        ca: tlsCa,
        agent: false,
        pfx: client.pfx,
        passphrase: client.password,
        timeout: timeoutMs,
        headers: {
          'x-requested-with': 'podpis-ha-test',
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface Operation {
  kind: 'issue' | 'revoke' | 'ocsp';
  startedAt: number;
  endedAt: number;
  ok: boolean;
  /** The certificate the operation was about (issue: the one issued, when acknowledged). */
  serial?: string;
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
}

export interface Load {
  report: LoadReport;
  stop(): Promise<LoadReport>;
}

async function asOperator(
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
  return JSON.parse(answer.body) as unknown;
}

/**
 * The fault tests' workload, through HAProxy: the administrator makes an
 * operator, the operator registers a user, then `workers` loops issue a
 * certificate (server-generated key), revoke every second one, and ask the
 * OCSP responder about a known one — recording every operation and every
 * acknowledged issuance and revocation, which must survive any failure.
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
    callApi(httpsUrl, tlsCa, options.admin, method, `/api/v1${path}`, body);
  const login = `operator${Date.now()}`;
  const operatorAccount = (await asOperator(adminApi, 201, 'POST', '/operators', {
    login,
    displayName: 'Нагрузка Тест',
  })) as { id: string };
  const bundle = (await asOperator(
    adminApi,
    201,
    'POST',
    `/operators/${operatorAccount.id}/client-certificate`,
    {},
  )) as { pkcs12: string; password: string };
  const operator = { pfx: Buffer.from(bundle.pkcs12, 'base64'), password: bundle.password };
  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    callApi(httpsUrl, tlsCa, operator, method, `/api/v1${path}`, body);
  const registered = (await asOperator(api, 201, 'POST', '/users', {
    login: `holder${Date.now()}`,
    profile: IVANOV,
  })) as { user: { id: string } };
  const userId = registered.user.id;
  const issuer = new Uint8Array(await (await fetch(`${pkiUrl}/pki/ca/issuing.crt`)).arrayBuffer());

  const report: LoadReport = { operations: [], issued: new Set(), revoked: new Set() };
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
    }
  };

  const worker = async (): Promise<void> => {
    let round = 0;
    while (running) {
      round += 1;
      await record('issue', async () => {
        const certificate = (await asOperator(api, 201, 'POST', `/users/${userId}/certificates`, {
          pin: '12345678',
          pinConfirmation: '12345678',
        })) as { serial: string };
        report.issued.add(certificate.serial);
        known.push(certificate.serial);
        return { serial: certificate.serial };
      });
      const candidate = known.find((serial) => !report.revoked.has(serial) && !revoking.has(serial));
      if (round % 2 === 0 && candidate !== undefined) {
        // One worker per certificate: another one's revocation of it would rightly be refused.
        revoking.add(candidate);
        await record('revoke', async () => {
          await asOperator(api, 200, 'POST', `/certificates/${candidate}/revoke`, {
            reason: 'keyCompromise',
          });
          report.revoked.add(candidate);
          return { serial: candidate };
        });
      }
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
  };
}
