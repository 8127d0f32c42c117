import { z } from 'zod';
import { isoDate, isoDateTime, pageQuery } from '../../http/schemas.ts';
import { qualificationFields } from './qualification.ts';
import { outcomes, taskKinds } from '../activities/index.ts';
import { interestTypes, leadStages, lostReasons, temperatures } from './schema.ts';

const text = (max = 200) => z.string().trim().min(1).max(max);
const sourceKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _');

const vehicleInterest = z.strictObject({
  make: text(60).optional(),
  model: text(80).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
  trim: text(80).optional(),
  colour: text(60).optional(),
  condition: z.enum(['new', 'used']).optional(),
});

const personInput = z.strictObject({
  kind: z.enum(['person', 'company']).default('person'),
  firstName: text().optional(),
  middleName: text().optional(),
  lastName: text().optional(),
  companyName: text().optional(),
  gender: z.enum(['male', 'female']).optional(),
  phones: z
    .array(z.strictObject({ number: text(40), kind: text(20).optional() }))
    .max(5)
    .default([]),
  emails: z
    .array(z.strictObject({ address: text(254) }))
    .max(5)
    .default([]),
  city: text(100).optional(),
  postcode: text(20).optional(),
  preferredLanguage: z.enum(['en', 'ru', 'zh']).optional(),
});

const currentCar = z.strictObject({
  make: text(60).optional(),
  model: text(80).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
});

/** Consultant entry from the web app: the full prospect record. */
export const newLeadBody = z
  .strictObject({
    source: sourceKey,
    dealerCode: text(16).optional().describe('your own dealer when absent'),
    brandCode: text(16).optional(),
    campaign: text().optional(),
    person: personInput,
    interestType: z.enum(interestTypes).optional(),
    vehicles: z.array(vehicleInterest).max(10).optional(),
    currentCar: currentCar.optional(),
    intendedPurchaseDate: isoDate.optional(),
    budgetMinor: z.number().int().min(0).optional().describe('in minor units of `currency`'),
    currency: z.string().length(3).toUpperCase().optional(),
    promotions: z.array(text(100)).max(20).optional(),
    competitorModels: z.array(text(100)).max(20).optional(),
    comment: text(5000).optional(),
    lastContactResult: text(500).optional(),
    nextContactPlan: text(500).optional(),
    nextContactAt: isoDateTime.optional(),
  })
  .meta({ id: 'NewLead' });
/** What a client sends (the defaults, such as `person.kind`, may be left out). */
export type NewLeadInput = z.input<typeof newLeadBody>;

/** The reception desk's 20-second log of a walk-in or a phone call. */
export const showroomLogBody = z
  .strictObject({
    mode: z.enum(['walk-in', 'phone']),
    name: text(200).describe('as the visitor gave it: "Ivan Petrov", "Petrov"'),
    phone: text(40),
    model: text(80).optional(),
    source: sourceKey.default('showroom'),
    dealerCode: text(16).optional(),
    brandCode: text(16).optional(),
    comment: text(1000).optional(),
  })
  .meta({ id: 'ShowroomLog' });

export const leadFilterQuery = z.strictObject({
  stage: z.enum(leadStages).optional(),
  temperature: z.enum(temperatures).optional(),
  source: sourceKey.optional(),
  dealerId: z.uuid().optional(),
  assignee: z
    .union([z.literal('me'), z.literal('none'), z.uuid()])
    .optional()
    .describe('me, none (unassigned) or a user id'),
  qualified: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  open: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  createdFrom: isoDate.optional().describe('came in on or after this day (the dealer’s calendar)'),
  createdTo: isoDate.optional().describe('came in on or before this day (the dealer’s calendar)'),
  campaign: text(200)
    .optional()
    .describe('the lead’s campaign or UTM campaign, whole, in any letter case'),
  ...pageQuery,
});
export type LeadFilter = z.output<typeof leadFilterQuery>;

export const boardQuery = z.strictObject({
  dealerId: z.uuid().optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  perColumn: z.coerce.number().int().min(1).max(200).default(50),
});

const nullableText = (max = 200) => z.string().trim().max(max).nullable();

export const leadChangesBody = z
  .strictObject({
    interestType: z.enum(interestTypes).nullable(),
    intendedPurchaseDate: isoDate.nullable(),
    timeframe: nullableText(),
    budget: z
      .strictObject({
        minor: z.number().int().min(0).nullable(),
        currency: z.string().length(3).toUpperCase().nullable(),
      })
      .nullable(),
    colour: nullableText(60),
    condition: z.enum(['new', 'used']).nullable(),
    currentCar: z
      .strictObject({
        make: nullableText(60).optional(),
        model: nullableText(80).optional(),
        year: z.number().int().min(1900).max(2100).nullable().optional(),
      })
      .nullable(),
    promotions: z.array(text(100)).max(20),
    competitorModels: z.array(text(100)).max(20),
    comment: nullableText(5000),
    campaign: nullableText(),
    lastContactResult: nullableText(500),
    nextContactPlan: nullableText(500),
    nextContactAt: isoDateTime.nullable(),
    assignedUserId: z.uuid().nullable(),
    vehicles: z.array(vehicleInterest).max(10),
  })
  .partial()
  .meta({ id: 'LeadChanges' });
export type LeadChanges = z.output<typeof leadChangesBody>;
export type LeadChangesInput = z.input<typeof leadChangesBody>;

export const stageBody = z
  .strictObject({
    stage: z.enum(leadStages),
    note: text(1000).optional(),
    lostReason: z.enum(lostReasons).optional().describe('required when the stage is lost'),
    competitorMake: text(60).optional(),
    competitorModel: text(80).optional(),
  })
  .meta({ id: 'LeadStageMove' });
export type StageMove = z.output<typeof stageBody>;

export const transferBody = z
  .strictObject({
    dealerCode: text(16),
    assignedUserId: z.uuid().optional().describe('round-robin at the new dealer when absent'),
    reason: text(1000),
  })
  .meta({ id: 'LeadTransfer' });

export const claimBody = z
  .strictObject({
    phone: text(40).optional(),
    email: text(254).optional(),
    brandCode: text(16),
    reason: text(1000),
  })
  .meta({ id: 'LeadClaim' });

export const sourceBody = z
  .strictObject({
    key: sourceKey,
    nameEn: text(100),
    nameRu: text(100),
    nameZh: text(100),
    active: z.boolean().default(true),
  })
  .meta({ id: 'NewLeadSource' });

const ruleFields = {
  position: z.number().int().min(0).max(100_000),
  name: text(200),
  active: z.boolean(),
  brandCode: text(16).nullable(),
  postcodePrefixes: z.array(text(20)).max(200),
  cities: z.array(text(100)).max(200),
  models: z.array(text(80)).max(100),
  sources: z.array(sourceKey).max(20),
  useRelationship: z.boolean(),
  dealerCode: text(16).nullable(),
  openLeadCap: z.number().int().min(1).max(10_000),
};
export const newRuleBody = z
  .strictObject(ruleFields)
  .partial()
  .required({ position: true, name: true })
  .meta({ id: 'NewLeadRoutingRule' });
export const ruleChangesBody = z
  .strictObject(ruleFields)
  .partial()
  .meta({ id: 'LeadRoutingRuleChanges' });
export type RuleInput = z.output<typeof ruleChangesBody>;
export const ruleOrderBody = z
  .strictObject({ ids: z.array(z.uuid()).min(1).max(1000) })
  .meta({ id: 'LeadRoutingRuleOrder' });

const vehicleView = z.object({
  make: z.string().nullable(),
  model: z.string().nullable(),
  year: z.number().nullable(),
  trim: z.string().nullable(),
  colour: z.string().nullable(),
  condition: z.enum(['new', 'used']).nullable(),
});

export const leadSchema = z
  .object({
    id: z.string(),
    stage: z.enum(leadStages),
    temperature: z.enum(temperatures),
    qualified: z.boolean(),
    missing: z.array(z.enum(qualificationFields)),
    customer: z.object({
      id: z.string(),
      displayName: z.string(),
      kind: z.enum(['person', 'company']),
      phone: z.string().nullable(),
    }),
    dealer: z.object({ id: z.string(), code: z.string() }).nullable(),
    brandCode: z.string().nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    source: z.string(),
    campaign: z.string().nullable(),
    utm: z.object({
      source: z.string().nullable(),
      medium: z.string().nullable(),
      campaign: z.string().nullable(),
      term: z.string().nullable(),
      content: z.string().nullable(),
    }),
    interestType: z.string().nullable(),
    intendedPurchaseDate: z.string().nullable(),
    timeframe: z.string().nullable(),
    budget: z.object({ minor: z.number(), currency: z.string().nullable() }).nullable(),
    colour: z.string().nullable(),
    condition: z.enum(['new', 'used']).nullable(),
    currentCar: z.object({
      make: z.string().nullable(),
      model: z.string().nullable(),
      year: z.number().nullable(),
    }),
    promotions: z.array(z.string()),
    competitorModels: z.array(z.string()),
    tradeIn: z.record(z.string(), z.unknown()).nullable(),
    comment: z.string().nullable(),
    externalRef: z.string().nullable(),
    lastContactResult: z.string().nullable(),
    nextContactPlan: z.string().nullable(),
    nextContactAt: z.string().nullable(),
    firstResponseAt: z.string().nullable(),
    lost: z
      .object({
        reason: z.enum(lostReasons),
        competitorMake: z.string().nullable(),
        competitorModel: z.string().nullable(),
      })
      .nullable(),
    vehicles: z.array(vehicleView),
    requestedAt: z.string(),
    stageChangedAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Lead' });

export const leadDetailSchema = leadSchema
  .extend({
    history: z.array(
      z.object({
        fromStage: z.enum(leadStages).nullable(),
        toStage: z.enum(leadStages),
        note: z.string().nullable(),
        user: z.string().nullable(),
        at: z.string(),
      }),
    ),
    openTasks: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        dueAt: z.string(),
        purpose: z.string(),
        overdue: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'LeadDetail' });

export const captureResultSchema = z
  .object({
    leadId: z.string(),
    customerId: z.string(),
    customerCreated: z.boolean(),
    leadCreated: z.boolean(),
    dealerId: z.string().nullable(),
    assignedUserId: z.string().nullable(),
    /** a new person who may already be in the base under another spelling (quality check) */
    possibleDuplicates: z
      .array(
        z.object({
          id: z.string(),
          displayName: z.string(),
          probability: z.number(),
          matchedOn: z.array(z.string()),
        }),
      )
      .optional(),
  })
  .meta({ id: 'LeadCaptureResult' });

export const sourceSchema = z
  .object({
    key: z.string(),
    names: z.object({ en: z.string(), ru: z.string(), zh: z.string() }),
    active: z.boolean(),
  })
  .meta({ id: 'LeadSource' });

export const ruleSchema = z
  .object({
    id: z.string(),
    position: z.number(),
    name: z.string(),
    active: z.boolean(),
    brandCode: z.string().nullable(),
    postcodePrefixes: z.array(z.string()),
    cities: z.array(z.string()),
    models: z.array(z.string()),
    sources: z.array(z.string()),
    useRelationship: z.boolean(),
    dealerCode: z.string().nullable(),
    openLeadCap: z.number(),
  })
  .meta({ id: 'LeadRoutingRule' });

export const leadTaskCompletionBody = z
  .strictObject({
    result: text(5000),
    outcome: z.enum(outcomes).optional(),
    nextStep: z
      .strictObject({
        title: text(300),
        dueAt: isoDateTime,
        kind: z.enum(taskKinds).optional(),
      })
      .optional()
      .describe('required while the lead is open'),
  })
  .meta({ id: 'LeadTaskCompletion' });
