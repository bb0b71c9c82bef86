import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

/** The language choice, on the sign-in page and in the office's header (a Segmented: a Select would bring its virtual list to every cold visit). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('language')}
      size="small"
      value={i18n.language === 'en' ? 'en' : 'ru'}
      onChange={setLanguage}
      options={LANGUAGES.map((language) => ({
        value: language,
        label: language === 'ru' ? 'Русский' : 'English',
      }))}
    />
  );
}
