import { describe, expect, it } from 'vitest';
import { locales } from '../../auth/roles.ts';
import { leads } from '../../web/i18n/leads.ts';
import { leadExportTexts } from './lead-export-texts.ts';

describe('the lead export speaks the words of the web app', () => {
  it('names stages and temperatures as the screens do, in every language', () => {
    for (const locale of locales) {
      expect(leadExportTexts[locale].stage).toEqual(leads[locale].stage);
      expect(leadExportTexts[locale].temperature).toEqual(leads[locale].temperature);
    }
  });
});
