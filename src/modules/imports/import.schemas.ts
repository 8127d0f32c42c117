import { z } from 'zod';
import { pageQuery } from '../../http/schemas.ts';
import { importFields } from './column-mapping.ts';
import { importKinds, importStatuses, importTargets } from './schema.ts';

const sourceKey = z.string().trim().min(1).max(60);
const dealerCode = z.string().trim().min(1).max(20);

export const adfLeadResultSchema = z
  .object({
    leadId: z.string(),
    customerId: z.string(),
    customerCreated: z.boolean(),
    leadCreated: z.boolean(),
    dealerId: z.string().nullable(),
    assignedUserId: z.string().nullable(),
    possibleDuplicates: z
      .array(z.object({ id: z.string(), displayName: z.string(), probability: z.number() }))
      .describe(
        'a new person who is probably someone already in the base (the pair waits in the duplicate review queue)',
      ),
  })
  .meta({ id: 'AdfLeadResult' });

export const adfQuery = z.strictObject({
  source: sourceKey.default('website'),
  dealer: dealerCode.optional(),
});

/**
 * A column index for each mapped field. The field names depend on the job's target (lead
 * fields, service-visit fields); the run checks them against the target.
 */
export const mappingSchema = z
  .record(z.string().max(40), z.number().int().min(0).max(999))
  .describe(`field → column index; lead fields: ${importFields.join(', ')}`);

export const createImportBody = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  // Decoded by the service; a format check of 13 MB of base64 here would cost most of a second.
  contentBase64: z.string().min(4).max(14_500_000),
  source: sourceKey,
  campaign: z.string().trim().min(1).max(200).optional(),
  dealerCode: dealerCode.optional(),
  target: z
    .enum(importTargets)
    .default('leads')
    .describe('what the rows become: leads, or service visits of a DMS export (one dealer)'),
  trusted: z
    .boolean()
    .default(false)
    .describe(
      'the file comes from a trusted system (the DMS, the customer master): each imported row records a verification of its customer; import managers only, lead lists only',
    ),
});

export const listImportsQuery = z.strictObject({
  target: z.enum(importTargets).default('leads'),
  ...pageQuery,
});

export const mappingBody = z.strictObject({ mapping: mappingSchema.default({}) });

export const importJobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(importKinds),
    target: z.enum(importTargets),
    fileName: z.string(),
    status: z.enum(importStatuses),
    source: z.string(),
    campaign: z.string().nullable(),
    dealerCode: z.string().nullable(),
    trusted: z.boolean(),
    headers: z.array(z.string()),
    suggestedMapping: mappingSchema,
    mapping: mappingSchema.nullable(),
    totalRows: z.number().int(),
    importedRows: z.number().int(),
    rejectedRows: z.number().int(),
    processedRows: z.number().int(),
    stalled: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });

const capturePreviewSchema = z.record(z.string(), z.unknown());

export const previewSchema = z
  .object({
    valid: z.number().int(),
    rejected: z.number().int(),
    verified: z
      .number()
      .int()
      .describe(
        'good rows whose customer a trusted import would mark verified; 0 when not trusted',
      ),
    rows: z.array(
      z.object({
        line: z.number().int(),
        ok: z.boolean(),
        reason: z.string().nullable(),
        lead: capturePreviewSchema.nullable(),
        record: capturePreviewSchema.nullable().optional(),
      }),
    ),
  })
  .meta({ id: 'ImportPreview' });

export const reportQuery = z.strictObject({
  status: z.enum(['imported', 'rejected']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const reportRowSchema = z
  .object({
    line: z.number().int(),
    status: z.enum(['imported', 'rejected']),
    reason: z.string().nullable(),
    leadId: z.string().nullable(),
    customerId: z.string().nullable(),
    customerCreated: z.boolean().nullable(),
    visitId: z.string().nullable(),
    /** existing customers the person this row created probably is (open in the review queue) */
    possibleDuplicates: z.array(
      z.object({ id: z.string(), displayName: z.string(), probability: z.number() }),
    ),
  })
  .meta({ id: 'ImportReportRow' });

export const webFormSiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    dealerCode: z.string().nullable(),
    brandCode: z.string().nullable(),
    keyPrefix: z.string(),
    allowedOrigins: z.array(z.string()),
    source: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebFormSite' });

export const createWebFormSiteBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  dealerCode: dealerCode.optional(),
  brandCode: z.string().trim().min(1).max(20).optional(),
  allowedOrigins: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  source: sourceKey.optional(),
});

export const updateWebFormSiteBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  allowedOrigins: z.array(z.string().trim().min(1).max(300)).max(50).optional(),
  active: z.boolean().optional(),
});

const short = z.string().max(200).optional();
const checkbox = z.union([z.boolean(), z.string().max(10)]).optional();

/** What a dealer or brand website posts (JSON or an ordinary HTML form). */
export const formSubmissionBody = z.object({
  name: short,
  firstName: short,
  lastName: short,
  phone: z.string().max(50).optional(),
  email: z.string().max(320).optional(),
  city: short,
  postcode: z.string().max(20).optional(),
  make: short,
  model: short,
  comment: z.string().max(5000).optional(),
  campaign: short,
  utm_source: short,
  utm_medium: short,
  utm_campaign: short,
  utm_term: short,
  utm_content: short,
  consentEmail: checkbox,
  consentSms: checkbox,
  consentPhone: checkbox,
  renderedAt: z.union([z.string().max(40), z.number()]).optional(),
  website: z.string().max(500).optional(),
  submissionId: z.string().max(100).optional(),
});
