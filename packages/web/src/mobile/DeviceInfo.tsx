import { useState } from 'react';
import { subscribePush } from './api';
import { describeError, useT } from './context';
import { forgetDevice, type DeviceState } from './store';

/** What this device is, notifications, and forgetting it (which the server learns only when the cabinet removes it). */
export function DeviceInfo(props: { state: DeviceState; onForgotten: () => void }) {
  const t = useT();
  const { state } = props;
  const [notifications, setNotifications] = useState(
    'Notification' in window && Notification.permission === 'granted',
  );
  const [error, setError] = useState<string | null>(null);

  async function enableNotifications() {
    setError(null);
    try {
      setNotifications(await subscribePush(state, true));
    } catch (failure) {
      setError(describeError(t, failure));
    }
  }

  async function forget() {
    if (!window.confirm(t('device.forgetConfirm'))) return;
    await forgetDevice();
    props.onForgotten();
  }

  return (
    <section aria-labelledby="device-heading">
      <h1 id="device-heading">{t('device.heading')}</h1>
      <dl>
        <dt>{t('device.name')}</dt>
        <dd>{state.name}</dd>
        <dt>{t('device.account')}</dt>
        <dd>{state.account}</dd>
        <dt>{t('device.server')}</dt>
        <dd>{location.host}</dd>
        <dt>{t('device.id')}</dt>
        <dd className="mono">{state.device}</dd>
        <dt>{t('device.enrolledAt')}</dt>
        <dd>{new Date(state.enrolledAt).toLocaleString()}</dd>
        <dt>{t('device.notifications')}</dt>
        <dd>{notifications ? t('device.notificationsOn') : t('device.notificationsOff')}</dd>
      </dl>
      {!notifications && 'Notification' in window && (
        <button type="button" onClick={() => void enableNotifications()}>
          {t('device.enableNotifications')}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="note">{t('device.limit')}</p>
      <button type="button" className="danger" onClick={() => void forget()}>
        {t('device.forget')}
      </button>
    </section>
  );
}
