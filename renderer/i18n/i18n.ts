import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-cn';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'portdoctor.language';

/** The language to start in: the user's last choice, else the system's (Chinese for any zh-*), else English. */
export function initialLanguage(stored: string | null, navigatorLanguage: string): Language {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigatorLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Set up i18next with both languages bundled (no remote loading: the CSP allows none). */
export function initI18n(): typeof i18next {
  const lng = initialLanguage(safeStorage()?.getItem(STORAGE_KEY) ?? null, navigator.language);
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

/** Switch language and remember it. */
export function setLanguage(lng: Language): void {
  void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  safeStorage()?.setItem(STORAGE_KEY, lng);
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
