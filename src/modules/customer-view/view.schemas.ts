import { z } from 'zod';
import * as V from '../customers/index.ts';
import { complaintSummarySchema } from '../complaints/index.ts';
import { vinCheckSchema } from '../vehicles/index.ts';

/** The shapes the read side answers with; also its part of the OpenAPI document. */
const person = z.object({ id: z.string(), name: z.string() });
const nullableText = z.string().nullable();

export const profileSchema = z
  .object({
    id: z.string(),
    kind: z.enum(V.customerKinds),
    lifecycleStage: z.enum(V.lifecycleStages),
    displayName: z.string(),
    firstName: nullableText,
    middleName: nullableText,
    lastName: nullableText,
    gender: z.enum(V.genders).nullable(),
    birthDate: nullableText,
    education: z.enum(V.educationLevels).nullable(),
    occupation: nullableText,
    employer: nullableText,
    incomeBand: z.enum(V.incomeBands).nullable(),
    maritalStatus: z.enum(V.maritalStatuses).nullable(),
    childrenCount: z.number().nullable(),
    interests: z.array(z.string()),
    personalValues: z.array(z.string()),
    friendsCars: nullableText,
    companyName: nullableText,
    legalForm: nullableText,
    taxId: nullableText,
    categories: z.array(z.enum(V.customerCategories)),
    preferredLanguage: z.enum(V.languages).nullable(),
    preferredChannel: z.enum(V.contactChannels).nullable(),
    timezone: nullableText,
    source: nullableText,
    notes: nullableText,
    householdId: nullableText,
    householdRole: z.enum(V.householdRoles).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    verifiedAt: nullableText.describe('last confirmed with the customer; see `verification`'),
    verificationMethod: z.enum(V.verificationMethods).nullable(),
  })
  .meta({ id: 'CustomerProfile' });

export const timelineEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum([
      'activity',
      'service_visit',
      'service_call',
      'purchase',
      'task',
      'consent',
      'ownership',
    ]),
    at: z.string(),
    title: nullableText,
    detail: nullableText,
    channel: nullableText,
    direction: nullableText,
    outcome: nullableText,
    dealerCode: nullableText,
    userName: nullableText,
  })
  .meta({ id: 'TimelineEntry' });

export const customer360Schema = z
  .object({
    profile: profileSchema,
    verification: V.verificationSchema.nullable(),
    phones: z.array(
      z.object({
        id: z.string(),
        e164: z.string(),
        raw: z.string(),
        kind: z.enum(V.phoneKinds),
        primary: z.boolean(),
      }),
    ),
    emails: z.array(
      z.object({
        id: z.string(),
        address: z.string(),
        kind: z.enum(V.emailKinds),
        primary: z.boolean(),
      }),
    ),
    messengers: z.array(z.object({ kind: z.enum(V.messengerKinds), handle: z.string() })),
    addresses: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(V.addressKinds),
        country: z.string(),
        region: nullableText,
        city: nullableText,
        postcode: nullableText,
        street: nullableText,
        building: nullableText,
        apartment: nullableText,
        primary: z.boolean(),
      }),
    ),
    familyMembers: z.array(
      z.object({ relation: z.enum(V.familyRelations), name: z.string(), birthDate: nullableText }),
    ),
    household: z
      .object({
        id: z.string(),
        name: z.string(),
        members: z.array(
          z.object({
            id: z.string(),
            displayName: z.string(),
            role: z.enum(V.householdRoles).nullable(),
          }),
        ),
      })
      .nullable(),
    companyLinks: z.array(
      z.object({
        id: z.string(),
        displayName: z.string(),
        kind: z.enum(V.customerKinds),
        role: nullableText,
      }),
    ),
    dealers: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        relations: z.array(z.enum(V.dealerRelations)),
        assignedTo: person.nullable(),
        firstAt: z.string(),
        lastAt: z.string(),
      }),
    ),
    consents: z.array(
      z.object({
        channel: z.enum(V.contactChannels),
        purpose: z.enum(V.consentPurposes),
        status: z.enum(V.consentStatuses),
        method: z.enum(V.consentMethods),
        effectiveAt: z.string(),
      }),
    ),
    vehicles: z.array(
      z.object({
        id: z.string(),
        vin: nullableText,
        makeName: z.string(),
        modelName: nullableText,
        modelYear: z.number().nullable(),
        colour: nullableText,
        plate: nullableText,
        role: z.enum(['owner', 'driver', 'lessee']),
        fromDate: z.string(),
        odometerKm: z.number().nullable(),
        lastVisitDate: nullableText,
      }),
    ),
    openTasks: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.string(),
        dueAt: z.string(),
        priority: z.enum(['low', 'normal', 'high']),
        assignee: person.nullable(),
      }),
    ),
    complaints: z.array(complaintSummarySchema),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'Customer360' });

export const vehiclePageSchema = z
  .object({
    vehicle: z.object({
      id: z.string(),
      vin: nullableText,
      makeName: z.string(),
      modelName: nullableText,
      series: nullableText,
      trimName: nullableText,
      body: nullableText,
      engine: nullableText,
      colour: nullableText,
      modelYear: z.number().nullable(),
      wmiMaker: nullableText,
      wmiCountry: nullableText,
      plate: nullableText,
      firstRegistration: nullableText,
      odometerKm: z.number().nullable(),
      odometerReadAt: nullableText,
    }),
    vinCheck: vinCheckSchema.nullable(),
    owner: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    ownerships: z.array(
      z.object({
        customerId: nullableText.describe('null when the owner is outside your scope'),
        displayName: nullableText,
        role: z.enum(['owner', 'driver', 'lessee']),
        fromDate: z.string(),
        toDate: nullableText,
      }),
    ),
    purchases: z.array(
      z.object({
        date: z.string(),
        dealerCode: nullableText,
        consultant: nullableText,
        priceMinor: z.number().nullable(),
        discountMinor: z.number(),
        currency: z.string(),
        condition: z.enum(['new', 'used']),
        odometerKm: z.number().nullable(),
      }),
    ),
    serviceVisits: z.array(
      z.object({
        id: z.string(),
        date: z.string(),
        dealerCode: z.string(),
        type: z.string(),
        mileageKm: z.number().nullable(),
        totalMinor: z.number(),
        currency: z.string(),
        paidBy: z.string(),
        description: nullableText,
        advisor: nullableText,
      }),
    ),
  })
  .meta({ id: 'VehiclePage' });

export type Customer360 = z.infer<typeof customer360Schema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type VehiclePage = z.infer<typeof vehiclePageSchema>;
