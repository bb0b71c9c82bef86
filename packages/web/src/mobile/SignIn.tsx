import { useState } from 'react';
import type { PendingOperation } from '@podpis/confirm';
import { decide } from './api';
import { describeError, useT } from './context';
import type { Outcome } from './Pending';

/**
 * A sign-in awaiting the device: who signs in, from where and with what,
 * and the code the browser shows; no certificate and no documents.
 */
export function SignInCard(props: { operation: PendingOperation; onDecided: (outcome: Outcome) => void }) {
  const t = useT();
  const { operation } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(decision: 'approve' | 'decline') {
    setBusy(true);
    setError(null);
    try {
      const outcome = await decide(operation, decision);
      props.onDecided(outcome === 'declined' ? 'signInDeclined' : 'signedIn');
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  }

  const headingId = `operation-${operation.operation}`;
  const signIn = operation.signIn;
  return (
    <article className="card" aria-labelledby={headingId} data-testid="sign-in-request">
      <h2 id={headingId}>{t('pending.kind.sign-in')}</h2>
      <div className="verification">
        <span>{t('pending.code')}</span>
        <strong className="code" data-testid="verification-code">
          {operation.verificationCode}
        </strong>
        <small>{t('pending.codeHint')}</small>
      </div>
      <dl>
        <dt>{t('signIn.account')}</dt>
        <dd>{operation.certificate.holder}</dd>
        <dt>{t('signIn.ip')}</dt>
        <dd className="mono">{signIn?.ip || t('signIn.unknown')}</dd>
        <dt>{t('signIn.browser')}</dt>
        <dd>{signIn?.userAgent || t('signIn.unknown')}</dd>
        <dt>{t('signIn.time')}</dt>
        <dd>{new Date(signIn?.time ?? operation.createdAt).toLocaleString()}</dd>
      </dl>
      <p className="note">{t('signIn.hint')}</p>
      <p className="note">
        {t('pending.expires', { time: new Date(operation.expiresAt).toLocaleTimeString() })}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void choose('approve')}>
          {busy ? t('pending.working') : t('pending.approve')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void choose('decline')}>
          {t('pending.decline')}
        </button>
      </div>
    </article>
  );
}
