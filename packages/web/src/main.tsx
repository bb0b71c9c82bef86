import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { App } from './App';
import { AuthProvider } from './components/auth';
import './i18n';

function Localised() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  dayjs.locale(english ? 'en' : 'ru');
  return (
    <ConfigProvider
      locale={english ? enUS : ruRU}
      theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 6 } }}
    >
      <AntApp>
        <AuthProvider>
          <App />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Localised />
    </StrictMode>,
  );
}
