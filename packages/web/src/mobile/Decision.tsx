import { useState } from 'react';
import type { PendingOperation } from '@podpis/confirm';
import { decide } from './api';
import { describeError, useT } from './context';

export type Outcome = 'completed' | 'approved' | 'declined' | 'signedIn' | 'signInDeclined';

/**
 * Approving or declining one request (an operation or a sign-in) and what
 * the card shows meanwhile; `outcome` names the result for the list.
 */
export function useDecision(
  operation: PendingOperation,
  onDecided: (outcome: Outcome) => void,
  outcome: (answer: Awaited<ReturnType<typeof decide>>) => Outcome = (answer) => answer,
) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(decision: 'approve' | 'decline') {
    setBusy(true);
    setError(null);
    try {
      onDecided(outcome(await decide(operation, decision)));
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, choose };
}

/** The four digits the browser shows too, so the user knows it is the same request. */
export function VerificationCode(props: { code: string }) {
  const t = useT();
  return (
    <div className="verification">
      <span>{t('pending.code')}</span>
      <strong className="code" data-testid="verification-code">
        {props.code}
      </strong>
      <small>{t('pending.codeHint')}</small>
    </div>
  );
}

/** The last error, and the approve and decline buttons. */
export function DecisionActions(props: {
  busy: boolean;
  error: string | null;
  onChoose: (decision: 'approve' | 'decline') => void;
}) {
  const t = useT();
  return (
    <>
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={props.busy}
          onClick={() => {
            props.onChoose('approve');
          }}
        >
          {props.busy ? t('pending.working') : t('pending.approve')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={props.busy}
          onClick={() => {
            props.onChoose('decline');
          }}
        >
          {t('pending.decline')}
        </button>
      </div>
    </>
  );
}
