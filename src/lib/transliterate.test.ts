import { describe, expect, it } from 'vitest';
import { cyrillicToLatin, hanToPinyin, nameForms } from './transliterate.ts';

describe('name forms across scripts', () => {
  it('writes Russian names the passport way and the everyday way', () => {
    expect(cyrillicToLatin('Сергей Щукин')).toBe('sergei shchukin');
    expect(cyrillicToLatin('Юлия', 'everyday')).toBe('yuliya');
    expect(nameForms('Иванов')).toEqual(['иванов', 'ivanov']);
  });

  it('reads Chinese names as pinyin, surnames with their surname reading', () => {
    expect(hanToPinyin('王伟')).toEqual(['wang', 'wei']);
    expect(hanToPinyin('单', true)).toEqual(['shan']);
    expect(nameForms('小明')).toEqual(['小明', 'xiaoming']);
  });

  it('leaves Latin names as they are, in lower case', () => {
    expect(nameForms(' Smith ')).toEqual(['smith']);
    expect(nameForms('  ')).toEqual([]);
  });
});
