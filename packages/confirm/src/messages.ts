import type { Approval, OperationKind } from './approval.js';
import type { Envelope } from './channel.js';

/**
 * The HTTP contract between the server and a device (all JSON, under
 * `/api/v1/device`, no cookie or token: a device is authenticated by its
 * channel). Failures are problem+json with a stable `code`.
 *
 * 1. `POST /api/v1/device/enrolment` `{ activationCode }` → `EnrolmentOffer`
 * 2. `POST /api/v1/device/enrolment/complete` `EnrolmentCompletion` →
 *    `{ envelope }` holding an `EnrolmentResult` (server-to-device, counter 1)
 * 3. `POST /api/v1/device/messages` `{ envelope }` holding a `DeviceRequest`
 *    → `{ envelope }` holding the `DeviceReply`
 * 4. `POST /api/v1/device/events` `{ envelope }` holding `{ type: 'listen' }`
 *    → `text/event-stream` of `event: pending` hints (no content: the device
 *    then asks with `pending`), and `: keep-alive` comments.
 */

/** What the server tells a device holding a valid activation code. */
export interface EnrolmentOffer {
  /** The enrolment's id, which becomes the device's. */
  enrolment: string;
  /** The server's ephemeral ECDH P-256 key (base64url, uncompressed point). */
  serverKey: string;
  /** base64url; the WebAuthn registration's challenge. */
  challenge: string;
  /** Whose device this becomes (display name). */
  account: string;
  /** The WebAuthn relying party (the office's host name). */
  rpId: string;
  expiresAt: string;
}

export type DeviceKind = 'webauthn' | 'authenticator';

/** What the device sends, sealed under the new channel (device-to-server, counter 1). */
export interface EnrolmentRegistration {
  name: string;
  kind: DeviceKind;
  /** authenticator: its ECDSA P-256 public key, SPKI DER, base64url. */
  publicKey?: string;
  /** webauthn: the registration response (`@simplewebauthn/browser`'s RegistrationResponseJSON). */
  webauthn?: unknown;
  /** Browser or program, for the device list (e.g. the user agent). */
  platform?: string;
}

export interface EnrolmentCompletion {
  enrolment: string;
  /** The device's ephemeral ECDH P-256 key (base64url, uncompressed point). */
  deviceKey: string;
  /** An `EnrolmentRegistration`, sealed. */
  envelope: Envelope;
}

export interface EnrolmentResult {
  type: 'enrolled';
  device: string;
  name: string;
  account: string;
  /** The Web Push application server key (VAPID, base64url), for `PushManager.subscribe`. */
  vapidPublicKey: string;
  /** The suite of offline codes. */
  offlineSuite: string;
}

/** A Web Push subscription as `PushSubscription.toJSON()` gives it. */
export interface PushSubscriptionData {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type DeviceRequest =
  | { type: 'pending' }
  | { type: 'preview'; operation: string; document: number }
  | {
      type: 'decide';
      approval: Approval;
      /** authenticator: the ECDSA signature (P1363, base64url) over `approvalBytes(approval)`. */
      signature?: string;
      /** webauthn: the assertion (AuthenticationResponseJSON) over `approvalChallenge(approval)`. */
      webauthn?: unknown;
    }
  | { type: 'push'; subscription: PushSubscriptionData | null };

export interface PendingDocument {
  name: string;
  size?: number;
  /** Hex digest of the document, with `digestAlgorithm` (OID). */
  digest: string;
  digestAlgorithm: string;
  /** Whether `preview` can show it (the server holds its content). */
  preview: boolean;
}

/** An operation awaiting this device's decision, as the device shows it. */
export interface PendingOperation {
  operation: string;
  kind: OperationKind;
  /** Who asks: the user's own cabinet, or a system acting for them (an API token's name). */
  requester: { kind: 'cabinet' | 'api'; name?: string };
  /** A sign-in's: serial empty, the holder the account's login. */
  certificate: { serial: string; holder: string };
  format: string;
  /** None for a sign-in. */
  documents: PendingDocument[];
  /** For a `sign-in`: where and from what the password was typed. */
  signIn?: { ip: string; userAgent: string; time: string };
  /** base64url of the operation digest the approval must name. */
  digest: string;
  /** base64url of the challenge the approval must name. */
  challenge: string;
  /** The four digits the browser shows too. */
  verificationCode: string;
  createdAt: string;
  expiresAt: string;
  /** Whether the browser asks the key's PIN after the approval. */
  pinAfterApproval: boolean;
}

export type DeviceReply =
  | { type: 'pending'; operations: PendingOperation[] }
  | {
      type: 'preview';
      operation: string;
      document: number;
      /** `application/pdf` previews are the first page as `image/png`; text and XML as text. */
      mediaType: string;
      /** base64url */
      content: string;
      truncated: boolean;
    }
  | {
      type: 'decided';
      operation: string;
      /** `completed`: signed at once; `approved`: the browser asks the PIN next (a sign-in: the browser completes it); `declined`. */
      outcome: 'completed' | 'approved' | 'declined';
    }
  | { type: 'ok' };

/** The push message a device receives: only a hint, sealed, so a replayed push opens nothing new. */
export interface PushHint {
  type: 'pending';
  operation: string;
}
