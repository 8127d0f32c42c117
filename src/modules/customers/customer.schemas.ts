import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';
import * as V from './vocabulary.ts';

const text = (max = 200) => z.string().trim().max(max);
/** Optional text; an empty string (an emptied form field) is stored as null. */
const optionalText = (max = 200) =>
  text(max)
    .nullish()
    .transform((value) => (value ? value : null))
    .optional();
const tag = z.string().trim().min(1).max(60);

export const phoneInput = z.strictObject({
  number: z.string().trim().min(1).max(40).describe('as the customer gave it, in any format'),
  kind: z.enum(V.phoneKinds).optional(),
  primary: z.boolean().optional(),
});
export const emailInput = z.strictObject({
  address: z.string().trim().min(1).max(254),
  kind: z.enum(V.emailKinds).optional(),
  primary: z.boolean().optional(),
});
export const messengerInput = z.strictObject({
  kind: z.enum(V.messengerKinds),
  handle: z.string().trim().min(1).max(100),
});
export const addressInput = z.strictObject({
  kind: z.enum(V.addressKinds).optional(),
  country: z
    .string()
    .trim()
    .length(2)
    .optional()
    .describe('ISO 3166 code; the dealer’s country when absent'),
  region: optionalText(),
  city: optionalText(),
  postcode: optionalText(20),
  street: optionalText(),
  building: optionalText(40),
  apartment: optionalText(40),
  primary: z.boolean().optional(),
});
export const familyMemberInput = z.strictObject({
  relation: z.enum(V.familyRelations),
  name: z.string().trim().min(1).max(200),
  birthDate: isoDate.nullish(),
});
export const consentInput = z.strictObject({
  channel: z.enum(V.contactChannels),
  status: z.enum(V.consentStatuses),
  purpose: z.enum(V.consentPurposes).optional(),
  method: z.enum(V.consentMethods),
  evidence: optionalText(500).describe('document number, recording id, URL of the web form ...'),
  effectiveAt: z.iso.datetime({ offset: true }).optional(),
  note: optionalText(1000),
});

/** The profile fields a person or company may carry; all optional on update. */
const profileFields = {
  lifecycleStage: z.enum(V.lifecycleStages),
  firstName: optionalText(),
  middleName: optionalText(),
  lastName: optionalText(),
  gender: z.enum(V.genders).nullish(),
  birthDate: isoDate.nullish(),
  education: z.enum(V.educationLevels).nullish(),
  occupation: optionalText(),
  employer: optionalText(),
  incomeBand: z.enum(V.incomeBands).nullish(),
  maritalStatus: z.enum(V.maritalStatuses).nullish(),
  childrenCount: z.number().int().min(0).max(30).nullish(),
  interests: z.array(tag).max(50),
  personalValues: z.array(tag).max(50),
  friendsCars: optionalText(500),
  companyName: optionalText(),
  legalForm: optionalText(40),
  taxId: optionalText(40),
  categories: z.array(z.enum(V.customerCategories)).max(V.customerCategories.length),
  preferredLanguage: z.enum(V.languages).nullish(),
  preferredChannel: z.enum(V.contactChannels).nullish(),
  timezone: optionalText(64),
  source: optionalText(60),
  notes: optionalText(5000),
  householdId: z.uuid().nullish(),
  householdRole: z.enum(V.householdRoles).nullish(),
};

const contactLists = {
  phones: z.array(phoneInput).max(10),
  emails: z.array(emailInput).max(10),
  messengers: z.array(messengerInput).max(10),
  addresses: z.array(addressInput).max(10),
  familyMembers: z.array(familyMemberInput).max(30),
};

export const createCustomerBody = z
  .strictObject({
    kind: z.enum(V.customerKinds),
    ...profileFields,
    ...contactLists,
    consents: z.array(consentInput).max(20),
    dealerCode: z
      .string()
      .trim()
      .min(1)
      .max(16)
      .describe('the dealer this customer belongs to; your own dealer when absent'),
    assignedUserId: z.uuid().nullable().describe('the consultant who works the customer'),
    dealerRelation: z.enum(V.dealerRelations),
  })
  .partial()
  .required({ kind: true })
  .meta({ id: 'NewCustomer' });

export const updateCustomerBody = z
  .strictObject({ ...profileFields, ...contactLists })
  .partial()
  .meta({ id: 'CustomerChanges' });

export type PhoneInput = z.output<typeof phoneInput>;
export type EmailInput = z.output<typeof emailInput>;
export type AddressInput = z.output<typeof addressInput>;
export type ConsentInput = z.output<typeof consentInput>;
export type MessengerInput = z.output<typeof messengerInput>;
export type FamilyMemberInput = z.output<typeof familyMemberInput>;
export type CreateCustomerInput = z.output<typeof createCustomerBody>;
export type UpdateCustomerInput = z.output<typeof updateCustomerBody>;
