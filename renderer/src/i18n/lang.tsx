// The window's language: English or 中文, chosen once and remembered (localStorage), switching every
// text at once. Lab content is bilingual data from the engine (pick); the window's own words live
// in a strings table per area (defineStrings), so no area edits another's file.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Bilingual, Lang } from '../../../electron/contract/api.js';

export type { Lang };

const STORAGE_KEY = 'podlab.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage may be unavailable (a locked-down profile): fall back to the system's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'en', setLang: () => undefined });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, still switched.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** A lab text in the window's language (labs carry both; validation makes sure of it). */
export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/** One area's words in both languages: the two tables must have the same keys. */
export function defineStrings<T extends Record<string, unknown>>(table: { en: T; zh: NoInfer<T> }): { en: T; zh: T } {
  return table;
}

export function useStrings<T>(table: { en: T; zh: T }): T {
  return table[useLang().lang];
}
