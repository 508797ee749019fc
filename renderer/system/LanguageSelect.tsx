import { useTranslation } from 'react-i18next';
import { useFrame } from '../app/frame-context';
import type { Locale } from '../i18n';
import { locales } from '../i18n';

/** The language of the window, the tray and the notifications; in the status bar, signed in or out. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const { changeLocale } = useFrame();
  return (
    <label className="language">
      <span className="visually-hidden">{t('language.label')}</span>
      <select value={i18n.language} onChange={(e) => changeLocale(e.target.value as Locale)}>
        {locales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language.${locale}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
