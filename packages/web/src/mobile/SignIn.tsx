import type { PendingOperation } from '@podpis/confirm';
import { useT } from './context';
import { DecisionActions, useDecision, VerificationCode, type Outcome } from './Decision';

/**
 * A sign-in awaiting the device: who signs in, from where and with what,
 * and the code the browser shows; no certificate and no documents.
 */
export function SignInCard(props: { operation: PendingOperation; onDecided: (outcome: Outcome) => void }) {
  const t = useT();
  const { operation } = props;
  const { busy, error, choose } = useDecision(operation, props.onDecided, (answer) =>
    answer === 'declined' ? 'signInDeclined' : 'signedIn',
  );

  const headingId = `operation-${operation.operation}`;
  const signIn = operation.signIn;
  return (
    <article className="card" aria-labelledby={headingId} data-testid="sign-in-request">
      <h2 id={headingId}>{t('pending.kind.sign-in')}</h2>
      <VerificationCode code={operation.verificationCode} />
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
      <DecisionActions busy={busy} error={error} onChoose={(decision) => void choose(decision)} />
    </article>
  );
}
