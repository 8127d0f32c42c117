import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { ValidationError } from '../../lib/errors.ts';
import type { Language } from '../customers/index.ts';

/**
 * E-mail templates: MJML for the layout, Handlebars for the person's data. MJML is rendered
 * once per variant and language (it is the slow part, milliseconds); the resulting HTML is a
 * Handlebars template filled per person (microseconds), which is what keeps a send of
 * 100 000 e-mails fast. Handlebars escapes every value, so a customer's name cannot inject
 * markup.
 */

/** A postal address as letters print it (a customer's `customer_addresses` row). */
export type PostalAddress = {
  country: string;
  region: string | null;
  city: string | null;
  postcode: string | null;
  street: string | null;
  building: string | null;
  apartment: string | null;
};

export type TemplateContent = { subject: string; mjml: string; text?: string | undefined };
export type TemplateKind = 'email' | 'sms' | 'call' | 'mail';

export type MessageContext = {
  customer: {
    firstName: string | null;
    lastName: string | null;
    middleName: string | null;
    displayName: string;
    email: string | null;
    phone: string | null;
  };
  address: PostalAddress | null;
  vehicle: {
    make: string | null;
    model: string | null;
    modelYear: number | null;
    plate: string | null;
    mileageKm: number | null;
  } | null;
  dealer: {
    name: string;
    phone: string | null;
    email: string | null;
    city: string | null;
    address: string | null;
    /** the dealer's own signature in the message's language (0273), plain text */
    signature?: string | null;
    /** the dealer's own paragraph in this campaign (0273), plain text */
    note?: string | null;
  } | null;
  consultant: { name: string; email: string | null } | null;
  lastVisit: { date: string; total: string } | null;
  /** owners club: his membership with its bonus points available (club module), if any */
  club?: { name: string; memberNumber: string; tier: string; points: number } | null;
  /**
   * register: event campaigns only, the person's signed registration page; preferences: his
   * signed preferences page (campaigns and journeys)
   */
  links: { unsubscribe: string; register?: string; feedback?: string; preferences?: string };
  /** an event's reminder and feedback request: the event, its start in the dealer's zone */
  event?: { name: string; venue: string | null; startsLocal: string };
  /** an event's change notice (event-change-texts.ts): what was and what is now */
  change?: EventChangeContext;
  /** an event's cancellation notice (event-cancel-texts.ts) */
  cancel?: EventCancelContext;
  /** a letter: the response code its variant prints (letter-responses.ts) */
  responseCode?: string | null;
  /** recommended offers for him, best first (offer-recommendations.ts, 0268) */
  offers?: { title: string; text: string; validTo: string }[];
};

export type EventCancelContext = {
  /** the guest cancelled his own place (else the event is cancelled) */
  byGuest: boolean;
  /** staff cancelled his registration for him (0246; a guest on the phone who cannot come) */
  byStaff?: boolean;
  /** held a place: the e-mail carries the file that removes his calendar entry */
  registered: boolean;
};

export type EventChangeContext = {
  timeChanged: boolean;
  venueChanged: boolean;
  oldStartsLocal: string;
  newStartsLocal: string;
  oldVenue: string | null;
  newVenue: string | null;
  /** holds a place (not on the waitlist, not only invited): his place is kept */
  registered: boolean;
};

export type CompiledTemplate = {
  subject: HandlebarsTemplateDelegate<MessageContext>;
  html: HandlebarsTemplateDelegate<MessageContext>;
  text: HandlebarsTemplateDelegate<MessageContext>;
};

const handlebars = Handlebars.create();

/**
 * A dealer's signature and paragraph are plain text with line breaks: in HTML they are escaped
 * and each break becomes <br>. `{{dealer.signature}}` and `{{dealer.note}}` in an HTML body are
 * read through this helper; even a triple `{{{…}}}` stays escaped, so a dealer cannot put markup into a group's mail.
 */
handlebars.registerHelper('plainLines', (value: unknown) =>
  typeof value === 'string' && value
    ? new handlebars.SafeString(handlebars.Utils.escapeExpression(value).replace(/\r?\n/g, '<br>'))
    : '',
);
const plainTextFields = /\{\{\s*dealer\.(signature|note)\s*\}\}/g;

/** A readable plain-text alternative of the HTML, for clients that show no HTML. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script)[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|h[1-6]|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/**
 * A batch's template per language, compiled on first use and then shared (MJML is the slow
 * part): `contents` holds each language's texts.
 */
export function compiledPerLanguage(
  kind: TemplateKind,
  contents: Partial<Record<Language, TemplateContent>>,
): (language: Language) => Promise<CompiledTemplate> {
  const compiled = new Map<Language, Promise<CompiledTemplate>>();
  return (language) => {
    let found = compiled.get(language);
    if (!found) {
      found = compileFor(kind, contents[language]!, `contents.${language}`);
      compiled.set(language, found);
    }
    return found;
  };
}

/**
 * Compiles one variant in one language for a channel: e-mail and letters from MJML, SMS and
 * call scripts from their plain text (html is then empty).
 */
export async function compileFor(
  kind: TemplateKind,
  content: TemplateContent,
  path: string,
): Promise<CompiledTemplate> {
  if (kind === 'email' || kind === 'mail') return compileTemplate(content, path);
  try {
    const options = { strict: false, knownHelpersOnly: false, noEscape: true } as const;
    const subject = handlebars.compile<MessageContext>(content.subject, options);
    const text = handlebars.compile<MessageContext>(content.text ?? '', options);
    const probe = emptyContext();
    subject(probe);
    text(probe);
    return { subject, html: () => '', text };
  } catch (error) {
    throw new ValidationError([
      {
        path: `${path}.text`,
        message: error instanceof Error ? error.message.split('\n')[0]! : 'not a valid template',
        code: 'invalid',
      },
    ]);
  }
}

/** Compiles one variant in one language; a broken template is a 400 naming the path. */
export async function compileTemplate(
  content: TemplateContent,
  path: string,
): Promise<CompiledTemplate> {
  let html: string;
  try {
    const rendered = await mjml2html(content.mjml, {
      validationLevel: 'soft',
      keepComments: false,
    });
    html = rendered.html;
  } catch (error) {
    throw new ValidationError([
      {
        path: `${path}.mjml`,
        message: error instanceof Error ? error.message : 'not valid MJML',
        code: 'invalid',
      },
    ]);
  }
  try {
    const options = { strict: false, knownHelpersOnly: false } as const;
    const subject = handlebars.compile<MessageContext>(content.subject, {
      ...options,
      noEscape: true,
    });
    const body = handlebars.compile<MessageContext>(
      html.replace(plainTextFields, '{{plainLines dealer.$1}}'),
      options,
    );
    // compile lazily throws on first use: try both now, with an empty context
    const probe = emptyContext();
    subject(probe);
    body(probe);
    const textSource = htmlToText(html);
    const text = handlebars.compile<MessageContext>(textSource, { ...options, noEscape: true });
    return { subject, html: body, text };
  } catch (error) {
    throw new ValidationError([
      {
        path,
        message: error instanceof Error ? error.message.split('\n')[0]! : 'not a valid template',
        code: 'invalid',
      },
    ]);
  }
}

function emptyContext(): MessageContext {
  return {
    customer: {
      firstName: null,
      lastName: null,
      middleName: null,
      displayName: '',
      email: null,
      phone: null,
    },
    address: null,
    vehicle: null,
    dealer: null,
    consultant: null,
    lastVisit: null,
    club: null,
    links: { unsubscribe: '' },
  };
}
