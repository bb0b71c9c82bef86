import { useState, type SyntheticEvent } from 'react';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import type { EnrolmentOffer } from '@podpis/confirm';
import { enrol, fetchOffer, subscribePush } from './api';
import { describeError, useT } from './context';
import type { DeviceState } from './store';

/**
 * Enrolment: the activation code (from the QR link's fragment, or typed)
 * opens the server's offer; the user names the device; the phone makes its
 * WebAuthn credential and the channel.
 */
export function Enrol(props: {
  initialCode: string;
  current: DeviceState | null;
  onEnrolled: (state: DeviceState) => void;
}) {
  const t = useT();
  const [code, setCode] = useState(props.initialCode);
  const [offer, setOffer] = useState<EnrolmentOffer | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const supported = browserSupportsWebAuthn();

  async function check(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setOffer(await fetchOffer(code));
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (!offer) return;
    setBusy(true);
    setError(null);
    try {
      const state = await enrol(offer, code, name.trim());
      // Notifications are a convenience: enrolment stands without them (the list is also polled).
      await subscribePush(state, false).catch(() => false);
      props.onEnrolled(state);
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="enrol-heading">
      <h1 id="enrol-heading">{t('enrol.heading')}</h1>
      {props.current && <p className="note">{t('enrol.replaces', { name: props.current.name })}</p>}
      {!supported && (
        <p className="error" role="alert">
          {t('enrol.unsupported')}
        </p>
      )}
      {offer === null ? (
        <form onSubmit={(event) => void check(event)}>
          <p>{t('enrol.intro')}</p>
          <label htmlFor="activation-code">{t('enrol.code')}</label>
          <input
            id="activation-code"
            value={code}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            onChange={(event) => {
              setCode(event.target.value);
            }}
          />
          <button type="submit" className="primary" disabled={busy || !supported || code.trim() === ''}>
            {t('enrol.check')}
          </button>
        </form>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <dl>
            <dt>{t('enrol.account')}</dt>
            <dd>{offer.account}</dd>
          </dl>
          <label htmlFor="device-name">{t('enrol.name')}</label>
          <input
            id="device-name"
            value={name}
            placeholder={t('enrol.nameHint')}
            maxLength={100}
            required
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
          <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
            {busy ? t('enrol.working') : t('enrol.submit')}
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
