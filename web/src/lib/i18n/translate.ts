import { en } from './en.ts';
import { DEFAULT_LOCALE, LOCALES, type Locale, type MessageKey, type MessageParams, type Messages } from './types.ts';
import { zhCN } from './zh-CN.ts';

export const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Accepts 'en', 'en-US', 'zh', 'zh-CN', … ; null when it is neither. */
export function parseLocale(raw: string | null | undefined): Locale | null {
  if (!raw) return null;
  const v = raw.trim().toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v.startsWith('zh-') || v === 'cn') return 'zh-CN';
  return null;
}

/** Picks the locale: ?lang= first, then the saved choice, then the default (zh-CN). */
export function pickLocale(query: string | null, saved: string | null): Locale {
  return parseLocale(query) ?? parseLocale(saved) ?? DEFAULT_LOCALE;
}

/** The placeholders ({name}) a message uses. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const message = DICTIONARIES[locale][key] ?? DICTIONARIES[DEFAULT_LOCALE][key] ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
