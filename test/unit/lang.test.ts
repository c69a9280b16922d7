// The learner's language: --lang when given (checked), else the locale in POSIX order.
import { describe, expect, it } from 'vitest';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { chooseLang, localeLang } from '../../electron/engine/base/lang.js';

describe('the learner\'s language', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{}, 'en'],
    [{ LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'C.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
  ])('the locale %j reads %s', (env, lang) => expect(localeLang(env)).toBe(lang));

  it('--lang wins over the locale and must be zh or en', () => {
    expect(chooseLang('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(chooseLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(() => chooseLang('cn', {})).toThrow(PodlabError);
    expect(() => chooseLang('cn', {})).toThrow('--lang takes en or zh, got "cn"');
  });
});
