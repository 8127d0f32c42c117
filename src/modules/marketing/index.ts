/** Marketing: segments, static lists, contact rules, e-mail campaigns. */
export { registerMarketingRoutes } from './marketing.routes.ts';
export { audienceCondition } from './audience.ts';
// a campaign's, offer's or journey's owner: the customers it may reach
export { ownerScope, type Owner } from './owner-scope.ts';
export { compileCondition } from './segment-compiler.ts';
export { segmentDefinition, type Condition } from './segment.schemas.ts';
export { smsLength, type SmsLength } from './sms-length.ts';
export * from './schema.ts';
// what journeys (src/modules/journeys) reuse so that a journey's message obeys the same rules
export { contactBlock, contactRules, releaseFor, suppressed } from './contact-rules.service.ts';
export { compileTemplate, type CompiledTemplate, type TemplateContent } from './templates.ts';
export { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
export {
  expiresIn,
  linkSignerFor,
  publicBaseUrl,
  unsubscribeDays,
  unsubscribeLink,
  preferencesLink,
} from './links.ts';
export { textWithUnsubscribe } from './unsubscribe.ts';
export { addTracking, type TrackedMessage } from './send-tracking.ts';
export { createOffer, listOffers, type OfferView } from './offers.service.ts';
export { offerBody, type OfferBody } from './offers.schemas.ts';
export {
  matchOffers,
  offerContext,
  offersFor,
  templatesUseOffers,
  type OfferForSend,
} from './offer-recommendations.ts';
export { onJourneySmsClick, saveSmsLinks, shortenSmsLinks, type SmsLink } from './sms-links.ts';
export { tokenQuery } from './public-page.ts';
export { trackingPixel } from './tracking.routes.ts';
export { publicRateLimit, trackedLinkLimits } from './public-rate-limit.ts';
