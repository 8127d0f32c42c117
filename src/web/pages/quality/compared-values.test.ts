import { describe, expect, it } from 'vitest';
import { valuesDisagree } from './compared-values.ts';

describe('a profile field two duplicate records disagree on', () => {
  it('is not two empty lists, nor a list beside nothing', () => {
    expect(valuesDisagree([], [])).toBe(false);
    expect(valuesDisagree([], ['vip'])).toBe(false);
    expect(valuesDisagree(null, ['vip'])).toBe(false);
  });

  it('is not the same list in another order or another object', () => {
    expect(valuesDisagree(['vip', 'fleet'], ['fleet', 'vip'])).toBe(false);
    expect(valuesDisagree(['vip'], ['vip'])).toBe(false);
  });

  it('is two lists with different items', () => {
    expect(valuesDisagree(['vip'], ['fleet'])).toBe(true);
    expect(valuesDisagree(['vip'], ['vip', 'fleet'])).toBe(true);
  });

  it('is two different texts, but not a text beside a gap', () => {
    expect(valuesDisagree('1980-05-01', '1980-01-05')).toBe(true);
    expect(valuesDisagree('Ivan', 'Ivan')).toBe(false);
    expect(valuesDisagree('Ivan', null)).toBe(false);
    expect(valuesDisagree('', 'Ivan')).toBe(false);
    expect(valuesDisagree(undefined, 'Ivan')).toBe(false);
  });
});
