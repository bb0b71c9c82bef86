import { csrf } from '../../api/client';
import { ApiProblem, toProblem } from '../../api/problem';

/** An enrolled device as the device lists show it (docs/mobile-confirmation.md, "REST API"). */
export interface Device {
  id: string;
  name: string;
  kind: 'webauthn' | 'authenticator';
  status: 'active' | 'blocked';
  platform: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  push: boolean;
}

export interface Enrolment {
  id: string;
  activationCode: string;
  link: string;
  expiresAt: string;
}

export interface EnrolmentStatus {
  status: 'pending' | 'completed' | 'expired';
  device?: Device;
}

/** Whose devices a list shows: the signed-in user's own (cabinet), or a user's on the operator's card. */
export type DeviceOwner = { kind: 'me' } | { kind: 'user'; id: string };

/** A problem answer with its whole body: some carry more than the code (a wrong code's `remainingAttempts`). */
export class ProblemWithBody extends ApiProblem {
  constructor(
    problem: ApiProblem,
    readonly body: unknown,
  ) {
    super(problem.status, problem.code, problem.detail, problem.errors);
  }
}

/** A JSON call of the API with the session's CSRF token; failures become ApiProblem, as `call` makes them. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrf.get();
  if (token !== null && method !== 'GET') headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiProblem(0, 'NETWORK_ERROR', 'the server did not answer');
  }
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const problem = toProblem(response.status, json);
    throw new ProblemWithBody(problem, json);
  }
  return json as T;
}

const listPath = (owner: DeviceOwner) =>
  owner.kind === 'me' ? '/api/v1/me/devices' : `/api/v1/users/${encodeURIComponent(owner.id)}/devices`;
const devicePath = (owner: DeviceOwner, device: string) =>
  owner.kind === 'me'
    ? `/api/v1/me/devices/${encodeURIComponent(device)}`
    : `/api/v1/devices/${encodeURIComponent(device)}`;

export const devicesApi = {
  list: async (owner: DeviceOwner) => (await request<{ items: Device[] }>('GET', listPath(owner))).items,
  rename: (owner: DeviceOwner, device: string, name: string) =>
    request<Device>('PATCH', devicePath(owner, device), { name }),
  block: (owner: DeviceOwner, device: string) =>
    request<Device>('POST', `${devicePath(owner, device)}/block`),
  unblock: (owner: DeviceOwner, device: string) =>
    request<Device>('POST', `${devicePath(owner, device)}/unblock`),
  remove: (owner: DeviceOwner, device: string) => request<null>('DELETE', devicePath(owner, device)),
  startEnrolment: (owner: DeviceOwner) => request<Enrolment>('POST', `${listPath(owner)}/enrolments`),
  enrolment: (owner: DeviceOwner, id: string) =>
    request<EnrolmentStatus>('GET', `${listPath(owner)}/enrolments/${encodeURIComponent(id)}`),
};

export type ConfirmationMethod = 'pin' | 'device' | 'device+pin';

/** What a signing or decryption operation says of its device approval. */
export interface OperationDeviceState {
  /** used: the key has acted under the approval; refused: too many wrong offline codes. */
  status: 'pending' | 'approved' | 'declined' | 'used' | 'refused';
  verificationCode: string;
  /** The offline QR code's text. */
  offline: string;
  device?: { id: string; name: string };
  remainingOfflineAttempts: number;
}

/** The fields of an operation (signing or decryption) the device confirmation reads. */
export interface ConfirmableOperation {
  id: string;
  status: string;
  confirmationMethods: readonly string[];
  device?: OperationDeviceState | null;
}

export type OperationKind = 'sign' | 'decrypt';

const operationPath = (kind: OperationKind, id: string) =>
  `/api/v1/${kind === 'sign' ? 'signing' : 'decryption'}-operations/${encodeURIComponent(id)}`;

/** The device method an operation needs, if any: `device` (no PIN) or `device+pin`. */
export function deviceMethod(operation: {
  confirmationMethods: readonly string[];
}): 'device' | 'device+pin' | undefined {
  if (operation.confirmationMethods.includes('device+pin')) return 'device+pin';
  if (operation.confirmationMethods.includes('device')) return 'device';
  return undefined;
}

export const operationsApi = {
  get: <T extends ConfirmableOperation>(kind: OperationKind, id: string) =>
    request<T>('GET', operationPath(kind, id)),
  confirm: <T>(
    kind: OperationKind,
    id: string,
    body: { method: ConfirmationMethod; pin?: string; code?: string },
  ) => request<T>('POST', `${operationPath(kind, id)}/confirm`, body),
  cancel: (kind: OperationKind, id: string) => request<null>('DELETE', operationPath(kind, id)),
};

/** Whether and for what operations a device approval is needed (the default, or one user's override). */
export interface ConfirmationPolicy {
  device: 'off' | 'when-enrolled' | 'required';
  operations: ('sign' | 'decrypt')[];
  approvalSeconds: number;
  maxDocuments: number;
}

/** A user's own policy, if an administrator set one, and the one in force for them. */
export interface AccountPolicy {
  override: ConfirmationPolicy | null;
  effective: ConfirmationPolicy;
}

const userPolicyPath = (user: string) => `/api/v1/users/${encodeURIComponent(user)}/confirmation-policy`;

export const policyApi = {
  get: () => request<ConfirmationPolicy>('GET', '/api/v1/confirmation-policy'),
  put: (policy: ConfirmationPolicy) =>
    request<ConfirmationPolicy>('PUT', '/api/v1/confirmation-policy', policy),
  getUser: (user: string) => request<AccountPolicy>('GET', userPolicyPath(user)),
  putUser: (user: string, policy: ConfirmationPolicy) =>
    request<AccountPolicy>('PUT', userPolicyPath(user), policy),
  deleteUser: (user: string) => request<AccountPolicy>('DELETE', userPolicyPath(user)),
};
