import { systemActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { captureLead } from '../leads/index.ts';
import type { LeadCaptureConsent, LeadCaptureInput } from '../leads/capture.types.ts';
import { checkCapturedCustomers, splitFullName } from '../quality/index.ts';
import { hashSiteKey } from './web-form-sites.service.ts';
import { countFixedWindowHit } from '../../lib/fixed-window.ts';

/** 429 with Retry-After (the error handler reads retryAfterSeconds). */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many submissions; try again later');
  }
}

/** Submissions per site and client address in one window. */
export const formRateLimit = { hits: 10, windowSeconds: 600 };
/** A person needs at least this long between seeing the form and sending it. */
export const minimumFillMs = 3000;
/** More links than this in the message is advertising, not a car enquiry. */
const maxLinks = 2;

export type ActiveSite = {
  id: string;
  name: string;
  source: string;
  dealerCode: string | null;
  brandCode: string | null;
  allowedOrigins: string[];
};

export type Checkbox = boolean | string | undefined;

export type FormSubmission = {
  name?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  city?: string;
  postcode?: string;
  make?: string;
  model?: string;
  comment?: string;
  campaign?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  consentEmail?: Checkbox;
  consentSms?: Checkbox;
  consentPhone?: Checkbox;
  /** when the page rendered the form: epoch milliseconds or an ISO time */
  renderedAt?: string | number;
  /** the honeypot: hidden from people, filled in by robots */
  website?: string;
  /** the site's own id of this submission, so that a resend is not a second lead */
  submissionId?: string;
};

export async function findActiveSite(db: Db, key: string): Promise<ActiveSite | undefined> {
  const row = await db
    .selectFrom('web_form_sites as s')
    .leftJoin('dealers as d', 'd.id', 's.dealer_id')
    .leftJoin('brands as b', 'b.id', 's.brand_id')
    .select([
      's.id',
      's.name',
      's.source',
      's.allowed_origins',
      'd.code as dealer_code',
      'b.code as brand_code',
    ])
    .where('s.token_hash', '=', hashSiteKey(key))
    .where('s.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    dealerCode: row.dealer_code,
    brandCode: row.brand_code,
    allowedOrigins: row.allowed_origins,
  };
}

/**
 * Counts one submission in the current fixed window (src/lib/fixed-window.ts) and answers 429
 * past the limit.
 */
export async function countSubmission(db: Db, siteId: string, clientIp: string): Promise<void> {
  const { hits, windowEnd } = await countFixedWindowHit(
    db,
    'web_form_hits',
    { site_id: siteId, client_ip: clientIp },
    formRateLimit.windowSeconds,
  );
  if (hits > formRateLimit.hits) {
    const seconds = Math.ceil((windowEnd.getTime() - Date.now()) / 1000);
    throw new RateLimitedError(Math.max(1, seconds));
  }
}

function linkCount(text: string | undefined): number {
  return text ? (text.match(/(https?:\/\/|www\.)\S+/gi) ?? []).length : 0;
}

/** Why a submission looks like a robot's, or undefined for a person's. */
export function spamReason(form: FormSubmission, now: number): string | undefined {
  if (form.website && form.website.trim() !== '') return 'honeypot filled';
  const rendered =
    typeof form.renderedAt === 'number' || /^\d+$/.test(form.renderedAt ?? '')
      ? Number(form.renderedAt)
      : Date.parse(form.renderedAt ?? '');
  if (!Number.isFinite(rendered)) return 'no form render time';
  if (rendered > now + 60_000) return 'form rendered in the future';
  if (now - rendered < minimumFillMs) return 'filled faster than a person can';
  if (linkCount(form.comment) > maxLinks) return 'link-stuffed message';
  const names = [form.name, form.firstName, form.lastName, form.city];
  if (names.some((text) => linkCount(text) > 0)) return 'links in the name';
  return undefined;
}

export function ticked(box: Checkbox): boolean {
  if (typeof box === 'boolean') return box;
  return ['on', 'true', '1', 'yes'].includes((box ?? '').trim().toLowerCase());
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A person's form into a lead capture for the site's dealer or brand. */
export function formToCapture(site: ActiveSite, form: FormSubmission): LeadCaptureInput {
  const phone = text(form.phone);
  const email = text(form.email);
  if (!phone && !email) {
    throw new ValidationError([
      { path: 'phone', message: 'give a phone or an e-mail' },
      { path: 'email', message: 'give a phone or an e-mail' },
    ]);
  }
  const consentSource = `web form «${site.name}»`;
  // Exactly what the person ticked: an unticked box is no answer, not a withdrawal.
  const consents: LeadCaptureConsent[] = (
    [
      ['email', form.consentEmail],
      ['sms', form.consentSms],
      ['phone', form.consentPhone],
    ] as const
  ).flatMap(([channel, box]) =>
    ticked(box) ? [{ channel, granted: true, source: consentSource }] : [],
  );
  // one name field is read the way its script writes names (Иванов Иван Иванович, 张伟, John Doe)
  const full = splitFullName(text(form.name) ?? '');
  const firstName = text(form.firstName) ?? full.firstName;
  const lastName = text(form.lastName) ?? full.lastName;
  const middleName = text(form.firstName) || text(form.lastName) ? undefined : full.middleName;
  const utm = {
    source: text(form.utm_source),
    medium: text(form.utm_medium),
    campaign: text(form.utm_campaign),
    term: text(form.utm_term),
    content: text(form.utm_content),
  };
  const hasUtm = Object.values(utm).some(Boolean);
  const vehicle = { make: text(form.make), model: text(form.model) };
  const input: LeadCaptureInput = {
    source: site.source,
    person: {
      kind: 'person',
      ...(firstName ? { firstName } : {}),
      ...(middleName ? { middleName } : {}),
      ...(lastName ? { lastName } : {}),
      phones: phone ? [{ number: phone }] : [],
      emails: email ? [{ address: email }] : [],
      ...(text(form.city) ? { city: text(form.city) } : {}),
      ...(text(form.postcode) ? { postcode: text(form.postcode) } : {}),
    },
  };
  if (site.dealerCode) input.dealerCode = site.dealerCode;
  if (site.brandCode) input.brandCode = site.brandCode;
  const campaign = text(form.campaign) ?? utm.campaign;
  if (campaign) input.campaign = campaign;
  if (hasUtm) {
    input.utm = Object.fromEntries(
      Object.entries(utm).filter(([, value]) => value),
    ) as LeadCaptureInput['utm'];
  }
  if (vehicle.make || vehicle.model) {
    input.vehicles = [Object.fromEntries(Object.entries(vehicle).filter(([, value]) => value))];
  }
  if (text(form.comment)) input.comment = text(form.comment);
  if (consents.length > 0) input.consents = consents;
  if (text(form.submissionId)) input.externalRef = `${site.id}:${text(form.submissionId)}`;
  return input;
}

/**
 * Takes a submission of a registered site. Robots are answered like people (they learn
 * nothing) and nothing of theirs is stored. A new person is checked against the base as an
 * imported one is (quality module): a probable duplicate waits in the review queue for a data
 * steward; the site is told nothing of it.
 */
export async function submitWebForm(
  db: Db,
  site: ActiveSite,
  form: FormSubmission,
  requestId: string,
): Promise<{ captured: boolean; spam?: string }> {
  const spam = spamReason(form, Date.now());
  if (spam) return { captured: false, spam };
  const input = formToCapture(site, form);
  const actor = { ...systemActor('api'), displayName: `web form ${site.name}`, requestId };
  const result = await captureLead(db, actor, input);
  if (result.customerCreated) await checkCapturedCustomers(db, actor, [result.customerId]);
  return { captured: true };
}
