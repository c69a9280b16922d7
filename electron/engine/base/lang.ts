// The learner's language: English or 中文. Text a learner reads is written in both ({en, zh});
// `--lang` picks one, else the locale does (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them).
import { PodlabError } from './errors.js';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

/** One text in both languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** The locale's language: 中文 for any zh_* locale, else English. */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** The value of `--lang`, checked; the locale's language when it is not given. */
export function chooseLang(value: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (value === undefined) return localeLang(env);
  if ((LANGS as readonly string[]).includes(value)) return value as Lang;
  throw new PodlabError('USAGE', `--lang takes ${LANGS.join(' or ')}, got "${value}"`, { hint: 'use `--lang zh` for 中文 or `--lang en` for English' });
}
