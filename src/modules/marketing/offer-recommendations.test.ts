import { describe, expect, it } from 'vitest';
import { templatesUseOffers } from './offer-recommendations.ts';

describe('templates that list offers', () => {
  it('sees offers in a Handlebars expression, not in the copy', () => {
    const variant = (text: string) => [{ key: 'A', contents: { en: { subject: 'Hi', text } } }];
    expect(templatesUseOffers(variant('{{#each offers}}{{title}}{{/each}}'))).toBe(true);
    expect(templatesUseOffers(variant('{{~#each offers as |offer|~}}{{offer.title}}'))).toBe(true);
    expect(templatesUseOffers({ ru: { text: 'Лучшее: {{offers.0.title}}' } })).toBe(true);
    expect(templatesUseOffers(variant('Our offers for {{firstName}} this month'))).toBe(false);
    expect(templatesUseOffers(variant('{{firstName}}, see our offers'))).toBe(false);
  });
});
