import { describe, expect, it } from 'vitest';
import { defaultTiers } from '../../../modules/club/clubs.service.ts';
import { en } from '../../i18n/en.ts';
import { ru } from '../../i18n/ru.ts';
import { zh } from '../../i18n/zh.ts';
import { defaultTierNames, readsTranslated } from './tier-name.ts';

describe('a club tier named by default', () => {
  it('is known by the same names the server gives a new club', () => {
    expect(Object.fromEntries(defaultTiers.map((tier) => [tier.code, tier.name]))).toEqual(
      defaultTierNames,
    );
  });

  it('has a name in every language', () => {
    for (const resources of [en, ru, zh]) {
      for (const code of Object.keys(defaultTierNames)) {
        expect(resources.club.defaultTier[code as keyof typeof defaultTierNames]).toBeTruthy();
      }
    }
  });

  it('reads translated only while the club kept the default name', () => {
    expect(readsTranslated({ code: 'premium', name: 'Premium' })).toBe(true);
    expect(readsTranslated({ code: 'premium', name: 'Платиновый' })).toBe(false);
    expect(readsTranslated({ code: 'gold', name: 'Premium' })).toBe(false);
  });
});
