import type { zhCN } from './zh-CN.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** The typed key set: zh-CN defines it, every locale must provide all of them (and no others). */
export type MessageKey = keyof typeof zhCN;
export type Messages = { readonly [K in MessageKey]: string };
export type MessageParams = Record<string, string | number>;
