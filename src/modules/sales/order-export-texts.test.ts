import { describe, expect, it } from 'vitest';
import { locales } from '../../auth/roles.ts';
import { sales } from '../../web/i18n/sales.ts';
import { orderExportTexts } from './order-export-texts.ts';

describe('the order export speaks the words of the web app', () => {
  it('names order statuses as the screens do, in every language', () => {
    for (const locale of locales) {
      expect(orderExportTexts[locale].status).toEqual(sales[locale].status);
    }
  });
});
