import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, csrf, SESSION_ENDED, sessionEvents } from '../api/client';
import { peekEarly, takeEarly, WHOAMI_PATH } from '../api/earlyAnswers';
import type { Me, WhoAmI } from '../api/types';

/** How a sign-in continues when the password was right but a second factor is needed. */
export interface PendingSignIn {
  pendingToken: string;
  methods: readonly ('totp' | 'webauthn' | 'recovery-code' | 'device')[];
}

/** The second factor the user gives: a code from the authenticator app, a security key's answer, a recovery code, or the approval on a device. */
export type SecondFactorProof =
  { code: string } | { recoveryCode: string } | { webauthn: AuthenticationResponseJSON } | { device: true };

export interface Auth {
  /** The signed-in account; null while nobody is, undefined while the first check runs. */
  me: Me | null | undefined;
  /** Why the last session ended (SESSION_EXPIRED …), shown on the sign-in page. */
  endedBecause: string | undefined;
  /** Asks the server again who is calling (after a login, a password change or choosing a certificate). */
  refresh: () => Promise<Me | null>;
  /** The password step: signs in, or answers what second factor the sign-in still needs. */
  signIn: (login: string, password: string) => Promise<Me | null | PendingSignIn>;
  /** The second step of a sign-in that needed one. */
  completeSignIn: (pending: PendingSignIn, proof: SecondFactorProof) => Promise<Me | null>;
  /** The explicit sign-in with the client certificate the browser presents (operators and administrators). */
  signInWithCertificate: () => Promise<Me | null>;
  /** Ends the session; for a client certificate, the server refuses it until an explicit sign-in. */
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/**
 * Why nobody is signed in that the sign-in page says: a session that ended
 * on the server, an operator who signed out (the browser still presents the
 * certificate), a revoked client certificate.
 */
export const SAID_ON_SIGN_IN = new Set([
  'SESSION_EXPIRED',
  'CLIENT_CERTIFICATE_SIGNED_OUT',
  'CLIENT_CERTIFICATE_REVOKED',
  'ACCOUNT_LOCKED',
]);

/** Who /whoami says is signed in, and why nobody is when the sign-in page should say so. */
function readWhoAmI(answer: WhoAmI): { me: Me | null; reason: string | undefined } {
  // A tab opened after the sign-in (or one whose storage was cleared) learns the session's CSRF token here.
  if (answer.csrfToken !== undefined) csrf.set(answer.csrfToken);
  if (answer.signedIn && answer.me) return { me: answer.me, reason: undefined };
  const reason =
    answer.reason !== undefined && SAID_ON_SIGN_IN.has(answer.reason) ? answer.reason : undefined;
  // The session ended: its token is of no more use (as when any other request finds it ended).
  if (reason !== undefined) csrf.clear();
  return { me: null, reason };
}

/**
 * Asks `/whoami`, which answers 200 when nobody is signed in too, so a
 * fresh sign-in page logs no failed request; on a fresh page the early
 * script has asked already.
 */
async function whoAmI(): Promise<Me | null> {
  const answer = (await takeEarly<WhoAmI>(WHOAMI_PATH)) ?? (await call(api.GET('/api/v1/whoami')));
  const { me, reason } = readWhoAmI(answer);
  // Said on the sign-in page, as when any other request finds the session ended.
  if (reason !== undefined) sessionEvents.dispatchEvent(new CustomEvent(SESSION_ENDED, { detail: reason }));
  return me;
}

/**
 * Who is signed in. Operators and administrators are known from the TLS
 * client certificate the browser presented; users from the session cookie.
 * When the API answers that the session ended, the office returns to the
 * sign-in page with the reason.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  // The early script's answer, when it is there before the first render: then no spinner is rendered first.
  const [first] = useState(() => {
    const answer = peekEarly<WhoAmI>(WHOAMI_PATH);
    return answer === undefined ? undefined : readWhoAmI(answer);
  });
  const [me, setMe] = useState<Me | null | undefined>(first?.me);
  const [endedBecause, setEndedBecause] = useState<string | undefined>(first?.reason);

  const refresh = useCallback(async () => {
    const current = await whoAmI().catch(() => null);
    setMe(current);
    return current;
  }, []);

  useEffect(() => {
    if (first === undefined) void refresh();
    const ended = (event: Event) => {
      csrf.clear();
      setEndedBecause(
        event instanceof CustomEvent && typeof event.detail === 'string' ? event.detail : undefined,
      );
      setMe(null);
    };
    sessionEvents.addEventListener(SESSION_ENDED, ended);
    return () => {
      sessionEvents.removeEventListener(SESSION_ENDED, ended);
    };
  }, [refresh, first]);

  const signIn = useCallback(
    async (login: string, password: string) => {
      const answer = await call(api.POST('/api/v1/session', { body: { login, password } }));
      if (answer.secondFactorRequired) {
        return { pendingToken: answer.pendingToken, methods: answer.methods };
      }
      csrf.set(answer.csrfToken);
      setEndedBecause(undefined);
      return refresh();
    },
    [refresh],
  );

  const completeSignIn = useCallback(
    async (pending: PendingSignIn, proof: SecondFactorProof) => {
      const session = await call(
        api.POST('/api/v1/session/second-factor', { body: { pendingToken: pending.pendingToken, ...proof } }),
      );
      csrf.set(session.csrfToken);
      setEndedBecause(undefined);
      return refresh();
    },
    [refresh],
  );

  const signInWithCertificate = useCallback(async () => {
    await call(api.POST('/api/v1/session/certificate'));
    setEndedBecause(undefined);
    return refresh();
  }, [refresh]);

  const signOut = useCallback(async () => {
    const byCertificate = me?.method === 'certificate';
    try {
      await call(api.DELETE(byCertificate ? '/api/v1/session/certificate' : '/api/v1/session'));
    } finally {
      csrf.clear();
      // The browser keeps the chosen certificate until it is closed: the sign-in page says so.
      setEndedBecause(byCertificate ? 'SIGNED_OUT_CERTIFICATE' : undefined);
      setMe(null);
    }
  }, [me]);

  const value = useMemo(
    () => ({ me, endedBecause, refresh, signIn, completeSignIn, signInWithCertificate, signOut }),
    [me, endedBecause, refresh, signIn, completeSignIn, signInWithCertificate, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/**
 * The account of a page the server renders before the office's code has
 * run (server/firstPage.tsx): a picture of the page, on which nothing can
 * be done until the office replaces it.
 */
export function RenderedAuthProvider({ me, children }: { me: Me; children: ReactNode }) {
  const notYet = () => Promise.reject(new Error('the office has not started yet'));
  const value: Auth = {
    me,
    endedBecause: undefined,
    refresh: notYet,
    signIn: notYet,
    completeSignIn: notYet,
    signInWithCertificate: notYet,
    signOut: notYet,
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in account, for pages rendered only when someone is signed in. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe on a page shown without a signed-in account');
  return me;
}
