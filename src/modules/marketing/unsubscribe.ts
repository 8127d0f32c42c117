/**
 * The unsubscribe link in every marketing message, whoever sends it (campaigns, journeys,
 * event care): an e-mail's HTML gets a footer with it unless the template placed it, and its
 * plain text a line with it unless the text has it.
 */

export const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** An attribute's value as the browser reads it (Handlebars writes = as &#x3D;). */
export const decodeAttr = (value: string) =>
  value
    .replace(/&#x3D;|&#61;/gi, '=')
    .replace(/&#x27;|&#39;/gi, "'")
    .replace(/&#x60;/gi, '`')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** `insert` placed at the end of the body (or of the document, when it has no body tag). */
export function beforeBodyEnd(html: string, insert: string): string {
  return html.includes('</body>')
    ? html.replace('</body>', `${insert}</body>`)
    : `${html}${insert}`;
}

const unsubscribeFooter = (unsubscribe: string) =>
  `<p style="font-size:12px;color:#888;text-align:center"><a href="${escapeAttr(unsubscribe)}">Unsubscribe</a></p>`;

/**
 * An e-mail's unsubscribe footer, unless the template placed the link itself (read as the
 * browser reads the anchor: Handlebars writes = as &#x3D;, so a text search misses it).
 */
export function withUnsubscribeFooter(html: string, unsubscribe: string): string {
  for (const anchor of html.matchAll(/<a\b[^>]*?\shref="(https?:\/\/[^"]+)"/gi)) {
    if (decodeAttr(anchor[1]!) === unsubscribe) return html;
  }
  return beforeBodyEnd(html, unsubscribeFooter(unsubscribe));
}

/** An e-mail's plain text, with an unsubscribe line when the template wrote none. */
export function textWithUnsubscribe(text: string, unsubscribe: string): string {
  return text.includes(unsubscribe) ? text : `${text}\n\nUnsubscribe: ${unsubscribe}`;
}
