import type { Generated } from 'kysely';
import type * as V from './vocabulary.ts';

export type CustomerRow = {
  id: Generated<string>;
  kind: V.CustomerKind;
  lifecycle_stage: Generated<V.LifecycleStage>;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  gender: V.Gender | null;
  birth_date: string | null;
  education: V.Education | null;
  occupation: string | null;
  employer: string | null;
  income_band: V.IncomeBand | null;
  marital_status: V.MaritalStatus | null;
  children_count: number | null;
  interests: Generated<string[]>;
  personal_values: Generated<string[]>;
  friends_cars: string | null;
  household_id: string | null;
  household_role: V.HouseholdRole | null;
  company_name: string | null;
  legal_form: string | null;
  tax_id: string | null;
  categories: Generated<V.CustomerCategory[]>;
  preferred_language: V.Language | null;
  preferred_channel: V.ContactChannel | null;
  timezone: string | null;
  source: string | null;
  notes: string | null;
  display_name: string;
  sort_key: string;
  search_text: Generated<string>;
  search_vector: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** last verification of the data with the person (0223): when, by whom, how */
  verified_at: Generated<Date | null>;
  verified_by: Generated<string | null>;
  verification_method: Generated<V.VerificationMethod | null>;
  verification_note: Generated<string | null>;
  /** set on the loser of a merge (quality module): the tombstone points to the survivor */
  merged_into: Generated<string | null>;
};

export type CustomersTables = {
  households: {
    id: Generated<string>;
    name: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  customers: CustomerRow;
  /** each lexeme of a customer's name beside his sort key (0206, kept by triggers) */
  customer_name_words: {
    customer_id: string;
    word: string;
    root_len: number;
    sort_key: string;
  };
  /** the same once per dealer link, with the consultant there (0206) */
  customer_dealer_name_words: {
    dealer_id: string;
    root_len: number;
    word: string;
    sort_key: string;
    customer_id: string;
    assigned_user_id: string | null;
  };
  /** each local part of a customer's e-mail addresses beside his sort key (0257, kept by triggers) */
  customer_email_local_parts: {
    customer_id: string;
    local_part: string;
    sort_key: string;
  };
  /** the same once per dealer link, with the consultant there (0257) */
  customer_dealer_email_local_parts: {
    dealer_id: string;
    local_part: string;
    sort_key: string;
    customer_id: string;
    assigned_user_id: string | null;
  };
  customer_dealers: {
    customer_id: string;
    dealer_id: string;
    relations: Generated<V.DealerRelation[]>;
    assigned_user_id: string | null;
    first_at: Generated<Date>;
    last_at: Generated<Date>;
  };
  /** each set of dealers customers are linked to, once (0281); rows of others carry its id */
  customer_dealer_sets: {
    id: Generated<number>;
    dealer_ids: string[];
  };
  customer_phones: {
    id: Generated<string>;
    customer_id: string;
    e164: string;
    raw: string;
    kind: Generated<V.PhoneKind>;
    is_primary: Generated<boolean>;
    created_at: Generated<Date>;
  };
  customer_emails: {
    id: Generated<string>;
    customer_id: string;
    address: string;
    normalized: string;
    kind: Generated<V.EmailKind>;
    is_primary: Generated<boolean>;
    created_at: Generated<Date>;
  };
  customer_messengers: {
    id: Generated<string>;
    customer_id: string;
    kind: V.MessengerKind;
    handle: string;
    created_at: Generated<Date>;
  };
  customer_addresses: {
    id: Generated<string>;
    customer_id: string;
    kind: Generated<V.AddressKind>;
    country: string;
    region: string | null;
    city: string | null;
    postcode: string | null;
    street: string | null;
    building: string | null;
    apartment: string | null;
    is_primary: Generated<boolean>;
    created_at: Generated<Date>;
  };
  customer_family_members: {
    id: Generated<string>;
    customer_id: string;
    relation: V.FamilyRelation;
    name: string;
    birth_date: string | null;
    created_at: Generated<Date>;
  };
  company_contacts: { company_id: string; person_id: string; role: string | null };
  consents: {
    id: Generated<string>;
    customer_id: string;
    channel: V.ContactChannel;
    status: V.ConsentStatus;
    purpose: Generated<V.ConsentPurpose>;
    method: V.ConsentMethod;
    evidence: string | null;
    dealer_id: string | null;
    recorded_by: string | null;
    effective_at: Generated<Date>;
    recorded_at: Generated<Date>;
    note: string | null;
  };
  customer_consent_current: {
    customer_id: string;
    channel: V.ContactChannel;
    purpose: V.ConsentPurpose;
    status: V.ConsentStatus;
    method: V.ConsentMethod;
    evidence: string | null;
    effective_at: Date;
    recorded_by: string | null;
    dealer_id: string | null;
  };
};
