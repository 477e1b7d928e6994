import { useTranslation } from 'react-i18next';
import { otherLanguage } from '../i18n/i18n.js';

/** Toggles 中文 ⇄ English; its label names the language it switches to. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const target = otherLanguage(i18n.language);
  return (
    <button
      type="button"
      className="button button-quiet"
      data-testid="lang-switch"
      lang={target}
      title={t('lang.switchTitle')}
      onClick={() => void i18n.changeLanguage(target)}
    >
      {t('lang.switchTo')}
    </button>
  );
}
