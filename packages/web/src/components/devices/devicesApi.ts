import { api, call } from '../../api/client';
import type { ConfirmationPolicy, Device, Enrolment, EnrolmentStatus } from '../../api/types';
import type { SigningOperation } from '../signing/signingApi';
import type { DecryptionOperation } from '../crypto/types';

export type { AccountPolicy, ConfirmationPolicy, Device, Enrolment } from '../../api/types';

/** Whose devices a list shows: the signed-in user's own (cabinet), or a user's on the operator's card. */
export type DeviceOwner = { kind: 'me' } | { kind: 'user'; id: string };

const device = (id: string) => ({ params: { path: { id } } });

/** The same actions on the user's own devices (session) and on any user's (operator), by their two sets of paths. */
export const devicesApi = {
  list: async (owner: DeviceOwner): Promise<Device[]> =>
    (
      await call(
        owner.kind === 'me'
          ? api.GET('/api/v1/me/devices')
          : api.GET('/api/v1/users/{id}/devices', device(owner.id)),
      )
    ).items,
  rename: (owner: DeviceOwner, id: string, name: string): Promise<Device> =>
    call(
      owner.kind === 'me'
        ? api.PATCH('/api/v1/me/devices/{id}', { ...device(id), body: { name } })
        : api.PATCH('/api/v1/devices/{id}', { ...device(id), body: { name } }),
    ),
  block: (owner: DeviceOwner, id: string): Promise<Device> =>
    call(
      owner.kind === 'me'
        ? api.POST('/api/v1/me/devices/{id}/block', device(id))
        : api.POST('/api/v1/devices/{id}/block', device(id)),
    ),
  unblock: (owner: DeviceOwner, id: string): Promise<Device> =>
    call(
      owner.kind === 'me'
        ? api.POST('/api/v1/me/devices/{id}/unblock', device(id))
        : api.POST('/api/v1/devices/{id}/unblock', device(id)),
    ),
  remove: async (owner: DeviceOwner, id: string): Promise<void> => {
    await call(
      owner.kind === 'me'
        ? api.DELETE('/api/v1/me/devices/{id}', device(id))
        : api.DELETE('/api/v1/devices/{id}', device(id)),
    );
  },
  startEnrolment: (owner: DeviceOwner): Promise<Enrolment> =>
    call(
      owner.kind === 'me'
        ? api.POST('/api/v1/me/devices/enrolments')
        : api.POST('/api/v1/users/{id}/devices/enrolments', device(owner.id)),
    ),
  enrolment: (owner: DeviceOwner, enrolment: string): Promise<EnrolmentStatus> =>
    call(
      owner.kind === 'me'
        ? api.GET('/api/v1/me/devices/enrolments/{id}', device(enrolment))
        : api.GET('/api/v1/users/{id}/devices/enrolments/{enrolment}', {
            params: { path: { id: owner.id, enrolment } },
          }),
    ),
};

type DeviceMethod = 'device' | 'device+pin';

/** The device method an operation needs, if any: `device` (no PIN) or `device+pin`. */
export function deviceMethod(operation: {
  confirmationMethods: readonly string[];
}): DeviceMethod | undefined {
  if (operation.confirmationMethods.includes('device+pin')) return 'device+pin';
  if (operation.confirmationMethods.includes('device')) return 'device';
  return undefined;
}

const path = (id: string) => ({ params: { path: { id } } });

/**
 * What the device confirmation reads of an operation: signing and
 * decryption operations show their device approval alike.
 */
export interface DeviceConfirmable {
  id: string;
  status: string;
  confirmationMethods: readonly string[];
  device?: {
    status: 'pending' | 'approved' | 'declined' | 'used' | 'refused';
    verificationCode: string;
    offline: string;
    remainingOfflineAttempts: number;
  };
}

/** The confirmation's answer: the operation, or the problem with its body (a wrong PIN's says how many tries remain). */
export type DeviceConfirmAnswer<T> = { operation: T } | { problem: unknown; body: unknown };

/** How the device confirmation asks and confirms one kind of operation. */
export interface DeviceOperationApi<T extends DeviceConfirmable> {
  get: (id: string) => Promise<T>;
  confirm: (
    id: string,
    body: { method: DeviceMethod; pin?: string; code?: string },
  ) => Promise<DeviceConfirmAnswer<T>>;
}

interface Answered<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function confirmed<T>(answer: Promise<Answered<T>>): Promise<DeviceConfirmAnswer<T>> {
  try {
    return { operation: await call(answer) };
  } catch (problem) {
    return { problem, body: (await answer.catch(() => undefined))?.error };
  }
}

export const signingDeviceApi: DeviceOperationApi<SigningOperation> = {
  get: (id) => call(api.GET('/api/v1/signing-operations/{id}', path(id))),
  confirm: (id, body) =>
    confirmed(api.POST('/api/v1/signing-operations/{id}/confirm', { ...path(id), body })),
};

export const decryptionDeviceApi: DeviceOperationApi<DecryptionOperation> = {
  get: (id) => call(api.GET('/api/v1/decryption-operations/{id}', path(id))),
  confirm: (id, body) =>
    confirmed(api.POST('/api/v1/decryption-operations/{id}/confirm', { ...path(id), body })),
};

export const policyApi = {
  get: () => call(api.GET('/api/v1/confirmation-policy')),
  put: (policy: ConfirmationPolicy) => call(api.PUT('/api/v1/confirmation-policy', { body: policy })),
  getUser: (user: string) => call(api.GET('/api/v1/users/{id}/confirmation-policy', path(user))),
  putUser: (user: string, policy: ConfirmationPolicy) =>
    call(api.PUT('/api/v1/users/{id}/confirmation-policy', { ...path(user), body: policy })),
  deleteUser: (user: string) => call(api.DELETE('/api/v1/users/{id}/confirmation-policy', path(user))),
};
