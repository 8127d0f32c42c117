/**
 * The closed vocabularies of the customer record. The same lists are checked by the
 * database (0030_customers.sql), by the API schemas and offered by the web forms.
 */
export const customerKinds = ['person', 'company'] as const;
export const lifecycleStages = ['prospect', 'customer', 'owner', 'lost'] as const;
export const genders = ['male', 'female', 'unknown'] as const;
export const educationLevels = [
  'secondary',
  'vocational',
  'bachelor',
  'master',
  'doctorate',
  'other',
] as const;
export const incomeBands = [
  'low',
  'lower_middle',
  'middle',
  'upper_middle',
  'high',
  'very_high',
] as const;
export const maritalStatuses = ['single', 'married', 'partner', 'divorced', 'widowed'] as const;
export const householdRoles = ['head', 'spouse', 'child', 'parent', 'other'] as const;
/** Customer categories of MISSION.md §1 (company and special person customers). */
export const customerCategories = [
  'fleet',
  'leasing',
  'rental',
  'taxi',
  'government',
  'diplomatic',
  'supplier',
  'employee',
  'vip',
  'corporate',
  'insurance',
  'dealer_staff',
] as const;
export const languages = ['en', 'ru', 'zh'] as const;
export const contactChannels = ['email', 'sms', 'phone', 'post', 'messenger'] as const;
export const phoneKinds = ['mobile', 'home', 'work', 'other'] as const;
export const emailKinds = ['personal', 'work', 'other'] as const;
export const messengerKinds = [
  'wechat',
  'telegram',
  'whatsapp',
  'viber',
  'vk',
  'line',
  'other',
] as const;
export const addressKinds = ['home', 'work', 'registered', 'billing', 'delivery'] as const;
export const familyRelations = ['spouse', 'child', 'parent', 'sibling', 'other'] as const;
export const dealerRelations = ['prospect', 'sales', 'owner', 'service', 'parts'] as const;
export const consentStatuses = ['granted', 'withdrawn'] as const;
export const consentPurposes = ['marketing', 'service', 'surveys'] as const;
export const consentMethods = [
  'signed_form',
  'web_form',
  'call_recording',
  'verbal',
  'email_link',
  'sms_reply',
  'import',
  'app',
] as const;

/** How the data was confirmed with the person (0223): the freshness of the quality score. */
export const verificationMethods = [
  'phone_call',
  'in_person',
  'service_reception',
  'document',
  'email_link',
  'trusted_import',
] as const;

export type CustomerKind = (typeof customerKinds)[number];
export type LifecycleStage = (typeof lifecycleStages)[number];
export type Gender = (typeof genders)[number];
export type Education = (typeof educationLevels)[number];
export type IncomeBand = (typeof incomeBands)[number];
export type MaritalStatus = (typeof maritalStatuses)[number];
export type HouseholdRole = (typeof householdRoles)[number];
export type CustomerCategory = (typeof customerCategories)[number];
export type Language = (typeof languages)[number];
export type ContactChannel = (typeof contactChannels)[number];
export type PhoneKind = (typeof phoneKinds)[number];
export type EmailKind = (typeof emailKinds)[number];
export type MessengerKind = (typeof messengerKinds)[number];
export type AddressKind = (typeof addressKinds)[number];
export type FamilyRelation = (typeof familyRelations)[number];
export type DealerRelation = (typeof dealerRelations)[number];
export type ConsentStatus = (typeof consentStatuses)[number];
export type ConsentPurpose = (typeof consentPurposes)[number];
export type ConsentMethod = (typeof consentMethods)[number];
export type VerificationMethod = (typeof verificationMethods)[number];
