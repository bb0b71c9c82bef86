import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PendingLogin, SignedIn } from './podpis.js';

/** An employee's session in the EDO: who, Podpis's access token for them, the token its forms carry. */
export interface Session extends SignedIn {
  id: string;
  csrf: string;
}

const LOGIN_TTL_MS = 10 * 60_000;

/** Equal strings, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sessions and sign-ins under way, in memory only: Podpis's access tokens
 * never reach the disk, and a restart signs everyone out (they sign in
 * again through Podpis, usually without typing anything).
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly logins = new Map<string, PendingLogin>();

  startLogin(pending: PendingLogin): string {
    this.sweep();
    const id = randomBytes(24).toString('base64url');
    this.logins.set(id, pending);
    return id;
  }

  /** The sign-in this browser started (once: a callback cannot be replayed). */
  takeLogin(id: string | undefined): PendingLogin | undefined {
    if (id === undefined) return undefined;
    const pending = this.logins.get(id);
    this.logins.delete(id);
    return pending && Date.now() - pending.startedAt < LOGIN_TTL_MS ? pending : undefined;
  }

  create(signedIn: SignedIn): Session {
    const session: Session = {
      ...signedIn,
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, pending] of this.logins)
      if (now - pending.startedAt >= LOGIN_TTL_MS) this.logins.delete(id);
    for (const [id, session] of this.sessions) if (session.expiresAt < now) this.sessions.delete(id);
  }
}

/** The cookies of a request header (name → value), without a dependency. */
export function cookiesOf(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    try {
      cookies.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      // A malformed cookie is someone else's or forged: ignored.
    }
  }
  return cookies;
}
