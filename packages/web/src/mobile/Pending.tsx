import { useCallback, useState } from 'react';
import { fromBase64url, fromUtf8, type PendingOperation } from '@podpis/confirm';
import { pendingOperations, preview } from './api';
import { describeError, useT } from './context';
import { DecisionActions, useDecision, VerificationCode, type Outcome } from './Decision';
import { SignInCard } from './SignIn';
import { usePendingUpdates } from './live';
import { TextPreview } from './XmlPreview';

/** What a preview shows: a PDF's first page as an image, or the text itself (XML as an outline). */
type Shown = { document: number; image?: string; text?: string; mediaType?: string; truncated: boolean };

function base64(base64url: string): string {
  return base64url.replace(/-/g, '+').replace(/_/g, '/');
}

function OperationCard(props: { operation: PendingOperation; onDecided: (outcome: Outcome) => void }) {
  const t = useT();
  const { operation } = props;
  const { busy, error, setError, choose } = useDecision(operation, props.onDecided);
  const [shown, setShown] = useState<Shown | null>(null);

  async function show(document: number) {
    if (shown?.document === document) {
      setShown(null);
      return;
    }
    setError(null);
    try {
      const answer = await preview(operation.operation, document);
      setShown(
        answer.mediaType.startsWith('image/')
          ? {
              document,
              image: `data:${answer.mediaType};base64,${base64(answer.content)}`,
              truncated: answer.truncated,
            }
          : {
              document,
              text: fromUtf8(fromBase64url(answer.content)),
              mediaType: answer.mediaType,
              truncated: answer.truncated,
            },
      );
    } catch (failure) {
      setError(describeError(t, failure));
    }
  }

  const headingId = `operation-${operation.operation}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`pending.kind.${operation.kind}`)}</h2>
      <VerificationCode code={operation.verificationCode} />
      <dl>
        <dt>{t('pending.requester')}</dt>
        <dd>
          {operation.requester.kind === 'cabinet'
            ? t('pending.cabinet')
            : t('pending.api', { name: operation.requester.name ?? '' })}
        </dd>
        <dt>{t('pending.holder')}</dt>
        <dd>{operation.certificate.holder}</dd>
        <dt>{t('pending.certificate')}</dt>
        <dd className="mono">{operation.certificate.serial}</dd>
        <dt>{t('pending.format')}</dt>
        <dd>{operation.format}</dd>
      </dl>
      <h3>{t('pending.documents')}</h3>
      <ul className="documents">
        {operation.documents.map((document, index) => (
          <li key={index}>
            {document.preview ? (
              <button type="button" className="link" onClick={() => void show(index)}>
                {shown?.document === index
                  ? t('pending.hidePreview')
                  : t('pending.preview', { name: document.name })}
              </button>
            ) : (
              <span className="name">{document.name}</span>
            )}
            {document.size !== undefined && <span> · {t('pending.size', { size: document.size })}</span>}
            <div className="mono digest">
              {t('pending.digest')}: {document.digest}
            </div>
            {shown?.document === index && (
              <div className="preview">
                {shown.image !== undefined && <img src={shown.image} alt={document.name} />}
                {shown.text !== undefined && (
                  <TextPreview text={shown.text} mediaType={shown.mediaType ?? ''} />
                )}
                {shown.truncated && <small>{t('pending.truncated')}</small>}
              </div>
            )}
          </li>
        ))}
      </ul>
      <p className="note">
        {t('pending.expires', { time: new Date(operation.expiresAt).toLocaleTimeString() })}
      </p>
      {operation.pinAfterApproval && <p className="note">{t('pending.pin')}</p>}
      <DecisionActions busy={busy} error={error} onChoose={(decision) => void choose(decision)} />
    </article>
  );
}

/** The operations awaiting this device, asked on each hint of the event stream or a push, else polled. */
export function Pending() {
  const t = useT();
  const [operations, setOperations] = useState<PendingOperation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const refresh = useCallback(async () => {
    try {
      setOperations(await pendingOperations());
      setError(null);
    } catch (failure) {
      setError(describeError(t, failure));
    }
  }, [t]);

  const liveness = usePendingUpdates(refresh);

  return (
    <section aria-labelledby="pending-heading" data-live={liveness}>
      <h1 id="pending-heading">{t('pending.heading')}</h1>
      {outcome && (
        <p className={outcome === 'declined' ? 'note' : 'success'} role="status">
          {t(`pending.${outcome}`)}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {operations === null ? (
        <p>{t('loading')}</p>
      ) : operations.length === 0 ? (
        <p className="note">{t('pending.empty')}</p>
      ) : (
        operations.map((operation) =>
          operation.kind === 'sign-in' ? (
            <SignInCard
              key={operation.operation}
              operation={operation}
              onDecided={(decided) => {
                setOutcome(decided);
                void refresh();
              }}
            />
          ) : (
            <OperationCard
              key={operation.operation}
              operation={operation}
              onDecided={(decided) => {
                setOutcome(decided);
                void refresh();
              }}
            />
          ),
        )
      )}
      <button type="button" onClick={() => void refresh()}>
        {t('pending.refresh')}
      </button>
    </section>
  );
}
