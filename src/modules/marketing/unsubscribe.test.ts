import { describe, expect, it } from 'vitest';
import { textWithUnsubscribe, withUnsubscribeFooter } from './unsubscribe.ts';

const unsubscribe = 'https://crm.example/m/u?t=abc=def';
const links = (html: string) => html.match(/<a\b/g)?.length ?? 0;

describe('the unsubscribe link of an e-mail, in its HTML and its plain text', () => {
  it('gets the footer when the template has no unsubscribe link', () => {
    const html = withUnsubscribeFooter('<html><body><p>Hi</p></body></html>', unsubscribe);
    expect(links(html)).toBe(1);
    expect(html).toContain('href="https://crm.example/m/u?t=abc=def"');
    expect(html.indexOf('Unsubscribe')).toBeLessThan(html.indexOf('</body>'));
  });

  it('gets no second link when the template placed it, written escaped by Handlebars', () => {
    const placed = `<html><body><a href="https://crm.example/m/u?t&#x3D;abc&#x3D;def">stop</a></body></html>`;
    expect(withUnsubscribeFooter(placed, unsubscribe)).toBe(placed);
  });

  it('adds the plain-text line only when the text does not carry the link', () => {
    expect(textWithUnsubscribe('Hi', unsubscribe)).toBe(`Hi\n\nUnsubscribe: ${unsubscribe}`);
    const placed = `Hi. To stop: ${unsubscribe}`;
    expect(textWithUnsubscribe(placed, unsubscribe)).toBe(placed);
  });
});
