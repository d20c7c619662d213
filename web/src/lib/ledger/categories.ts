import { LEDGER_CATEGORY_NAMES, type LedgerCategory } from '@clinicwall/contract';
import type { Locale } from '../i18n/types.ts';

/** The regulator's wording of a category (from the contract), in the UI language. */
export function categoryName(category: LedgerCategory, locale: Locale): string {
  return LEDGER_CATEGORY_NAMES[category][locale === 'en' ? 'en' : 'zh'];
}

/** One colour per category, in the chart, the counts and the entry list. */
export const CATEGORY_COLORS: Record<LedgerCategory, string> = {
  1: '#ef4444',
  2: '#f5a524',
  3: '#a855f7',
  4: '#22d3ee',
  5: '#94a3b8',
};
