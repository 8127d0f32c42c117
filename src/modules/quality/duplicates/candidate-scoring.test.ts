import { describe, expect, it } from 'vitest';
import { explainCandidates } from './candidate-scoring.ts';

/**
 * The check at capture and at import compares records read from the base, whose phones are
 * already E.164 (the customers module reads a national number with the dealer's country when
 * it is entered). So a Chinese dealer's customers and foreign numbers compare as the same
 * number, though the scoring reads numbers without a code as Russian.
 */
describe('the check at capture scores phones as the base keeps them', () => {
  const phoneLevel = (phone: string, other: string) => {
    const [explanation] = explainCandidates(
      { id: 'new', firstName: 'Wei', lastName: 'Wang', phone },
      [{ id: 'old', firstName: 'Wei', lastName: 'Wang', phone: other }],
    );
    return explanation!.contributions.find((c) => c.field === 'phone')?.level;
  };

  it('finds the same Chinese mobile, German landline and US number', () => {
    expect(phoneLevel('+8613812345678', '+8613812345678')).toBe('same number');
    expect(phoneLevel('+49301234567', '+49301234567')).toBe('same number');
    expect(phoneLevel('+12025550143', '+12025550143')).toBe('same number');
    // a customer's several numbers: one shared is enough
    expect(phoneLevel('+8613812345678;+79161234567', '+79161234567')).toBe('same number');
  });

  it('does not take two numbers of one country for the same', () => {
    expect(phoneLevel('+8613812345678', '+8613812345679')).not.toBe('same number');
  });
});
