import { describe, expect, it } from 'vitest';
import { smsLength } from './sms-length.ts';
import { shortCode, shortenSmsLinks } from './sms-links.ts';

const base = 'https://crm.example.com';
const unsubscribe = `${base}/m/u?t=eyJrIjoidW5zdWJzY3JpYmUifQ.c2lnbmF0dXJl`;
/** the template is the text itself unless a test fills in data */
const shorten = (text: string, source = text) =>
  shortenSmsLinks(text, { source, base, unsubscribe });
const short = /https:\/\/crm\.example\.com\/s\/([0-9A-Za-z]{10})/g;

describe('the links of an SMS become short tracked links', () => {
  it('leaves a text without links alone', () => {
    const text =
      'Hi Anna! Winter tyres -20 % until 1.12, call +7 843 000-00-00. http is not a link.';
    expect(shorten(text)).toEqual({ text, links: [] });
  });

  it('replaces each link, keeping the punctuation after it and the text around it', () => {
    const text =
      'Tyres: https://dealer-a.example/tyres?utm=sms&x=1, service (https://dealer-a.example/service). ' +
      'Book: http://dealer-a.example/book! Again https://dealer-a.example/tyres?utm=sms&x=1';
    const { text: sent, links } = shorten(text);
    const codes = [...sent.matchAll(short)].map((match) => match[1]!);
    expect(codes).toHaveLength(4);
    // one code per target and message: the same link twice is one code
    expect(codes[3]).toBe(codes[0]);
    expect(links).toEqual([
      { code: codes[0], target: 'https://dealer-a.example/tyres?utm=sms&x=1' },
      { code: codes[1], target: 'https://dealer-a.example/service' },
      { code: codes[2], target: 'http://dealer-a.example/book' },
    ]);
    expect(sent).toBe(
      `Tyres: ${base}/s/${codes[0]}, service (${base}/s/${codes[1]}). ` +
        `Book: ${base}/s/${codes[2]}! Again ${base}/s/${codes[3]}`,
    );
  });

  it('keeps a bracket that belongs to the link, and ends a link at Chinese text', () => {
    const { links } = shorten(
      'Wiki https://example.org/wiki/Car_(disambiguation). 详情请访问https://dealer-a.example/zh了解更多。',
    );
    expect(links.map((link) => link.target)).toEqual([
      'https://example.org/wiki/Car_(disambiguation)',
      'https://dealer-a.example/zh',
    ]);
  });

  it('tracks a Cyrillic address as written, and leaves a broken one alone', () => {
    const { links } = shorten('Акция: https://автосалон.рф/шины. Bad: https://[oops/x');
    expect(links.map((link) => link.target)).toEqual(['https://автосалон.рф/шины']);
  });

  it('tracks only the links the template wrote, not ones in the person’s data', () => {
    const source =
      'Hi {{customer.firstName}}! https://dealer-a.example/offer/{{vehicle.model}} https://{{dealer.site}}/x';
    const text =
      'Hi https://evil.example/phish! https://dealer-a.example/offer/x5 https://evil.example/x';
    const { text: sent, links } = shorten(text, source);
    expect(links.map((link) => link.target)).toEqual(['https://dealer-a.example/offer/x5']);
    expect(sent).toMatch(/^Hi https:\/\/evil\.example\/phish! https:\/\/crm\.example\.com\/s\//);
    expect(sent).toMatch(/ https:\/\/evil\.example\/x$/);
    // a link written whole must come out whole: a longer one is the data's
    expect(
      shorten('https://dealer-a.example.evil.example', 'https://dealer-a.example').links,
    ).toEqual([]);
  });

  it('shortens the unsubscribe link as one that is no click, and tracks the CRM’s own pages', () => {
    const register = `${base}/m/e?t=abc.def`;
    const { text: sent, links } = shorten(
      `Come to the show: ${register} Stop: ${unsubscribe}`,
      'Come to the show: {{links.register}} Stop: {{links.unsubscribe}}',
    );
    expect(links).toEqual([
      { code: expect.stringMatching(/^\w{10}$/), target: register },
      { code: expect.stringMatching(/^\w{10}$/), target: unsubscribe, noClick: true },
    ]);
    expect(sent).toBe(
      `Come to the show: ${base}/s/${links[0]!.code} Stop: ${base}/s/${links[1]!.code}`,
    );
    // a template without a way out has no unsubscribe link to mark
    expect(shorten(`See ${register}`, 'See {{links.register}}').links[0]).not.toHaveProperty(
      'noClick',
    );
  });

  it('shortens the preferences page as no click, like the way out', () => {
    const preferences = `${base}/m/p?t=eyJrIjoicHJlZmVyZW5jZXMifQ.c2ln`;
    const { text: sent, links } = shorten(
      `Your choice: ${preferences}`,
      'Your choice: {{links.preferences}}',
    );
    expect(links).toEqual([
      { code: expect.stringMatching(/^\w{10}$/), target: preferences, noClick: true },
    ]);
    expect(sent).toBe(`Your choice: ${base}/s/${links[0]!.code}`);
  });

  it('makes the SMS shorter than the link it replaces, and counts what is sent', () => {
    const text = `Your bonus: https://dealer-a.example/club/bonus?utm_source=sms&utm_campaign=winter-2026`;
    const sent = shorten(text).text;
    expect(sent.length).toBe('Your bonus: '.length + `${base}/s/`.length + 10);
    expect(smsLength(sent)).toEqual({ encoding: 'gsm7', length: sent.length, segments: 1 });
  });

  it('makes codes of 10 base62 characters that do not repeat', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => shortCode()));
    expect(codes.size).toBe(10_000);
    expect([...codes].every((code) => /^[0-9A-Za-z]{10}$/.test(code))).toBe(true);
  });
});
