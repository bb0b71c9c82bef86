import {
  approvalChallenge,
  approvalTime,
  channelKeys,
  deriveChannelSecret,
  fromBase64url,
  generateEcdhKeyPair,
  openEnvelope,
  sealEnvelope,
  toBase64url,
  type Approval,
  type Decision,
  type DeviceReply,
  type DeviceRequest,
  type EnrolmentCompletion,
  type EnrolmentOffer,
  type EnrolmentRegistration,
  type EnrolmentResult,
  type Envelope,
  type PendingOperation,
  type PushSubscriptionData,
} from '@podpis/confirm';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { loadDevice, saveDevice, type DeviceState } from './store';

/** A failure with the server's (or the protocol's) stable code, shown through the dictionary. */
export class DeviceProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function send(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(`/api/v1/device/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
  } catch {
    throw new DeviceProblem('NETWORK_ERROR', 'the server did not answer');
  }
}

function refusal(response: Response, json: unknown): DeviceProblem {
  const problem = (json ?? {}) as { code?: unknown; detail?: unknown; title?: unknown };
  return new DeviceProblem(
    typeof problem.code === 'string' ? problem.code : 'UNEXPECTED_ANSWER',
    typeof problem.detail === 'string' ? problem.detail : `HTTP ${response.status}`,
  );
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await send(path, body);
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw refusal(response, json);
  return json as T;
}

/** What the activation code opens: the server's offer. */
export function fetchOffer(activationCode: string): Promise<EnrolmentOffer> {
  return post<EnrolmentOffer>('enrolment', { activationCode });
}

/**
 * Enrols this browser: a platform WebAuthn credential with user
 * verification signs its decisions; an ECDH exchange salted with the
 * activation code gives the channel secret. The state is stored before
 * the function returns, with the counters of the first exchange.
 */
export async function enrol(
  offer: EnrolmentOffer,
  activationCode: string,
  name: string,
): Promise<DeviceState> {
  const registration = await startRegistration({
    optionsJSON: {
      rp: { id: offer.rpId, name: 'Podpis' },
      // The user handle is the device's id: one credential per enrolment, not per account.
      user: {
        id: toBase64url(new TextEncoder().encode(offer.enrolment)),
        name: offer.account,
        displayName: offer.account,
      },
      challenge: offer.challenge,
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      authenticatorSelection: {
        authenticatorAttachment: 'platform',
        residentKey: 'preferred',
        userVerification: 'required',
      },
      attestation: 'none',
      timeout: 120_000,
    },
  });
  const pair = await generateEcdhKeyPair();
  const secret = await deriveChannelSecret({
    privateKey: pair.privateKey,
    peerPublicKey: fromBase64url(offer.serverKey),
    activationCode,
    device: offer.enrolment,
  });
  const keys = await channelKeys(secret);
  const message: EnrolmentRegistration = {
    name,
    kind: 'webauthn',
    webauthn: registration,
    platform: navigator.userAgent,
  };
  const completion: EnrolmentCompletion = {
    enrolment: offer.enrolment,
    deviceKey: toBase64url(pair.publicKey),
    envelope: await sealEnvelope(keys, 'device-to-server', offer.enrolment, 1, message),
  };
  const answer = await post<{ envelope: Envelope }>('enrolment/complete', completion);
  const result = (await openEnvelope(keys, 'server-to-device', answer.envelope, 0)) as EnrolmentResult;
  const state: DeviceState = {
    device: result.device,
    name: result.name,
    account: result.account,
    rpId: offer.rpId,
    credentialId: registration.id,
    secret,
    sent: 1,
    received: answer.envelope.counter,
    vapidPublicKey: result.vapidPublicKey,
    enrolledAt: new Date().toISOString(),
  };
  await saveDevice(state);
  return state;
}

/** One exchange at a time: two at once would race for the counters. */
let queue: Promise<unknown> = Promise.resolve();

/** A request sealed under the next counter, stored before it leaves. */
async function sealNext(request: DeviceRequest | { type: 'listen' }) {
  const state = await loadDevice();
  if (!state) throw new DeviceProblem('DEVICE_NOT_FOUND', 'this browser is not enrolled');
  const keys = await channelKeys(state.secret);
  const counter = state.sent + 1;
  await saveDevice({ ...state, sent: counter });
  const envelope = await sealEnvelope(keys, 'device-to-server', state.device, counter, request);
  return { state, keys, envelope };
}

/**
 * Sends a request over the channel and opens the reply. The counter is
 * stored before the request leaves (a request lost in transit must not
 * let its counter be used again) and the reply's after it opened (a
 * replayed reply, whose counter is not above the last, does not open).
 */
export function exchange(request: DeviceRequest): Promise<DeviceReply> {
  const next = queue.then(async () => {
    const { state, keys, envelope } = await sealNext(request);
    const answer = await post<{ envelope: Envelope }>('messages', { envelope });
    const reply = (await openEnvelope(
      keys,
      'server-to-device',
      answer.envelope,
      state.received,
    )) as DeviceReply;
    const latest = (await loadDevice()) ?? state;
    await saveDevice({ ...latest, received: answer.envelope.counter });
    return reply;
  });
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Opens the server's stream of `pending` hints (Server-Sent Events). The
 * `listen` takes a counter like any request, so it waits its turn in the
 * queue, which it leaves once the server has answered the headers: the
 * stream itself stays open as long as the app is in view.
 */
export function listen(signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const next = queue.then(async () => {
    const { envelope } = await sealNext({ type: 'listen' });
    const response = await send('events', { envelope }, signal);
    if (!response.ok || !response.body) throw refusal(response, await response.json().catch(() => null));
    return response.body;
  });
  queue = next.catch(() => undefined);
  return next;
}

export async function pendingOperations(): Promise<PendingOperation[]> {
  const reply = await exchange({ type: 'pending' });
  return reply.type === 'pending' ? reply.operations : [];
}

export async function preview(operation: string, document: number) {
  const reply = await exchange({ type: 'preview', operation, document });
  if (reply.type !== 'preview') throw new DeviceProblem('UNEXPECTED_ANSWER', 'not a preview');
  return reply;
}

/**
 * Approves or declines an operation: the approval's text is hashed into
 * the WebAuthn challenge, so the phone's secure hardware signs exactly this
 * decision on this operation after the user's PIN or biometrics.
 */
export async function decide(
  operation: PendingOperation,
  decision: Decision,
): Promise<'completed' | 'approved' | 'declined'> {
  const state = await loadDevice();
  if (!state) throw new DeviceProblem('DEVICE_NOT_FOUND', 'this browser is not enrolled');
  const approval: Approval = {
    operation: operation.operation,
    digest: operation.digest,
    decision,
    challenge: operation.challenge,
    time: approvalTime(new Date()),
  };
  const assertion = await startAuthentication({
    optionsJSON: {
      challenge: toBase64url(await approvalChallenge(approval)),
      rpId: state.rpId,
      allowCredentials: [{ id: state.credentialId, type: 'public-key' }],
      userVerification: 'required',
      timeout: 120_000,
    },
  });
  const reply = await exchange({ type: 'decide', approval, webauthn: assertion });
  if (reply.type !== 'decided') throw new DeviceProblem('UNEXPECTED_ANSWER', 'not a decision');
  return reply.outcome;
}

function applicationServerKey(vapidPublicKey: string): Uint8Array<ArrayBuffer> {
  return fromBase64url(vapidPublicKey);
}

/** Subscribes to Web Push (when the browser can and the user allowed it) and tells the server. */
export async function subscribePush(state: DeviceState, ask: boolean): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
    return false;
  if (Notification.permission !== 'granted') {
    if (!ask || (await Notification.requestPermission()) !== 'granted') return false;
  }
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: applicationServerKey(state.vapidPublicKey),
  });
  const json = subscription.toJSON();
  const data: PushSubscriptionData = {
    endpoint: subscription.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
  };
  await exchange({ type: 'push', subscription: data });
  return true;
}
