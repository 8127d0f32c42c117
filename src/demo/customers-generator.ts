import type { ContactChannel, LifecycleStage } from '../modules/customers/index.ts';
import { displayName } from '../modules/customers/index.ts';
import { chineseCompany, russianCompany } from './company-profile.ts';
import { planTouches } from './contact-story.ts';
import { captureTime, writeContacts } from './contacts-generator.ts';
import type { Draft } from './customer-draft.ts';
import {
  DerivedNames,
  familyMasculine,
  householdName,
  namePartsOf,
  writeCustomer,
  type Household,
} from './customer-row.ts';
import { customerVehicles } from './customer-vehicles.ts';
import {
  addLink,
  primaryRelations,
  secondProspectDealer,
  secondServiceDealer,
  writeLinks,
} from './dealer-links.ts';
import { emptyBatch, type DemoBatch } from './demo-tables.ts';
import type { World, WorldDealer, WorldMake } from './demo-world.ts';
import { DraftFactory, type Family } from './draft-factory.ts';
import type { GeneratorContext, GeneratorCounts } from './generator-context.ts';
import { writeActivities, writeConsents, writeTasks } from './history-generator.ts';
import { writeFamilyMembers } from './family-members.ts';
import { fillMyDay, MyDayTracker } from './my-day.ts';
import { personProfile, type PersonProfile } from './person-profile.ts';
import type { DemoPhone } from './phones.ts';
import { Prng, Weighted, weighted } from './prng.ts';
import type { Culture } from './profile-data.ts';

/**
 * The demo customer base, customer by customer from one seeded random stream: persons and
 * companies spread over the dealers, households, contacts and consents, vehicles with their
 * purchases and service history, contact history and tasks. The same options give the same
 * rows, whatever the batch size.
 */
export type GeneratorOptions = {
  seed: number;
  /** separates the data of a second load into the same database from the first */
  stream: number;
  /** the day the data is "now" (day number, see demo-dates.ts) */
  today: number;
  /** how many customers this run makes in all */
  total: number;
  /** average service visits per customer (the benchmark wants 5: 1M customers, 5M visits) */
  visitsPerCustomer: number;
  /** running number of the first vehicle, so VINs never repeat across loads */
  firstVehicleSerial: number;
  /**
   * Service visits already in the database: each dealer's repair-order numbers of a year
   * continue after it, so a second load cannot repeat a number of the first.
   */
  firstOrderSerial?: number;
  /**
   * Turn rows into literal text every this many customers (row-buffer.ts, for the garbage
   * collector); Infinity keeps the values, for tests that read rows back.
   */
  sealEvery?: number;
};

export type { GeneratorCounts };

/**
 * Service visits per vehicle and year of ownership for one visit per customer on average.
 * Measured: about 0.62 serviced vehicles per customer, owned for 2.2 years on average.
 */
const visitRatePerCustomerVisit = 0.667;

/** After this many customers every demo user gets his "My day" tasks (my-day.ts). */
const myDayCheckpoint = 600;

/** How much of the base each kind of dealer holds (the parts retailer only a little). */
const dealerShare: Record<WorldDealer['kind'], number> = {
  dealer: 13,
  service_partner: 5,
  parts_retailer: 2.5,
};

const stagesByKind: Record<WorldDealer['kind'], Weighted<LifecycleStage>> = {
  dealer: weighted<LifecycleStage>({ prospect: 38, owner: 53, customer: 5, lost: 4 }),
  service_partner: weighted<LifecycleStage>({ owner: 85, customer: 12, lost: 3 }),
  parts_retailer: weighted<LifecycleStage>({ customer: 70, owner: 25, lost: 5 }),
};
const companyStages = weighted<LifecycleStage>({ owner: 70, prospect: 20, customer: 5, lost: 5 });

const contactRoles: Record<'RU' | 'CN', readonly string[]> = {
  RU: ['директор', 'менеджер автопарка', 'главный механик', 'водитель', 'бухгалтер'],
  CN: ['总经理', '车队经理', '行政主管', '采购经理'],
};

/** A household member or company contact still to be made, right after the head. */
type Pending = Family & {
  householdId: string | null;
  homePhone: DemoPhone | null;
  companyRole?: string;
};

export class CustomersGenerator {
  private readonly ctx: GeneratorContext;
  private readonly options: GeneratorOptions;
  private readonly dealers: Weighted<WorldDealer>;
  private readonly drafts: DraftFactory;
  private readonly names = new DerivedNames();
  private pending: Pending[] = [];
  private myDayDone = false;
  private sinceSeal = 0;

  constructor(world: World, options: GeneratorOptions) {
    this.options = options;
    if (world.dealers.length === 0) {
      throw new Error('The demo customers need dealers: load the demo organisation first');
    }
    this.dealers = new Weighted(
      world.dealers.map((dealer): [WorldDealer, number] => [dealer, dealerShare[dealer.kind]]),
    );
    const makesByBrand = new Map<string, WorldMake>();
    const makesByName = new Map<string, WorldMake>();
    for (const make of world.makes) {
      if (make.brandCode) makesByBrand.set(make.brandCode, make);
      makesByName.set(make.name, make);
    }
    let serial = options.firstVehicleSerial;
    const orderSerials = new Map<string, number>();
    const firstOrderSerial = options.firstOrderSerial ?? 0;
    this.ctx = {
      rng: new Prng(options.seed, options.stream),
      world,
      today: options.today,
      batch: emptyBatch(),
      callCentre: world.groupUsers.find((user) => user.role === 'call_center') ?? null,
      makesByBrand,
      makesByName,
      myDay: new MyDayTracker(),
      visitsPerVehicleYear: options.visitsPerCustomer * visitRatePerCustomerVisit,
      nextSerial: () => serial++,
      nextOrderNumber: (dealerCode, year) => {
        const key = `${dealerCode}-${year}`;
        const next = (orderSerials.get(key) ?? firstOrderSerial) + 1;
        orderSerials.set(key, next);
        return `${key}-${String(next).padStart(6, '0')}`;
      },
      counts: { customers: 0, companies: 0, households: 0, vehicles: 0, serviceVisits: 0 },
    };
    this.drafts = new DraftFactory(this.ctx);
  }

  get counts(): GeneratorCounts {
    return this.ctx.counts;
  }

  get produced(): number {
    return this.ctx.counts.customers;
  }

  get done(): boolean {
    return this.ctx.counts.customers >= this.options.total;
  }

  /** The next `size` customers (fewer at the end of the run) with every row hanging off them. */
  nextBatch(size: number): DemoBatch {
    const { counts } = this.ctx;
    this.ctx.batch = emptyBatch();
    const { total } = this.options;
    const myDayAt = Math.min(total, myDayCheckpoint);
    // Rows of a batch may only point at customers of the same batch: batches are loaded in
    // parallel transactions that do not see each other. So the first batch runs at least to
    // the "My day" checkpoint, and a household or company contact stays in its head's batch.
    // The boundaries move, the rows stay the same whatever the batch size.
    const end = Math.min(
      total,
      counts.customers + (counts.customers < myDayAt ? Math.max(size, myDayAt) : size),
    );
    while (counts.customers < total && (counts.customers < end || this.pending.length > 0)) {
      const next = this.pending.shift();
      if (next) this.member(next);
      else this.rootCustomer();
      counts.customers++;
      if (++this.sinceSeal >= (this.options.sealEvery ?? 50)) {
        for (const buffer of Object.values(this.ctx.batch)) buffer.seal();
        this.sinceSeal = 0;
      }
      if (!this.myDayDone && counts.customers >= myDayAt) {
        fillMyDay(this.ctx);
        this.myDayDone = true;
      }
    }
    // members that no longer fit into the run are dropped
    if (this.done) this.pending = [];
    return this.ctx.batch;
  }

  private rootCustomer(): void {
    const { rng } = this.ctx;
    const dealer = this.dealers.pick(rng);
    const company = dealer.kind !== 'parts_retailer' && rng.chance(0.05);
    const culture: Culture = dealer.country === 'CN' ? 'zh' : rng.chance(0.05) ? 'en' : 'ru';
    const stage = company ? companyStages.pick(rng) : stagesByKind[dealer.kind].pick(rng);
    const draft = this.drafts.newDraft(dealer, culture, stage, company ? 'company' : 'person');
    if (company) {
      draft.company =
        dealer.country === 'CN'
          ? chineseCompany(rng, dealer.code)
          : russianCompany(rng, dealer.regionCode);
      draft.latinLast = draft.company.domain.split('.')[0]!;
      this.ctx.counts.companies++;
      const { homePhone } = this.finish(draft, null, null);
      if (rng.chance(0.6)) {
        this.pending.push({
          role: 'contact',
          head: draft,
          householdId: null,
          surname: '',
          headFirstName: '',
          homePhone,
          companyRole: rng.pick(contactRoles[dealer.country]),
        });
      }
      return;
    }
    const gender = rng.chance(dealer.country === 'CN' ? 0.6 : 0.62) ? 'male' : 'female';
    const age = Math.round(rng.normal(42, 12, 19, 80));
    this.drafts.setPerson(draft, gender, age);
    // about one person in ten lives in a household recorded with the dealer (2-3 members)
    const householdId = rng.chance(0.047) ? rng.uuid() : null;
    const profile = personProfile(rng, culture, gender, age, householdId !== null || undefined);
    const household: Household | null = householdId ? { id: householdId, role: 'head' } : null;
    const { homePhone } = this.finish(draft, profile, household);
    if (householdId) {
      const created = captureTime(rng, draft);
      this.ctx.batch.households.push(householdId, householdName(draft), created, created);
      this.ctx.counts.households++;
      const surname = culture === 'ru' ? familyMasculine(draft) : draft.lastName!;
      const base = {
        head: draft,
        householdId,
        surname,
        headFirstName: draft.firstName!,
        homePhone,
      };
      if (rng.chance(0.95)) this.pending.push({ role: 'spouse', ...base });
      if (age >= 42 && rng.chance(0.3)) this.pending.push({ role: 'child', ...base });
    }
  }

  /** A spouse, grown-up child or company contact person, generated right after the head. */
  private member(pending: Pending): void {
    const { rng, today } = this.ctx;
    const head = pending.head;
    const culture = head.culture === 'en' && pending.role === 'contact' ? 'ru' : head.culture;
    const stage: LifecycleStage =
      pending.role === 'contact'
        ? 'customer'
        : pending.role === 'child'
          ? 'prospect'
          : rng.chance(0.45)
            ? 'owner'
            : rng.chance(0.5)
              ? 'prospect'
              : 'customer';
    const draft = this.drafts.newDraft(head.dealer, culture, stage, 'person');
    draft.consultant = head.consultant;
    draft.capturedBy = head.capturedBy;
    if (pending.role !== 'contact') {
      // the family lives together
      draft.town = head.town;
      draft.home = head.home;
    }
    const headAge = head.birthDay === null ? 45 : Math.floor((today - head.birthDay) / 365.25);
    let gender: 'male' | 'female' = rng.chance(0.6) ? 'male' : 'female';
    let age = Math.round(rng.normal(42, 10, 22, 70));
    if (pending.role === 'spouse') {
      gender = head.gender === 'male' ? 'female' : 'male';
      age = Math.max(19, headAge + rng.int(-6, 6));
    } else if (pending.role === 'child') {
      age = Math.max(18, headAge - rng.int(22, 34));
    }
    this.drafts.setPerson(draft, gender, age, pending);
    const married = pending.role === 'spouse' || undefined;
    const profile = personProfile(rng, culture, gender, age, married);
    if (pending.role === 'contact') {
      profile.employer = displayName(namePartsOf(head));
      profile.occupation = pending.companyRole ?? profile.occupation;
    }
    const household: Household | null =
      pending.householdId === null
        ? null
        : { id: pending.householdId, role: pending.role === 'child' ? 'child' : 'spouse' };
    this.finish(draft, profile, household, pending.role === 'contact' ? null : pending.homePhone);
    if (pending.role === 'contact') {
      this.ctx.batch.companyContacts.push(head.id, draft.id, pending.companyRole ?? null);
    }
  }

  /**
   * Everything after the name: dealer links, vehicles, history, contacts, consents, and the
   * customer row itself (last, when its dates are known).
   */
  private finish(
    draft: Draft,
    profile: PersonProfile | null,
    household: Household | null,
    sharedHomePhone: DemoPhone | null = null,
  ): { homePhone: DemoPhone | null } {
    const { ctx } = this;
    const { rng, today, world, batch } = ctx;
    const dealer = draft.dealer;

    // when the customer first came: some time ago for prospects (mostly recently)
    if (draft.stage === 'prospect') {
      draft.firstDay = today - Math.floor(900 * Math.pow(rng.float(), 2.2)) - 1;
    } else if (draft.stage === 'lost') {
      draft.firstDay = today - rng.int(200, 1500);
    } else {
      draft.firstDay = today - Math.floor(1500 * Math.pow(rng.float(), 1.5)) - 1;
    }
    // bought at A, serviced at B (decided first: the service visits happen at B)
    const serviceElsewhere = secondServiceDealer(rng, world, draft);
    const { vehicles, purchaseDealer } = customerVehicles(ctx, draft, serviceElsewhere);
    if (vehicles.length) {
      // the first contact came some weeks before the first purchase
      draft.firstDay = Math.min(...vehicles.map((vehicle) => vehicle.purchaseDay)) - rng.int(3, 75);
      draft.model = vehicles[0]!.model;
    }

    // dealer links (the data scope)
    const primary = addLink(draft, dealer, draft.consultant);
    primary.relations = new Set(primaryRelations(draft, vehicles.length > 0));
    if (purchaseDealer && purchaseDealer !== dealer) {
      const seller = addLink(draft, purchaseDealer, null);
      seller.relations.add('sales');
      seller.relations.add('owner');
    }
    if (serviceElsewhere && vehicles.length) {
      primary.relations.delete('service');
      const service = addLink(draft, serviceElsewhere, null);
      service.relations.add('service');
      service.firstDay = draft.firstDay + rng.int(30, 300);
    } else if (draft.stage === 'prospect') {
      secondProspectDealer(rng, world, draft, today);
    }

    const activities = writeActivities(
      ctx,
      draft,
      planTouches(ctx, draft, vehicles, purchaseDealer),
    );
    writeTasks(ctx, draft, activities);

    const created = captureTime(rng, draft);
    const { mobile, homePhone } = writeContacts(rng, batch, draft, created, sharedHomePhone);
    const channels: ContactChannel[] = [];
    if (mobile || draft.kind === 'company') channels.push('phone');
    if (mobile) channels.push('sms');
    if (draft.hasEmail) channels.push('email');
    if (draft.hasAddress) channels.push('post');
    if (draft.hasMessenger && mobile) channels.push('messenger');
    writeConsents(ctx, draft, channels);

    // the links end at the latest contact or visit; the customer row changed then too
    let lastMs = 0;
    let lastTime = created;
    for (const activity of activities) {
      if (activity.ms > lastMs) {
        lastMs = activity.ms;
        lastTime = activity.time;
      }
      const link = draft.links.find((candidate) => candidate.dealer === activity.dealer);
      if (link && activity.day > link.lastDay) link.lastDay = activity.day;
    }
    for (const vehicle of vehicles) {
      if (vehicle.lastVisitDay === null) continue;
      const link = draft.links.find((candidate) => candidate.relations.has('service')) ?? primary;
      if (vehicle.lastVisitDay > link.lastDay) link.lastDay = vehicle.lastVisitDay;
    }
    if (profile && household === null) {
      writeFamilyMembers(rng, batch, draft, profile, created, today);
    }
    writeLinks(batch, draft);
    writeCustomer(rng, batch, this.names, draft, profile, household, created, lastTime);
    ctx.myDay.remember(draft);
    return { homePhone };
  }
}
