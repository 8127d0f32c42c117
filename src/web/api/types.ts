import type { ComplaintSummary } from './complaints.ts';
import type { Locale, Permission, RoleKey } from '../../auth/roles.ts';
import type {
  ActivityChannel,
  Direction,
  Outcome,
  Priority,
  TaskKind,
  TaskStatus,
} from '../../modules/activities/schema.ts';
import type {
  AddressKind,
  ConsentMethod,
  ConsentPurpose,
  ConsentStatus,
  ContactChannel,
  CustomerCategory,
  CustomerKind,
  DealerRelation,
  Education,
  EmailKind,
  FamilyRelation,
  Gender,
  HouseholdRole,
  IncomeBand,
  Language,
  LifecycleStage,
  MaritalStatus,
  MessengerKind,
  PhoneKind,
  VerificationMethod,
} from '../../modules/customers/vocabulary.ts';

export type Me = {
  id: string;
  email: string | null;
  displayName: string;
  role: RoleKey;
  locale: Locale;
  dealerId: string | null;
  regionId: string | null;
  brandId: string | null;
  scope: 'group' | 'brand' | 'region' | 'dealer' | 'own';
  permissions: Permission[];
  csrfToken: string | null;
};

/**
 * `totalExact: false` means the server estimated a very large total instead of counting;
 * `totalCapped: true` that a search stopped counting: more than `total` match.
 */
export type Page<T> = { items: T[]; total: number; totalExact?: boolean; totalCapped?: boolean };

export type Dealer = {
  id: string;
  code: string;
  name: string;
  kind: 'dealer' | 'parts_retailer' | 'service_partner';
  regionCode: string;
  regionName: string;
  brands: string[];
  country: string;
  city: string | null;
  timezone: string;
  currency: string;
  active: boolean;
  inScope: boolean;
};

export type User = {
  id: string;
  email: string;
  displayName: string;
  role: RoleKey;
  dealerCode: string | null;
  active: boolean;
};

export type PersonRef = { id: string; name: string };

export type CustomerListItem = {
  id: string;
  kind: CustomerKind;
  displayName: string;
  lifecycleStage: LifecycleStage;
  phone: string | null;
  email: string | null;
  city: string | null;
  dealerCodes: string[];
  assignedTo: PersonRef | null;
  createdAt: string;
  updatedAt: string;
  verifiedAt: string | null;
  verificationMethod: VerificationMethod | null;
};

export type CustomerSort = 'name' | '-name' | 'created' | '-created' | 'updated' | '-updated';

export type CustomerListQuery = {
  search?: string;
  limit: number;
  offset: number;
  sort?: CustomerSort;
  kind?: CustomerKind;
  stage?: LifecycleStage;
  dealerCode?: string;
  assigned?: 'me';
};

export type CustomerProfile = {
  id: string;
  kind: CustomerKind;
  lifecycleStage: LifecycleStage;
  displayName: string;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  gender: Gender | null;
  birthDate: string | null;
  education: Education | null;
  occupation: string | null;
  employer: string | null;
  incomeBand: IncomeBand | null;
  maritalStatus: MaritalStatus | null;
  childrenCount: number | null;
  interests: string[];
  personalValues: string[];
  friendsCars: string | null;
  companyName: string | null;
  legalForm: string | null;
  taxId: string | null;
  categories: CustomerCategory[];
  preferredLanguage: Language | null;
  preferredChannel: ContactChannel | null;
  timezone: string | null;
  source: string | null;
  notes: string | null;
  householdId: string | null;
  householdRole: HouseholdRole | null;
  createdAt: string;
  updatedAt: string;
};

export type Phone = {
  id: string;
  e164: string | null;
  raw: string;
  kind: PhoneKind;
  primary: boolean;
};
export type Email = { id: string; address: string; kind: EmailKind; primary: boolean };
export type Messenger = { kind: MessengerKind; handle: string };
export type Address = {
  id: string;
  kind: AddressKind;
  country: string;
  region: string | null;
  city: string | null;
  postcode: string | null;
  street: string | null;
  building: string | null;
  apartment: string | null;
  primary: boolean;
};
export type FamilyMember = { relation: FamilyRelation; name: string; birthDate: string | null };
export type Household = {
  id: string;
  name: string;
  members: { id: string; displayName: string; role: HouseholdRole | null }[];
};
export type CompanyLink = {
  id: string;
  displayName: string;
  kind: CustomerKind;
  role: string | null;
};
export type CustomerDealer = {
  code: string;
  name: string;
  relations: DealerRelation[];
  assignedTo: PersonRef | null;
  firstAt: string;
  lastAt: string;
};
export type Consent = {
  channel: ContactChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  method: ConsentMethod;
  effectiveAt: string;
};
export type CustomerVerification = {
  verifiedAt: string;
  method: VerificationMethod;
  note: string | null;
  verifiedBy: string | null;
};
export type NewVerification = { method: VerificationMethod; note?: string | null };
export type OwnershipRole = 'owner' | 'driver' | 'lessee';
export type CustomerVehicle = {
  id: string;
  vin: string | null;
  makeName: string | null;
  modelName: string | null;
  modelYear: number | null;
  colour: string | null;
  plate: string | null;
  role: OwnershipRole;
  fromDate: string | null;
  odometerKm: number | null;
  lastVisitDate: string | null;
};
export type Task = {
  id: string;
  title: string;
  kind: TaskKind;
  dueAt: string;
  priority: Priority;
  status?: TaskStatus;
  customer?: { id: string; displayName: string } | null;
  assignee: PersonRef | null;
};
export type TimelineKind =
  'activity' | 'service_visit' | 'service_call' | 'purchase' | 'task' | 'consent' | 'ownership';
export type TimelineItem = {
  id: string;
  kind: TimelineKind;
  at: string;
  title: string | null;
  detail: string | null;
  channel: string | null;
  direction: string | null;
  outcome: string | null;
  dealerCode: string | null;
  userName: string | null;
};

export type Customer360 = {
  profile: CustomerProfile;
  phones: Phone[];
  emails: Email[];
  messengers: Messenger[];
  addresses: Address[];
  familyMembers: FamilyMember[];
  household: Household | null;
  companyLinks: CompanyLink[];
  dealers: CustomerDealer[];
  consents: Consent[];
  /** the last time the data was confirmed with the customer; null when never */
  verification: CustomerVerification | null;
  vehicles: CustomerVehicle[];
  openTasks: Task[];
  complaints: ComplaintSummary[];
  timeline: TimelineItem[];
};

export type NewPhone = { number: string; kind?: PhoneKind; primary?: boolean };
export type NewEmail = { address: string; kind?: EmailKind; primary?: boolean };
export type NewConsent = {
  channel: ContactChannel;
  status: ConsentStatus;
  purpose?: ConsentPurpose;
  method: ConsentMethod;
  evidence?: string | null;
  effectiveAt?: string;
  note?: string | null;
};

export type ProfileChanges = Partial<
  Pick<
    CustomerProfile,
    | 'lifecycleStage'
    | 'firstName'
    | 'middleName'
    | 'lastName'
    | 'gender'
    | 'birthDate'
    | 'education'
    | 'occupation'
    | 'employer'
    | 'incomeBand'
    | 'maritalStatus'
    | 'childrenCount'
    | 'interests'
    | 'personalValues'
    | 'friendsCars'
    | 'companyName'
    | 'legalForm'
    | 'taxId'
    | 'categories'
    | 'preferredLanguage'
    | 'preferredChannel'
    | 'source'
    | 'notes'
  >
>;

/** A contact list given replaces the stored one (PATCH /api/customers/:id). */
export type ContactChanges = { phones?: NewPhone[]; emails?: NewEmail[] };

export type NewCustomer = ProfileChanges & {
  kind: CustomerKind;
  phones?: NewPhone[];
  emails?: NewEmail[];
  consents?: NewConsent[];
  dealerCode?: string;
  assignedUserId?: string | null;
  dealerRelation?: DealerRelation;
};

export type NewActivity = {
  customerId: string;
  channel: ActivityChannel;
  direction: Direction;
  occurredAt?: string;
  subject?: string | null;
  outcome?: Outcome | null;
  note?: string | null;
  nextContactAt?: string | null;
  nextContactPlan?: string | null;
  /** the customer confirmed his data on this call or visit */
  dataConfirmed?: boolean;
};

export type NewTask = {
  customerId?: string | null;
  title: string;
  kind: TaskKind;
  dueAt: string;
  priority?: Priority;
  description?: string | null;
  assigneeUserId?: string | null;
};

export type TaskCompletion = {
  result: string;
  outcome?: Outcome | null;
  nextStep?: { title: string; dueAt: string; kind?: TaskKind };
  /** the owner's satisfaction on an after-service call */
  csiScore?: number;
};

export type MyDay = { overdue: Task[]; today: Task[]; timezone: string };

export type Vehicle = {
  id: string;
  vin: string | null;
  makeName: string | null;
  modelName: string | null;
  series: string | null;
  trimName: string | null;
  body: string | null;
  engine: string | null;
  colour: string | null;
  modelYear: number | null;
  wmiMaker: string | null;
  wmiCountry: string | null;
  plate: string | null;
  firstRegistration: string | null;
  odometerKm: number | null;
  odometerReadAt: string | null;
};

export type VehicleView = {
  vehicle: Vehicle;
  vinCheck: {
    valid: boolean;
    vin: string;
    maker?: string;
    country?: string;
    modelYear?: number;
    warning?: string;
    error?: string;
  } | null;
  owner: { id: string; displayName: string } | null;
  /** customerId and displayName are null when that owner is outside the caller's scope. */
  ownerships: {
    customerId: string | null;
    displayName: string | null;
    role: OwnershipRole;
    fromDate: string | null;
    toDate: string | null;
  }[];
  purchases: {
    date: string;
    dealerCode: string | null;
    consultant: string | null;
    priceMinor: number | null;
    discountMinor: number;
    currency: string;
    condition: 'new' | 'used';
    odometerKm: number | null;
  }[];
  serviceVisits: {
    id: string;
    date: string;
    dealerCode: string | null;
    type: string | null;
    mileageKm: number | null;
    totalMinor: number;
    currency: string;
    paidBy: string;
    description: string | null;
    advisor: string | null;
  }[];
};
