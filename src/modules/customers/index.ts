/** Customers: what other modules may use. */
export {
  consentGranted,
  recordConsents,
  hasConsent,
  consentHistory,
  type ConsentView,
} from './consents.service.ts';
export {
  addMissingContacts,
  createCustomer,
  defaultCountry,
  linkCustomerToDealer,
  profileFromRow,
  updateCustomer,
  type CustomerProfile,
} from './customers.service.ts';
export type { CreateCustomerInput, UpdateCustomerInput } from './customer.schemas.ts';
export { displayName, searchText, sortKey, type NameParts } from './derived-fields.ts';
export { personDealerSets } from './dealer-sets.ts';
export { copyDealerLinksInBulk, lockDealerLinksToRead } from './dealer-links-guard.ts';
export {
  normalizeEmails,
  normalizePhones,
  type EmailRecord,
  type PhoneRecord,
} from './contact-normalization.ts';
export {
  latestVerification,
  recordImportVerificationsTx,
  recordVerificationTx,
  registerVerificationListener,
  verificationFromRow,
  type ImportedVerification,
  type Verification,
  type VerificationColumns,
  type VerificationListener,
} from './verification.service.ts';
export {
  verificationSchema,
  type CustomerVerification,
  type VerificationInput,
} from './verification.schemas.ts';
export { registerCustomerRoutes } from './customers.routes.ts';
export { assertCustomerVisible } from './visibility.ts';
export { latestDealerId } from './latest-dealer.ts';
export * from './vocabulary.ts';
export {
  addressesJson,
  companyLinksJson,
  consentTimeline,
  consentsJson,
  dealersJson,
  emailsJson,
  familyJson,
  householdJson,
  messengersJson,
  phonesJson,
} from './sections.ts';
export {
  classifySearch,
  customerIn,
  emailIds,
  likePrefix,
  nameIds,
  nameMatch,
  phoneIds,
  taxIdIds,
  type SearchTerm,
} from './search-terms.ts';
export { inNameRange, nameRangeRows, nameRanges, type NameRange } from './name-order.ts';
export {
  possibleDuplicatesOf,
  registerDuplicateCheck,
  type DuplicateCheck,
  type PossibleDuplicate,
} from './duplicate-check.ts';
