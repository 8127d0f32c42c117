import { z } from 'zod';
import { isoDate, pageQuery } from '../../http/schemas.ts';
import { complaintCategories, complaintChannels, complaintStatuses, severities } from './schema.ts';
import { complaintActions } from './transitions.ts';

export const createComplaintBody = z
  .strictObject({
    customerId: z.uuid(),
    dealerCode: z
      .string()
      .trim()
      .max(16)
      .optional()
      .describe('the dealer complained about; the actor’s own, or the visit’s, when absent'),
    vehicleId: z.uuid().nullish(),
    visitId: z.uuid().nullish().describe('the service visit complained about'),
    channel: z.enum(complaintChannels),
    category: z.enum(complaintCategories),
    severity: z.enum(severities),
    subject: z.string().trim().min(1).max(300),
    description: z.string().trim().max(10_000).nullish(),
    responsibleUserId: z
      .uuid()
      .nullish()
      .describe('who handles it; the actor at his dealer, else the dealer’s manager'),
  })
  .meta({ id: 'NewComplaint' });

export const complaintActionBody = z
  .strictObject({
    action: z.enum(complaintActions),
    note: z
      .string()
      .trim()
      .max(10_000)
      .nullish()
      .describe('required to resolve (the resolution) and to reopen (why)'),
  })
  .meta({ id: 'ComplaintAction' });

export const reassignComplaintBody = z
  .strictObject({
    responsibleUserId: z.uuid().describe('an active user of the complaint’s dealer'),
    note: z.string().trim().max(2000).nullish().describe('why it is handed on'),
  })
  .meta({ id: 'ComplaintReassignment' });

export const complaintListQuery = z.strictObject({
  status: z.enum(complaintStatuses).optional(),
  active: z.enum(['true', 'false']).optional().describe('true: open and investigating ones only'),
  overdue: z.enum(['true', 'false']).optional(),
  customerId: z.uuid().optional(),
  dealerCode: z.string().trim().max(16).optional(),
  severity: z.enum(severities).optional(),
  category: z.enum(complaintCategories).optional(),
  responsibleUserId: z.uuid().optional().describe('the complaints one person handles'),
  number: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('the reference the customer gives'),
  ...pageQuery,
});

export const claimsIndexQuery = z.strictObject({
  from: isoDate.describe('first day of the first month'),
  to: isoDate.describe('any day of the last month'),
  dealerCode: z.string().trim().max(16).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const person = z.object({ id: z.string(), name: z.string() });

export const complaintSchema = z
  .object({
    id: z.string(),
    number: z.number(),
    customer: z.object({ id: z.string(), displayName: z.string() }),
    dealerCode: z.string(),
    vehicle: z
      .object({ id: z.string(), makeName: z.string(), modelName: z.string().nullable() })
      .nullable(),
    visit: z.object({ id: z.string(), date: z.string(), type: z.string() }).nullable(),
    channel: z.enum(complaintChannels),
    category: z.enum(complaintCategories),
    severity: z.enum(severities),
    subject: z.string(),
    description: z.string().nullable(),
    responsible: person.nullable(),
    status: z.enum(complaintStatuses),
    allowedActions: z.array(z.enum(complaintActions)),
    openedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    escalatedAt: z.string().nullable(),
    resolution: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    reopenCount: z.number(),
    taskId: z.string().nullable(),
    events: z.array(
      z.object({
        at: z.string(),
        kind: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        note: z.string().nullable(),
        user: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Complaint' });

export const claimsIndexSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        dealerCode: z.string(),
        month: z.string().describe('YYYY-MM'),
        complaints: z.number(),
        visits: z.number(),
        sales: z.number(),
        perHundredVisits: z.number().nullable(),
        perHundredSales: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'ClaimsIndex' });

export type CreateComplaintInput = z.output<typeof createComplaintBody>;
export type ComplaintActionInput = z.output<typeof complaintActionBody>;
export type ReassignComplaintInput = z.output<typeof reassignComplaintBody>;
export type ComplaintListQuery = z.output<typeof complaintListQuery>;
export type ComplaintView = z.output<typeof complaintSchema>;
export type ClaimsIndex = z.output<typeof claimsIndexSchema>;
