import { ConfirmError } from './bytes.js';
import { normaliseActivationCode } from './channel.js';

/**
 * The enrolment link a QR code carries: the PWA's address with the
 * activation code in the fragment, which browsers never send to a server
 * (so it reaches no access log); the CLI authenticator reads the same link.
 */
export function enrolmentLink(server: string, activationCode: string): string {
  return `${server.replace(/\/+$/, '')}/mobile/#enrol=${normaliseActivationCode(activationCode)}`;
}

/** The server's origin and the activation code of an enrolment link. */
export function parseEnrolmentLink(link: string): { server: string; activationCode: string } {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new ConfirmError('MALFORMED', 'not an enrolment link');
  }
  const code = /^#enrol=([0-9A-Za-z-]{6,32})$/.exec(url.hash)?.[1];
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !code) {
    throw new ConfirmError('MALFORMED', 'not an enrolment link');
  }
  return { server: url.origin, activationCode: normaliseActivationCode(code) };
}
