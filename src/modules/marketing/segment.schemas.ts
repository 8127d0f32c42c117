import { z } from 'zod';
import {
  consentPurposes,
  contactChannels,
  customerCategories,
  customerKinds,
  educationLevels,
  genders,
  incomeBands,
  languages,
  lifecycleStages,
  maritalStatuses,
} from '../customers/index.ts';
import { rfmSegments } from '../analytics/index.ts';
import { campaignChannels, campaignResponses } from './schema.ts';

export { campaignResponses, type CampaignResponse } from './schema.ts';

/**
 * A segment is a tree of conditions (and / or / not over leaf conditions) about customers.
 * The tree is data, validated here and compiled to one SQL query in segment-compiler.ts;
 * every value in it is bound as a parameter, never spliced into SQL.
 */

const text = z.string().trim().min(1).max(200);
const values = z.array(text).min(1).max(500);
const uuidList = z.array(z.uuid()).min(1).max(500);
const count = z.number().int().min(0).max(1_000_000);
/** money in minor units (kopecks, fen) */
const money = z.number().int().min(0).max(1e13);

export const timeUnits = ['days', 'weeks', 'months', 'years'] as const;

/** A point in time: a calendar date, or so long ago / ahead of now ("2 years ago"). */
const datePoint = z.union([
  z.strictObject({ date: z.iso.date() }),
  z.strictObject({
    ago: z.strictObject({ amount: z.number().int().min(0).max(200), unit: z.enum(timeUnits) }),
  }),
  z.strictObject({
    ahead: z.strictObject({ amount: z.number().int().min(0).max(200), unit: z.enum(timeUnits) }),
  }),
]);
export type DatePoint = z.infer<typeof datePoint>;

/**
 * A time window: "in the last 2 years" is { from: { ago: 2 years } }; "more than 6 months
 * ago" is { to: { ago: 6 months } }. "Not in the last 6 months" is a `not` around a condition
 * with the window "in the last 6 months".
 */
const window = z
  .strictObject({ from: datePoint.optional(), to: datePoint.optional() })
  .refine((w) => w.from !== undefined || w.to !== undefined, {
    message: 'give from, to or both',
  });
export type DateWindow = z.infer<typeof window>;

const range = (bound: z.ZodNumber) =>
  z
    .strictObject({ min: bound.optional(), max: bound.optional() })
    .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'give min, max or both' })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: 'min is above max',
    });
const countRange = range(count);
const moneyRange = range(money);
export type NumberRange = { min?: number | undefined; max?: number | undefined };

export const textFields = [
  'first_name',
  'last_name',
  'display_name',
  'occupation',
  'employer',
  'company_name',
  'source',
  'timezone',
] as const;
/** closed-vocabulary fields and the values each accepts */
export const choiceFields = {
  kind: customerKinds,
  gender: genders,
  education: educationLevels,
  income_band: incomeBands,
  marital_status: maritalStatuses,
  preferred_language: languages,
  preferred_channel: contactChannels,
} as const;
export const numberFields = ['children_count', 'age'] as const;
/**
 * verified_at: when the data was last confirmed with the person (0223). "Not verified for 2
 * years" is a `not` around the window "in the last 2 years": a record never verified has no
 * date, fails the window and so passes the `not`.
 */
export const dateFields = ['birth_date', 'created_at', 'verified_at'] as const;
export const textOperators = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'is_empty',
  'is_not_empty',
] as const;

const fieldCondition = z
  .strictObject({
    type: z.literal('field'),
    field: z.enum([...textFields, ...(Object.keys(choiceFields) as (keyof typeof choiceFields)[])]),
    op: z.enum(textOperators),
    values: z.array(text).max(500).default([]),
  })
  .superRefine((condition, ctx) => {
    const empty = condition.op === 'is_empty' || condition.op === 'is_not_empty';
    if (!empty && condition.values.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'give at least one value' });
    }
    if ((condition.op === 'eq' || condition.op === 'neq') && condition.values.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'eq and neq take one value' });
    }
    const choices = (choiceFields as Record<string, readonly string[]>)[condition.field];
    if (choices) {
      if (condition.op === 'contains' || condition.op === 'starts_with') {
        ctx.addIssue({ code: 'custom', path: ['op'], message: `not for ${condition.field}` });
      }
      condition.values.forEach((value, index) => {
        if (!choices.includes(value)) {
          ctx.addIssue({
            code: 'custom',
            path: ['values', index],
            message: `one of ${choices.join(', ')}`,
          });
        }
      });
    }
  });

const numberCondition = z.strictObject({
  type: z.literal('number'),
  field: z.enum(numberFields),
  range: countRange,
});

const dateCondition = z.strictObject({
  type: z.literal('date'),
  field: z.enum(dateFields),
  window,
});

const tagCondition = z.strictObject({
  type: z.literal('tag'),
  /** categories are the closed list of customer categories; interests and values are free tags */
  set: z.enum(['categories', 'interests', 'personal_values']),
  op: z.enum(['any', 'all', 'none']),
  values,
});

const lifecycleCondition = z.strictObject({
  type: z.literal('lifecycle'),
  stages: z.array(z.enum(lifecycleStages)).min(1),
});

const consentCondition = z.strictObject({
  type: z.literal('consent'),
  channel: z.enum(contactChannels),
  purpose: z.enum(consentPurposes).default('marketing'),
  granted: z.boolean().default(true),
});

const contactCondition = z.strictObject({
  type: z.literal('contact'),
  channel: z.enum(['email', 'phone', 'address']),
  present: z.boolean().default(true),
});

const addressCondition = z.strictObject({
  type: z.literal('address'),
  part: z.enum(['city', 'region', 'country', 'postcode_prefix']),
  values,
});

const dealerCondition = z.strictObject({
  type: z.literal('dealer'),
  dealerIds: uuidList,
  relations: z.array(z.enum(['prospect', 'sales', 'owner', 'service', 'parts'])).optional(),
});

const vehicleCondition = z.strictObject({
  type: z.literal('vehicle'),
  makes: values.optional(),
  models: values.optional(),
  series: values.optional(),
  /** years since first registration (or since the model year when that is unknown) */
  ageYears: countRange.optional(),
  mileageKm: range(z.number().int().min(0).max(5_000_000)).optional(),
  modelYear: range(z.number().int().min(1900).max(2100)).optional(),
});

/** Aggregate tests over a customer's matching records; none given means "at least one". */
const aggregates = {
  count: countRange.optional(),
  sum: moneyRange.optional(),
  average: moneyRange.optional(),
};

const purchaseCondition = z.strictObject({
  type: z.literal('purchase'),
  when: window.optional(),
  dealerIds: uuidList.optional(),
  condition: z.enum(['new', 'used']).optional(),
  makes: values.optional(),
  ...aggregates,
});

const orderCondition = z.strictObject({
  type: z.literal('order'),
  when: window.optional(),
  statuses: z
    .array(z.enum(['draft', 'confirmed', 'delivered', 'cancelled']))
    .min(1)
    .optional(),
  dealerIds: uuidList.optional(),
  models: values.optional(),
  ...aggregates,
});

const serviceCondition = z.strictObject({
  type: z.literal('service'),
  when: window.optional(),
  dealerIds: uuidList.optional(),
  visitTypes: z
    .array(z.enum(['maintenance', 'repair', 'warranty', 'recall', 'body', 'tyres', 'inspection']))
    .min(1)
    .optional(),
  paidBy: z
    .array(z.enum(['customer', 'warranty', 'insurance', 'dealer']))
    .min(1)
    .optional(),
  ...aggregates,
  /** the date of the last matching visit lies in this window */
  lastVisit: window.optional(),
});

const leadCondition = z.strictObject({
  type: z.literal('lead'),
  when: window.optional(),
  stages: z
    .array(
      z.enum([
        'new',
        'contacted',
        'showroom_visit',
        'test_drive',
        'offer',
        'order',
        'delivered',
        'lost',
      ]),
    )
    .min(1)
    .optional(),
  sources: values.optional(),
  dealerIds: uuidList.optional(),
  /** a wanted model named on the lead */
  models: values.optional(),
  count: countRange.optional(),
});

const activityCondition = z.strictObject({
  type: z.literal('activity'),
  when: window.optional(),
  channels: z
    .array(
      z.enum(['call', 'visit', 'email', 'sms', 'letter', 'event', 'messenger', 'web', 'other']),
    )
    .min(1)
    .optional(),
  directions: z
    .array(z.enum(['inbound', 'outbound', 'internal']))
    .min(1)
    .optional(),
  outcomes: values.optional(),
  count: countRange.optional(),
});

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'MM-DD');

/** Birthdays and purchase anniversaries by month and day, whatever the year. */
const anniversaryCondition = z
  .strictObject({
    type: z.literal('anniversary'),
    of: z.enum(['birthday', 'vehicle_purchase', 'first_registration']),
    /** month-day window, e.g. 12-20 .. 01-10 across the new year */
    from: monthDay.optional(),
    to: monthDay.optional(),
    /** or: falls within the next N days (0 = today) */
    nextDays: z.number().int().min(0).max(366).optional(),
    /** how many years it will be (e.g. the 3rd anniversary of the purchase) */
    years: countRange.optional(),
  })
  .refine((a) => (a.from !== undefined && a.to !== undefined) !== (a.nextDays !== undefined), {
    message: 'give either from and to, or nextDays',
  });

const listCondition = z.strictObject({
  type: z.literal('list'),
  listId: z.uuid(),
});

/** Owners-club membership (club module): tier, member tags, dormancy, points available. */
const clubCondition = z.strictObject({
  type: z.literal('club'),
  clubId: z.uuid().optional(),
  tiers: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  tags: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  dormant: z.boolean().optional(),
  minBalance: z.number().int().min(0).max(100_000_000).optional(),
});

/**
 * Campaign responses: the person was reached by a campaign (a message or call task written for
 * him, not blocked), opened or clicked it, unsubscribed through it, replied to it (his own
 * answer; not an auto-reply or a STOP), registered for an event (a place or the waitlist) or
 * came to it. `when` is the time of that response (for
 * `received` the send); `count` is over the campaigns that qualify ("clicked in at least two
 * campaigns this year"); with no count, at least one. "Received but did not open" is an `and`
 * of `received` and a `not` around `opened` on the same campaigns.
 */
const campaignCondition = z.strictObject({
  type: z.literal('campaign'),
  response: z.enum(campaignResponses),
  campaignIds: z.array(z.uuid()).min(1).max(50).optional(),
  channels: z.array(z.enum(campaignChannels)).min(1).max(campaignChannels.length).optional(),
  when: window.optional(),
  count: countRange.optional(),
});

/** a probability, 0..1 */
const share = z.number().min(0).max(1);

/**
 * Owners at risk of churning, from the after-sales churn model (analytics, migration 0160): the
 * scores of the latest succeeded refit only. `maxPActive` is "probability still active below",
 * `minPActive` "at least"; `segments` are the RFM segments of that run. A customer without a
 * score (never a service customer, or no run yet) never matches.
 */
const churnCondition = z
  .strictObject({
    type: z.literal('churn'),
    maxPActive: share.optional(),
    minPActive: share.optional(),
    segments: z.array(z.enum(rfmSegments)).min(1).max(rfmSegments.length).optional(),
    /** expected service visits in the next 12 months, at least */
    minExpectedVisits: z.number().min(0).max(1000).optional(),
    /** service revenue at risk in the next 12 months, at least (minor units) */
    minRevenueAtRisk: money.optional(),
  })
  .refine(
    (c) =>
      c.maxPActive !== undefined ||
      c.minPActive !== undefined ||
      c.segments !== undefined ||
      c.minExpectedVisits !== undefined ||
      c.minRevenueAtRisk !== undefined,
    { path: ['maxPActive'], message: 'give maxPActive, minPActive, segments or another bound' },
  )
  .refine(
    (c) => c.minPActive === undefined || c.maxPActive === undefined || c.minPActive < c.maxPActive,
    { path: ['minPActive'], message: 'minPActive must be below maxPActive' },
  );

export type Condition =
  | { type: 'and'; conditions: Condition[] }
  | { type: 'or'; conditions: Condition[] }
  | { type: 'not'; condition: Condition }
  | z.infer<typeof leafCondition>;

// told apart by `type`, so a bad value is reported at its own field of the chosen leaf kind
// (a plain union reports only "no leaf kind matched", naming nothing)
const leafCondition = z.discriminatedUnion('type', [
  fieldCondition,
  numberCondition,
  dateCondition,
  tagCondition,
  lifecycleCondition,
  consentCondition,
  contactCondition,
  addressCondition,
  dealerCondition,
  vehicleCondition,
  purchaseCondition,
  orderCondition,
  serviceCondition,
  leadCondition,
  activityCondition,
  anniversaryCondition,
  listCondition,
  clubCondition,
  churnCondition,
  campaignCondition,
]);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('and'), conditions: z.array(conditionSchema).min(1).max(50) }),
    z.strictObject({ type: z.literal('or'), conditions: z.array(conditionSchema).min(1).max(50) }),
    z.strictObject({ type: z.literal('not'), condition: conditionSchema }),
    leafCondition,
  ]),
);

export type LeafCondition = z.infer<typeof leafCondition>;

/** Depth and size limits, so a hostile tree cannot make a query of unbounded size. */
export function treeSize(condition: Condition, depth = 0): { nodes: number; depth: number } {
  if (condition.type === 'and' || condition.type === 'or') {
    return condition.conditions.reduce(
      (acc, child) => {
        const sub = treeSize(child, depth + 1);
        return { nodes: acc.nodes + sub.nodes, depth: Math.max(acc.depth, sub.depth) };
      },
      { nodes: 1, depth },
    );
  }
  if (condition.type === 'not') {
    const sub = treeSize(condition.condition, depth + 1);
    return { nodes: sub.nodes + 1, depth: sub.depth };
  }
  return { nodes: 1, depth };
}

export const segmentDefinition = conditionSchema.superRefine((tree, ctx) => {
  const size = treeSize(tree);
  if (size.nodes > 200) ctx.addIssue({ code: 'custom', message: 'more than 200 conditions' });
  if (size.depth > 10) ctx.addIssue({ code: 'custom', message: 'nested deeper than 10 levels' });
});

export const segmentBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullish(),
  definition: segmentDefinition,
});
export type SegmentBody = z.infer<typeof segmentBody>;

export const segmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    definition: z.unknown(),
    dealerId: z.string().nullable(),
    lastCount: z.number().int().nullable(),
    lastCountedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Segment' });

export const segmentMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  lifecycleStage: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
});

export { customerCategories };
