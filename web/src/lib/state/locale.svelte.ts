import { DEFAULT_LOCALE, type Locale, type MessageKey, type MessageParams } from '../i18n/types.ts';
import { pickLocale, translate } from '../i18n/translate.ts';

const STORAGE_KEY = 'clinicwall.lang';

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The UI language: zh-CN by default; ?lang=en or the saved choice switch it; the choice persists. */
class LocaleState {
  current = $state<Locale>(DEFAULT_LOCALE);

  /** Reactive translation: components re-render when the locale changes. */
  t = (key: MessageKey, params?: MessageParams): string => translate(this.current, key, params);

  /** Picks the name in the current language from a registry entry ({ name, nameEn }). */
  name = (entry: { name: string; nameEn: string }): string => (this.current === 'en' ? entry.nameEn : entry.name);

  init(url: URL): void {
    const query = url.searchParams.get('lang');
    this.#apply(pickLocale(query, readSaved()), query !== null);
  }

  set(locale: Locale): void {
    this.#apply(locale, true);
  }

  toggle(): void {
    this.set(this.current === 'zh-CN' ? 'en' : 'zh-CN');
  }

  #apply(locale: Locale, persist: boolean): void {
    this.current = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    if (persist) {
      try {
        localStorage.setItem(STORAGE_KEY, locale);
      } catch {
        /* private mode: the choice lasts for this page only */
      }
    }
  }
}

export const locale = new LocaleState();
