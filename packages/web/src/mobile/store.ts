/**
 * The enrolled device's state, in IndexedDB. The channel secret is kept
 * as raw bytes: HKDF needs it raw and WebCrypto cannot derive from a
 * non-extractable key of another algorithm. That is the PWA's limit: the
 * key that signs decisions is a WebAuthn credential in the phone's secure
 * hardware (it needs the phone's PIN or biometrics), the channel secret is
 * in the browser's storage (docs/mobile-confirmation.md).
 */

export interface DeviceState {
  /** The device's id (the enrolment's). */
  device: string;
  name: string;
  account: string;
  /** The WebAuthn relying party and credential (base64url id) that sign approvals. */
  rpId: string;
  credentialId: string;
  /** The channel secret (32 bytes). */
  secret: Uint8Array<ArrayBuffer>;
  /** The last counter sent to the server, and the last one received from it. */
  sent: number;
  received: number;
  vapidPublicKey: string;
  enrolledAt: string;
}

const DATABASE = 'podpis-mobile';
const STORE = 'device';
const KEY = 'this';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB did not open'));
    };
  });
}

async function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = run(transaction.objectStore(STORE));
      // Resolved on the transaction's completion, so a write is durable before the caller goes on (counters).
      transaction.oncomplete = () => {
        resolve(request.result as T);
      };
      transaction.onerror = () => {
        reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      };
      transaction.onabort = () => {
        reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
      };
    });
  } finally {
    db.close();
  }
}

export async function loadDevice(): Promise<DeviceState | null> {
  const state = await transact<DeviceState | undefined>('readonly', (store) => store.get(KEY));
  return state ?? null;
}

export async function saveDevice(state: DeviceState): Promise<void> {
  await transact('readwrite', (store) => store.put(state, KEY));
}

export async function forgetDevice(): Promise<void> {
  await transact('readwrite', (store) => store.delete(KEY));
}
