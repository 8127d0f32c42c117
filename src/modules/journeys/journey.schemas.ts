import { z } from 'zod';
import { consentPurposes, languages } from '../customers/index.ts';
import { segmentDefinition } from '../marketing/index.ts';
import { branchKeyPattern, newBranchKey } from './branch-keys.ts';
import { splitConfidences } from './split-levels.ts';

/**
 * A journey as the API takes it: what starts it, its steps (a small graph), who may come back
 * and what counts as success. The graph is checked beyond its shape in graph.ts (references,
 * cycles, reachability), with errors naming the step.
 */
export const lifecycleEventTypes = [
  'welcome_pack',
  'purchase_anniversary',
  'birthday',
  'service_due',
  'after_visit_follow_up',
  'complaint_handling',
  'trade_in_offer',
  'warranty_expiry',
  'new_model_survey',
] as const;

export const triggerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('lifecycle'),
    event: z.enum(lifecycleEventTypes),
    /** anniversaries only: which year (1, 2, 3); none = every anniversary */
    year: z.number().int().min(1).max(10).optional(),
  }),
  z.strictObject({ type: z.literal('vehicle_delivered') }),
  z.strictObject({ type: z.literal('complaint_closed') }),
  z.strictObject({ type: z.literal('lead_created') }),
  /** a car of this model arrived in stock: prospects with an open lead for it at that dealer */
  z.strictObject({
    type: z.literal('model_arrived'),
    make: z.string().trim().min(1).max(60),
    model: z.string().trim().min(1).max(80),
    /** optional: only arrivals of this trim (case-insensitive); none = any trim */
    trim: z.string().trim().min(1).max(80).optional(),
  }),
  /** a saved segment, or a condition tree of its own (the ready-made journeys carry one) */
  z.strictObject({
    type: z.literal('segment_entered'),
    segmentId: z.uuid().optional(),
    condition: segmentDefinition.optional(),
  }),
]);
export type Trigger = z.infer<typeof triggerSchema>;

const stepId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'letters, digits, - and _ (1 to 40)');
const next = stepId.nullable();
const hour = z.number().int().min(0).max(23);

export const dateFields = ['birthday', 'event_date', 'service_due', 'fixed_date'] as const;
export type DateField = (typeof dateFields)[number];

const waitStep = z.discriminatedUnion('mode', [
  z.strictObject({
    id: stepId,
    type: z.literal('wait'),
    mode: z.literal('duration'),
    amount: z.number().int().min(1).max(1000),
    unit: z.enum(['minutes', 'hours', 'days', 'weeks', 'months']),
    /** days, weeks, months: at this local hour of the day reached */
    atHour: hour.optional(),
    next,
  }),
  z.strictObject({
    id: stepId,
    type: z.literal('wait'),
    mode: z.literal('until'),
    field: z.enum(dateFields),
    /** fixed_date only */
    date: z.iso.date().optional(),
    /** days before (negative) or after the date */
    offsetDays: z.number().int().min(-366).max(366).default(0),
    atHour: hour.default(10),
    next,
  }),
]);

const emailContent = z.strictObject({
  subject: z.string().min(1).max(300),
  mjml: z.string().min(1).max(100_000),
});
const smsContent = z.strictObject({ text: z.string().min(1).max(1000) });
const perLanguage = <T extends z.ZodType>(content: T) =>
  z
    .partialRecord(z.enum(languages), content)
    .refine((value) => Object.keys(value).length > 0, { message: 'at least one language' });

export const taskKinds = ['call', 'email', 'meeting', 'letter', 'follow_up', 'other'] as const;
export const assigneeRoles = [
  'crm_manager',
  'dealer_manager',
  'sales_consultant',
  'service_advisor',
  'call_center',
] as const;

/** The fields a journey may change: few, and each with a known meaning. */
export const updatableFields = ['lifecycle_stage', 'add_interest', 'add_category'] as const;

export const stepSchema = z.union([
  waitStep,
  z.strictObject({
    id: stepId,
    type: z.literal('condition'),
    condition: segmentDefinition,
    yes: next,
    no: next,
  }),
  z.strictObject({
    id: stepId,
    type: z.literal('send'),
    channel: z.literal('email'),
    purpose: z.enum(consentPurposes).default('marketing'),
    content: perLanguage(emailContent),
    next,
  }),
  z.strictObject({
    id: stepId,
    type: z.literal('send'),
    channel: z.literal('sms'),
    purpose: z.enum(consentPurposes).default('marketing'),
    content: perLanguage(smsContent),
    next,
  }),
  z.strictObject({
    id: stepId,
    type: z.literal('task'),
    title: perLanguage(z.string().min(1).max(200)),
    kind: z.enum(taskKinds).default('call'),
    priority: z.enum(['low', 'normal', 'high']).default('normal'),
    assigneeRole: z.enum(assigneeRoles).default('crm_manager'),
    dueInDays: z.number().int().min(0).max(90).default(1),
    next,
  }),
  z.strictObject({
    id: stepId,
    type: z.literal('update'),
    field: z.enum(updatableFields),
    value: z.string().min(1).max(100),
    next,
  }),
  /** owners-club points (issue 5): members only; the club given, else the person's own */
  z.strictObject({
    id: stepId,
    type: z.literal('points'),
    points: z.number().int().min(1).max(100_000),
    reason: z.string().trim().min(1).max(200),
    clubId: z.uuid().nullish(),
    next,
  }),
  /**
   * A/B split: each run goes down one branch, picked from a hash of the run and the step (the
   * same branch if the runner repeats the step after a crash), with the branches' shares.
   */
  z.strictObject({
    id: stepId,
    type: z.literal('split'),
    branches: z
      .array(
        z.strictObject({
          /** the branch's identity: its figures follow it when branches move or go */
          key: z
            .string()
            .regex(branchKeyPattern, 'letters and digits (1 to 16)')
            .default(() => newBranchKey()),
          // whole percentages; a refinement, so a union error still names this field
          percent: z.number().min(1).max(99).refine(Number.isInteger, 'a whole number'),
          next,
        }),
      )
      .min(2)
      // a refinement rather than .max(4): the union then still reports the split's own field
      .refine((branches) => branches.length <= 4, { message: 'at most 4 branches' })
      .refine((branches) => branches.reduce((sum, b) => sum + b.percent, 0) === 100, {
        message: 'the percentages add up to 100',
      }),
    /** the level of the significance test between branches (default 95 %) */
    confidence: z.literal(splitConfidences).optional(),
    /**
     * opt-in: once the leader beats every other branch significantly and each branch has at
     * least `minPeople`, everyone who reaches the split from then on goes to the leader
     */
    autoWinner: z.strictObject({ minPeople: z.number().int().min(10).max(1_000_000) }).optional(),
  }),
  z.strictObject({ id: stepId, type: z.literal('exit') }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepInput = z.input<typeof stepSchema>;

export const goalSchema = z.strictObject({
  type: z.enum(['service_visit', 'order', 'lead', 'test_drive']),
});
export type Goal = z.infer<typeof goalSchema>;

export const definitionSchema = z.strictObject({
  start: stepId,
  steps: z.array(stepSchema).min(1).max(100),
});
export type Definition = z.infer<typeof definitionSchema>;

export const journeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullish(),
    ownerLevel: z.enum(['group', 'brand', 'dealer']),
    brandId: z.uuid().nullish(),
    dealerId: z.uuid().nullish(),
    trigger: triggerSchema,
    definition: definitionSchema,
    reentry: z.enum(['once', 'every']).default('once'),
    reentryDays: z.number().int().min(1).max(3650).nullish(),
    goal: goalSchema.nullish(),
    defaultLanguage: z.enum(languages).default('ru'),
  })
  .superRefine((body, ctx) => {
    if (body.ownerLevel === 'dealer' && !body.dealerId)
      ctx.addIssue({
        code: 'custom',
        path: ['dealerId'],
        message: 'required for a dealer journey',
      });
    if (body.ownerLevel === 'brand' && !body.brandId)
      ctx.addIssue({ code: 'custom', path: ['brandId'], message: 'required for a brand journey' });
    if (body.reentry === 'every' && !body.reentryDays)
      ctx.addIssue({
        code: 'custom',
        path: ['reentryDays'],
        message: 'required when people may come back',
      });
  });
export type JourneyBody = z.infer<typeof journeyBody>;
export type JourneyInput = z.input<typeof journeyBody>;
