import { describe, expect, it } from 'vitest';
import { careChannelOf, careContents, missingParts, withOwnTexts } from './event-care-texts.ts';

describe('event care texts', () => {
  it('reminds SMS events by SMS and every other channel by e-mail', () => {
    expect(careChannelOf('sms')).toBe('sms');
    expect(careChannelOf('email')).toBe('email');
    expect(careChannelOf('call')).toBe('email');
    expect(careChannelOf('mail')).toBe('email');
  });

  it('takes the campaign’s own text in its languages and the built-in one in the others', () => {
    const builtIn = careContents('reminder', 'sms');
    const own = { subject: '', mjml: '', text: 'Ждём вас завтра, {{customer.firstName}}' };
    const merged = withOwnTexts(builtIn, { ru: own });
    expect(merged.ru).toEqual(own);
    expect(merged.en).toEqual(builtIn.en);
    expect(merged.zh).toEqual(builtIn.zh);
    expect(withOwnTexts(builtIn, undefined)).toEqual(builtIn);
  });

  it('names the parts an own text lacks for its channel', () => {
    expect(missingParts('email', { subject: ' ', mjml: '<mjml></mjml>' })).toEqual(['subject']);
    expect(missingParts('email', { subject: 'Soon', mjml: '', text: 'x' })).toEqual(['mjml']);
    expect(missingParts('sms', { subject: 'ignored', mjml: '' })).toEqual(['text']);
    expect(missingParts('sms', { subject: '', mjml: '', text: 'See you' })).toEqual([]);
  });
});
