import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskPhone } from './data-check-mask.ts';

describe('what the public confirm-your-data page shows of a contact', () => {
  it('shows a phone’s country code and last four digits', () => {
    expect(maskPhone('+79165551234')).toBe('+7 *** ***-12-34');
    expect(maskPhone('+8613800001234')).toBe('+86 *** ***-12-34');
    expect(maskPhone('+1234')).toBe('***');
  });

  it('shows two letters of an e-mail’s mailbox and the whole domain', () => {
    expect(maskEmail('anna.check@example.com')).toBe('an***@example.com');
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
    expect(maskEmail('nonsense')).toBe('***');
  });

  it('shows an address up to the building and hides the flat', () => {
    expect(
      maskAddress({
        country: 'RU',
        region: null,
        city: 'Moscow',
        postcode: '101000',
        street: 'Lenina',
        building: '1',
        apartment: '42',
      }),
    ).toBe('101000, RU, Moscow, Lenina, 1, ***');
  });
});
