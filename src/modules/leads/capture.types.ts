/**
 * The contract of lead capture, shared by every intake path (showroom log, consultant entry,
 * ADF XML, dealer and brand web forms, list imports). Each path turns its input into a
 * `LeadCaptureInput`; `captureLead` (leads module) finds or creates the person, attaches the
 * lead, routes it and records the touch.
 */
export type LeadInterestType = 'buy' | 'lease' | 'trade-in' | 'test-drive';

export type LeadVehicleInterest = {
  make?: string;
  model?: string;
  year?: number;
  trim?: string;
  colour?: string;
  condition?: 'new' | 'used';
};

export type LeadTradeIn = {
  vin?: string;
  make?: string;
  model?: string;
  year?: number;
  mileageKm?: number;
  comment?: string;
};

export type LeadCapturePerson = {
  kind: 'person' | 'company';
  firstName?: string;
  middleName?: string;
  lastName?: string;
  companyName?: string;
  gender?: 'male' | 'female';
  phones: { number: string; kind?: string }[];
  emails: { address: string }[];
  city?: string;
  postcode?: string;
  preferredLanguage?: string;
};

export type LeadCaptureConsent = {
  channel: 'email' | 'sms' | 'phone' | 'post' | 'messenger';
  granted: boolean;
  /** where the permission was given: the form, the document */
  source: string;
};

export type LeadCaptureInput = {
  /** a lead source key (lead_sources.key), e.g. 'website', 'showroom', 'call_center' */
  source: string;
  /** the dealer the lead came to, when the channel knows it (showroom, dealer site) */
  dealerCode?: string;
  /** the brand, when the channel knows it (brand site, call centre) */
  brandCode?: string;
  campaign?: string;
  utm?: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
  person: LeadCapturePerson;
  interestType?: LeadInterestType;
  vehicles?: LeadVehicleInterest[];
  tradeIn?: LeadTradeIn;
  currentCar?: { make?: string; model?: string; year?: number };
  /** ISO date the person means to buy by */
  intendedPurchaseDate?: string;
  /** free text timeframe as given (ADF timeframe/description) */
  timeframe?: string;
  budgetMinor?: number;
  currency?: string;
  comment?: string;
  consents?: LeadCaptureConsent[];
  /** when the person asked (ADF requestdate); default now */
  requestedAt?: string;
  /** the sender's id of this lead (ADF prospect id, form submission id): capture is idempotent on (source, externalRef) */
  externalRef?: string;
  /** how the person reached us, for the contact history; from the source when absent */
  contactMode?: 'walk-in' | 'phone' | 'web' | 'email' | 'event';
  /** promotions the person asked about */
  promotions?: string[];
  /** competitor models he is also considering */
  competitorModels?: string[];
  /** what the first conversation gave, and the next contact planned (consultant entry) */
  lastContactResult?: string;
  nextContactPlan?: string;
  /** ISO timestamp of the planned next contact: becomes a follow-up task on that date */
  nextContactAt?: string;
};

export type LeadCaptureResult = {
  leadId: string;
  customerId: string;
  /** false when the phone or e-mail already belonged to a person */
  customerCreated: boolean;
  /** false when (source, externalRef) had been captured before: the earlier lead is returned */
  leadCreated: boolean;
  dealerId: string | null;
  assignedUserId: string | null;
};
