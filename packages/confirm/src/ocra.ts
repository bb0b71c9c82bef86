import { ConfirmError, concat, fromHex, utf8 } from './bytes.js';

/**
 * OCRA, the OATH challenge-response algorithm (RFC 6287): the offline
 * confirmation code. An OCRA suite such as `OCRA-1:HOTP-SHA256-8:QH40-T1M`
 * names the HMAC hash, the number of digits and the data input: an optional
 * counter (C), the question (Q: numeric N, alphanumeric A or hexadecimal H,
 * with its maximum length), and optionally a PIN hash (P), session data (S)
 * and a time step (T).
 */

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

type Hash = 'SHA-1' | 'SHA-256' | 'SHA-512';
const HASHES: Record<string, Hash> = { SHA1: 'SHA-1', SHA256: 'SHA-256', SHA512: 'SHA-512' };
const HASH_BYTES: Record<Hash, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-512': 64 };
const TIME_STEP_SECONDS: Record<string, number> = { S: 1, M: 60, H: 3600 };

export interface OcraSuite {
  text: string;
  hash: Hash;
  /** 0: the whole HMAC, in hex; else 4–10 decimal digits. */
  digits: number;
  counter: boolean;
  question: { format: 'N' | 'A' | 'H'; maxLength: number };
  pin?: Hash;
  /** Session information length in bytes. */
  session?: number;
  /** Time step in seconds. */
  timeStep?: number;
}

/** The suite's parts; UNSUPPORTED for a suite outside RFC 6287 §6. */
export function parseOcraSuite(text: string): OcraSuite {
  const unsupported = () =>
    new ConfirmError('UNSUPPORTED', `not an OCRA suite this implementation knows: ${text}`);
  const [version, crypto, input, ...rest] = text.split(':');
  if (version !== 'OCRA-1' || crypto === undefined || input === undefined || rest.length > 0)
    throw unsupported();
  const cf = /^HOTP-(SHA1|SHA256|SHA512)-(\d{1,2})$/.exec(crypto);
  const digits = Number(cf?.[2]);
  if (!cf || !(digits === 0 || (digits >= 4 && digits <= 10))) throw unsupported();
  const suite: Partial<OcraSuite> & Pick<OcraSuite, 'text' | 'hash' | 'digits' | 'counter'> = {
    text,
    hash: HASHES[cf[1]!]!,
    digits,
    counter: false,
  };
  const parts = input.split('-');
  if (parts[0] === 'C') {
    suite.counter = true;
    parts.shift();
  }
  const q = /^Q([NAH])(\d{2})$/.exec(parts.shift() ?? '');
  const maxLength = Number(q?.[2]);
  if (!q || maxLength < 4 || maxLength > 64) throw unsupported();
  suite.question = { format: q[1] as 'N' | 'A' | 'H', maxLength };
  for (const part of parts) {
    const p = /^P(SHA1|SHA256|SHA512)$/.exec(part);
    const s = /^S(\d{3})$/.exec(part);
    const t = /^T(\d{1,2})([SMH])$/.exec(part);
    if (p && suite.pin === undefined && suite.session === undefined && suite.timeStep === undefined) {
      suite.pin = HASHES[p[1]!]!;
    } else if (s && suite.session === undefined && suite.timeStep === undefined) suite.session = Number(s[1]);
    else if (t && suite.timeStep === undefined) suite.timeStep = Number(t[1]) * TIME_STEP_SECONDS[t[2]!]!;
    else throw unsupported();
  }
  return suite as OcraSuite;
}

export interface OcraInput {
  /** The question as the suite's format has it: decimal digits (N), text (A) or hex (H). */
  question: string;
  counter?: bigint | number;
  /** The PIN's hash (hex) as the suite's P names it. */
  pinHash?: string;
  /** Session information (hex). */
  session?: string;
  /** The time step's number (e.g. minutes since 1970 for T1M). */
  timeStep?: bigint | number;
}

/** The number of the time step `date` falls in under `suite` (its T). */
export function ocraTimeStep(suite: OcraSuite, date: Date): bigint {
  if (suite.timeStep === undefined) throw new ConfirmError('MALFORMED', `${suite.text} has no time step`);
  return BigInt(Math.floor(date.getTime() / 1000 / suite.timeStep));
}

function questionHex(suite: OcraSuite, question: string): string {
  const { format, maxLength } = suite.question;
  if (question.length === 0 || question.length > maxLength) {
    throw new ConfirmError('MALFORMED', `the question has 1 to ${maxLength} characters`);
  }
  if (format === 'N') {
    if (!/^\d+$/.test(question)) throw new ConfirmError('MALFORMED', 'a numeric question has digits only');
    return BigInt(question).toString(16).toUpperCase();
  }
  if (format === 'H') {
    if (!/^[0-9A-Fa-f]+$/.test(question))
      throw new ConfirmError('MALFORMED', 'a hexadecimal question has hex digits only');
    return question;
  }
  if (!/^[\x20-\x7e]+$/.test(question))
    throw new ConfirmError('MALFORMED', 'an alphanumeric question is printable ASCII');
  return [...utf8(question)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Big-endian, `bytes` long, from a non-negative integer. */
function fixed(value: bigint | number, bytes: number): Uint8Array<ArrayBuffer> {
  const hex = BigInt(value).toString(16);
  if (BigInt(value) < 0n || hex.length > bytes * 2)
    throw new ConfirmError('MALFORMED', 'a value out of range');
  return fromHex(hex.padStart(bytes * 2, '0'));
}

/** Hex `value` as `bytes` bytes, padded on the left (PIN hash, session data). */
function leftPadded(value: string | undefined, bytes: number, what: string): Uint8Array<ArrayBuffer> {
  if (value === undefined || value.length > bytes * 2)
    throw new ConfirmError('MALFORMED', `${what} is missing or too long`);
  return fromHex(value.padStart(bytes * 2, '0'));
}

/** The DataInput of RFC 6287 §5.1: suite ‖ 0x00 ‖ [C] ‖ Q ‖ [P] ‖ [S] ‖ [T]. */
function dataInput(suite: OcraSuite, input: OcraInput): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [utf8(suite.text), new Uint8Array([0])];
  if (suite.counter) {
    if (input.counter === undefined) throw new ConfirmError('MALFORMED', `${suite.text} needs a counter`);
    parts.push(fixed(input.counter, 8));
  }
  // The question fills 128 bytes, left-aligned; an odd count of hex digits is padded with a zero digit.
  parts.push(fromHex(questionHex(suite, input.question).padEnd(256, '0')));
  if (suite.pin) parts.push(leftPadded(input.pinHash, HASH_BYTES[suite.pin], 'the PIN hash'));
  if (suite.session !== undefined)
    parts.push(leftPadded(input.session, suite.session, 'the session information'));
  if (suite.timeStep !== undefined) {
    if (input.timeStep === undefined) throw new ConfirmError('MALFORMED', `${suite.text} needs a time step`);
    parts.push(fixed(input.timeStep, 8));
  }
  return concat(...parts);
}

/** The OCRA response of `suite` under `key` for `input` (RFC 6287 §5.2, truncation of RFC 4226 §5.3). */
export async function ocra(
  suite: OcraSuite | string,
  key: Uint8Array<ArrayBuffer>,
  input: OcraInput,
): Promise<string> {
  const parsed = typeof suite === 'string' ? parseOcraSuite(suite) : suite;
  const hmacKey = await subtle().importKey('raw', key, { name: 'HMAC', hash: parsed.hash }, false, ['sign']);
  const mac = new Uint8Array(await subtle().sign('HMAC', hmacKey, dataInput(parsed, input)));
  if (parsed.digits === 0) return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** parsed.digits).padStart(parsed.digits, '0');
}
