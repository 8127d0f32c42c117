import { describe, expect, it } from 'vitest';
import { receptionNote } from './reception-verification.ts';

describe('the note of a confirmation at reception says what was checked, in the advisor’s language', () => {
  it('names the checks in order, in en, ru and zh', () => {
    expect(receptionNote('en', ['phone', 'address'])).toBe('Checked at reception: phone, address');
    expect(receptionNote('ru', ['email'])).toBe('Сверено на приёмке: e-mail');
    expect(receptionNote('zh', ['phone', 'email'])).toBe('接待时已核对: 电话、邮箱');
  });

  it('leaves the note empty when nothing in particular was named', () => {
    expect(receptionNote('en', [])).toBeNull();
  });
});
