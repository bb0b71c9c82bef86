import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { LanguageContext } from './context';
import { DeviceInfo } from './DeviceInfo';
import { Enrol } from './Enrol';
import { initialLanguage, storeLanguage, translator, type Language } from './i18n';
import { Offline } from './Offline';
import { Pending } from './Pending';
import { loadDevice, type DeviceState } from './store';
import mobileCss from './mobile.css?inline';

// With the script, not as a stylesheet link: one request less on a phone's first visit, as in the
// office (main.tsx), where Chromium lost that request while the server asked for a client certificate.
const mobileStyle = document.createElement('style');
mobileStyle.textContent = mobileCss;
document.head.append(mobileStyle);

type Tab = 'pending' | 'offline' | 'device';

/** The activation code of an enrolment link (`/mobile/#enrol=CODE`); the fragment never reaches the server. */
function enrolCode(): string | null {
  return /^#enrol=([0-9A-Za-z-]+)$/.exec(location.hash)?.[1] ?? null;
}

function Mobile() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const t = useMemo(() => translator(language), [language]);
  const [state, setState] = useState<DeviceState | null | undefined>(undefined);
  const [code, setCode] = useState(enrolCode);
  const [tab, setTab] = useState<Tab>('pending');

  useEffect(() => {
    void loadDevice().then(setState);
    const onHash = () => {
      setCode(enrolCode());
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  }, [language, t]);

  function switchLanguage() {
    const next = language === 'ru' ? 'en' : 'ru';
    storeLanguage(next);
    setLanguage(next);
  }

  function enrolled(next: DeviceState) {
    // The code is spent: a reload must not offer it again.
    history.replaceState(null, '', location.pathname);
    setCode(null);
    setState(next);
    setTab('pending');
  }

  let content;
  if (state === undefined) content = <p>{t('loading')}</p>;
  else if (state === null || code !== null)
    content = <Enrol initialCode={code ?? ''} current={state} onEnrolled={enrolled} />;
  else if (tab === 'pending') content = <Pending />;
  else if (tab === 'offline') content = <Offline />;
  else
    content = (
      <DeviceInfo
        state={state}
        onForgotten={() => {
          setState(null);
        }}
      />
    );

  return (
    <LanguageContext value={t}>
      <header>
        <span className="brand">{t('title')}</span>
        <button
          type="button"
          className="language"
          lang={language === 'ru' ? 'en' : 'ru'}
          aria-label={t('languageLabel')}
          onClick={switchLanguage}
        >
          {t('language')}
        </button>
      </header>
      <main>{content}</main>
      {state && code === null && (
        <nav aria-label={t('title')}>
          {(['pending', 'offline', 'device'] as const).map((name) => (
            <button
              key={name}
              type="button"
              aria-current={tab === name ? 'page' : undefined}
              onClick={() => {
                setTab(name);
              }}
            >
              {t(`tabs.${name}`)}
            </button>
          ))}
        </nav>
      )}
    </LanguageContext>
  );
}

if ('serviceWorker' in navigator) {
  // The worker caches the shell and shows push notifications; the app works without it (first visit, private tab).
  void navigator.serviceWorker.register('/mobile/sw.js', { scope: '/mobile/' }).catch(() => undefined);
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Mobile />
    </StrictMode>,
  );
}
