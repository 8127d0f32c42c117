import { describe, expect, it } from 'vitest';
import { pickText, templatesUseDealerNote } from './dealer-texts.ts';
import { compileTemplate, type MessageContext } from './templates.ts';

const context = (signature: string | null): MessageContext => ({
  customer: {
    firstName: 'Anna',
    lastName: null,
    middleName: null,
    displayName: 'Anna',
    email: null,
    phone: null,
  },
  address: null,
  vehicle: null,
  dealer: { name: 'A', phone: null, email: null, city: null, address: null, signature },
  consultant: null,
  lastVisit: null,
  links: { unsubscribe: '' },
});

describe('a dealer’s texts in a message', () => {
  it('takes the message’s language, then the person’s, then the default, then any', () => {
    const texts = { ru: 'Ру', zh: '中' };
    expect(pickText(texts, ['ru', 'en', 'zh'])).toBe('Ру');
    expect(pickText(texts, ['en', 'zh', 'ru'])).toBe('中');
    expect(pickText(texts, ['en', null, undefined])).toBe('Ру');
    expect(pickText({ en: 'only' }, ['ru'])).toBe('only');
    expect(pickText(null, ['ru'])).toBeNull();
  });

  it('prints a signature as text with its line breaks, even in triple braces', async () => {
    const template = await compileTemplate(
      {
        subject: 's',
        mjml: `<mjml><mj-body><mj-section><mj-column>
          <mj-text>{{dealer.signature}}|{{{dealer.signature}}}</mj-text>
        </mj-column></mj-section></mj-body></mjml>`,
      },
      'contents.en',
    );
    const html = template.html(context('<b>Team</b>\nline 2'));
    expect(html).toContain('&lt;b&gt;Team&lt;/b&gt;<br>line 2|&lt;b&gt;Team&lt;/b&gt;<br>line 2');
    expect(html).not.toContain('<b>');
    expect(template.text(context('Team\nline 2'))).toContain('Team\nline 2');
    expect(template.html(context(null))).not.toContain('null');
  });

  it('knows whether a campaign’s templates print the dealer’s paragraph', () => {
    expect(
      templatesUseDealerNote([{ contents: { en: { subject: '', mjml: '{{ dealer.note }}' } } }]),
    ).toBe(true);
    expect(
      templatesUseDealerNote([{ contents: { en: { subject: '', mjml: '{{dealer.name}}' } } }]),
    ).toBe(false);
  });
});
