import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.ts';
import { languages } from '../customers/index.ts';
import {
  abMetrics,
  campaignChannels,
  campaignKinds,
  campaignStatuses,
  ownerLevels,
  type CampaignChannel,
} from './schema.ts';
import { variantSendTime } from './variant-send-time.ts';

/**
 * One variant in one language. Which parts a channel needs: e-mail a subject and MJML; SMS the
 * text; a call task its title (subject) and the script (text); a direct-mail letter MJML (the
 * subject is the letter's heading, optional). All are Handlebars templates over the person.
 */
export const templateContent = z.strictObject({
  subject: z.string().trim().max(300).default(''),
  mjml: z.string().max(200_000).default(''),
  text: z.string().max(5000).optional(),
});

/** what each channel requires of a variant's content */
export const channelNeeds: Record<CampaignChannel, ('subject' | 'mjml' | 'text')[]> = {
  email: ['subject', 'mjml'],
  sms: ['text'],
  call: ['subject', 'text'],
  mail: ['mjml'],
};

export const variantInput = z.strictObject({
  key: z.string().regex(/^[A-Z]$/, 'one capital letter: A, B, C ...'),
  /** the variant in one or more languages; the person's language is chosen when present */
  contents: z
    .partialRecord(z.enum(languages), templateContent)
    .refine((contents) => Object.keys(contents).length > 0, {
      message: 'give at least one language',
    }),
  /** e-mail and SMS: the variant's own send time (an hour on the person's clock, or an instant) */
  sendTime: variantSendTime.nullish(),
});
export type VariantInput = z.infer<typeof variantInput>;

export const campaignBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    goal: z.string().trim().max(2000).nullish(),
    ownerLevel: z.enum(ownerLevels),
    channel: z.enum(campaignChannels).default('email'),
    /** an event: the invitation's links.register opens the person's registration page */
    kind: z.enum(campaignKinds).default('message'),
    eventVenue: z.string().trim().max(300).nullish(),
    eventStartsAt: isoDateTime.nullish(),
    /** optional: when the event ends (after the start); none shows the start only */
    eventEndsAt: isoDateTime.nullish(),
    eventCapacity: z.number().int().min(1).max(100_000).nullish(),
    /** call campaigns: who gets the tasks, and how many days they have */
    callAssigneeUserId: z.uuid().nullish(),
    callDueDays: z.number().int().min(0).max(90).default(3),
    brandId: z.uuid().nullish(),
    dealerId: z.uuid().nullish(),
    segmentId: z.uuid().nullish(),
    listId: z.uuid().nullish(),
    budgetMinor: z.number().int().min(0).max(1e13).nullish(),
    costMinor: z.number().int().min(0).max(1e13).nullish(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** ROI: a conversion up to this many days after the last touch counts for the campaign */
    attributionWindowDays: z.number().int().min(1).max(365).default(30),
    /** ROI: a lead quoting this code (campaign or utm_campaign) is the campaign's directly */
    responseCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - (at most 40)')
      .nullish(),
    defaultLanguage: z.enum(languages).default('ru'),
    scheduledAt: isoDateTime.nullish(),
    abTestShare: z.number().int().min(1).max(90).default(20),
    abMetric: z.enum(abMetrics).default('open_rate'),
    abWaitHours: z.number().int().min(0).max(720).default(4),
    variants: z.array(variantInput).min(1).max(5),
  })
  .superRefine((body, ctx) => {
    if (!body.segmentId === !body.listId) {
      ctx.addIssue({
        code: 'custom',
        path: ['segmentId'],
        message: 'give a segment or a list (one of them)',
      });
    }
    if (body.ownerLevel === 'dealer' && !body.dealerId) {
      ctx.addIssue({
        code: 'custom',
        path: ['dealerId'],
        message: 'a dealer campaign names its dealer',
      });
    }
    if (body.ownerLevel === 'brand' && !body.brandId) {
      ctx.addIssue({
        code: 'custom',
        path: ['brandId'],
        message: 'a brand campaign names its brand',
      });
    }
    if (body.kind === 'event') {
      if (!body.eventStartsAt) {
        ctx.addIssue({ code: 'custom', path: ['eventStartsAt'], message: 'an event has a time' });
      }
      const { eventStartsAt: start, eventEndsAt: end } = body;
      if (start && end && new Date(end).getTime() <= new Date(start).getTime()) {
        ctx.addIssue({ code: 'custom', path: ['eventEndsAt'], message: 'after the start' });
      }
      if (!body.eventCapacity) {
        ctx.addIssue({
          code: 'custom',
          path: ['eventCapacity'],
          message: 'an event has a capacity',
        });
      }
    } else if (body.abMetric === 'registration_rate') {
      ctx.addIssue({
        code: 'custom',
        path: ['abMetric'],
        message: 'registration rate is for event campaigns',
      });
    }
    if (body.abMetric === 'call_success_rate' && body.channel !== 'call') {
      ctx.addIssue({
        code: 'custom',
        path: ['abMetric'],
        message: 'call success rate is for call campaigns',
      });
    }
    if (body.abMetric === 'response_rate') {
      // a letter's variants are told apart by the code each prints (letter-responses.ts)
      if (body.channel !== 'mail') {
        ctx.addIssue({
          code: 'custom',
          path: ['abMetric'],
          message: 'response rate is for letters',
        });
      } else if (!body.responseCode) {
        ctx.addIssue({
          code: 'custom',
          path: ['responseCode'],
          message: 'a letter A/B test by response rate needs a response code',
        });
      }
    }
    if (body.channel === 'call' && !body.callAssigneeUserId) {
      ctx.addIssue({
        code: 'custom',
        path: ['callAssigneeUserId'],
        message: 'a call campaign names who makes the calls',
      });
    }
    body.variants.forEach((variant, index) => {
      for (const [language, content] of Object.entries(variant.contents)) {
        for (const part of channelNeeds[body.channel]) {
          if (!content?.[part]?.trim()) {
            ctx.addIssue({
              code: 'custom',
              path: ['variants', index, 'contents', language, part],
              message: `required for a ${body.channel} campaign`,
            });
          }
        }
      }
    });
    body.variants.forEach((variant, index) => {
      // a call task is due in days and a letter goes to print: neither has a send time
      if (variant.sendTime && body.channel !== 'email' && body.channel !== 'sms') {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', index, 'sendTime'],
          message: 'a send time is for e-mail and SMS campaigns',
        });
      }
    });
    const keys = body.variants.map((variant) => variant.key);
    keys.forEach((key, index) => {
      if (keys.indexOf(key) !== index) {
        ctx.addIssue({ code: 'custom', path: ['variants', index, 'key'], message: 'used twice' });
      }
    });
    body.variants.forEach((variant, index) => {
      if (!variant.contents[body.defaultLanguage]) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', index, 'contents', body.defaultLanguage],
          message: 'every variant needs the default language',
        });
      }
    });
  });
export type CampaignBody = z.output<typeof campaignBody>;

const variantStats = z.object({
  key: z.string(),
  recipients: z.number().int(),
  queued: z.number().int(),
  blocked: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  registered: z.number().int(),
  unsubscribed: z.number().int(),
  openRate: z.number(),
  clickRate: z.number(),
  /** letters: the code this variant's letters print (null: other channels, or no code) */
  responseCode: z.string().nullable(),
  /** letters: recipients who quoted their variant's code in a lead after the letter */
  responded: z.number().int(),
  responseRate: z.number(),
  /** letters: every lead quoting the variant's code, recipients or not */
  codeLeads: z.number().int(),
  /** call campaigns: the variant's tasks by outcome (or status while none is recorded) */
  callOutcomes: z.record(z.string(), z.number().int()),
});

export const campaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    goal: z.string().nullable(),
    ownerLevel: z.enum(ownerLevels),
    brandId: z.string().nullable(),
    dealerId: z.string().nullable(),
    channel: z.enum(campaignChannels),
    callAssigneeUserId: z.string().nullable(),
    callDueDays: z.number().int(),
    segmentId: z.string().nullable(),
    listId: z.string().nullable(),
    budgetMinor: z.number().nullable(),
    costMinor: z.number().nullable(),
    currency: z.string(),
    attributionWindowDays: z.number().int(),
    responseCode: z.string().nullable(),
    kind: z.enum(campaignKinds),
    eventVenue: z.string().nullable(),
    eventStartsAt: z.string().nullable(),
    eventEndsAt: z.string().nullable(),
    eventCapacity: z.number().int().nullable(),
    defaultLanguage: z.enum(languages),
    scheduledAt: z.string().nullable(),
    abTestShare: z.number().int(),
    abMetric: z.enum(abMetrics),
    abWaitHours: z.number().int(),
    status: z.enum(campaignStatuses),
    testSentAt: z.string().nullable(),
    /** an A/B test by send time: its wait counts from this last variant's release */
    abJudgeFrom: z.string().nullable(),
    winnerVariant: z.string().nullable(),
    winnerNote: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
    /** whether the one asking may change, send and finish it (the PUT answers 403 when not) */
    mayEdit: z.boolean(),
    /**
     * owner: seen whole; reached: a group or brand campaign reaching the reader's dealer, read
     * only, its figures counting his customers only and the owner's money not shown
     */
    access: z.enum(['owner', 'reached']),
    variants: z.array(variantInput),
    results: z.object({
      variants: z.array(variantStats),
      blockedReasons: z.record(z.string(), z.number().int()),
      costPerOpen: z.number().nullable(),
    }),
  })
  .meta({ id: 'Campaign' });

export const campaignSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerLevel: z.enum(ownerLevels),
  channel: z.enum(campaignChannels),
  dealerId: z.string().nullable(),
  status: z.enum(campaignStatuses),
  scheduledAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  access: z.enum(['owner', 'reached']),
});

export const sendReportSchema = z.object({
  status: z.enum(campaignStatuses),
  phase: z.enum(['test', 'rest', 'all', 'scheduled']),
  queued: z.number().int(),
  blocked: z.number().int(),
  alreadyThere: z
    .number()
    .int()
    .describe('people a previous run already wrote (a re-run is a no-op)'),
});

export const previewBody = z.strictObject({
  customerId: z.uuid(),
  /** with content: which channel it is for (default e-mail) */
  channel: z.enum(campaignChannels).optional(),
  content: templateContent.optional(),
  campaignId: z.uuid().optional(),
  variant: z
    .string()
    .regex(/^[A-Z]$/)
    .optional(),
});

export const previewSchema = z.object({
  language: z.enum(languages),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** SMS only: how the text goes over the air, each tracked link at its short length */
  sms: z
    .object({
      encoding: z.enum(['gsm7', 'ucs2']),
      length: z.number().int(),
      segments: z.number().int(),
    })
    .nullable(),
});
