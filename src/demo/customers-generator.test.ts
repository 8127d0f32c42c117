import { beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone } from '../lib/phone.ts';
import { hasCyrillic, hasHan } from '../lib/transliterate.ts';
import { displayName, searchText, sortKey } from '../modules/customers/index.ts';
import { checkVin, modelYear } from '../modules/vehicles/index.ts';
import { CustomersGenerator, type GeneratorOptions } from './customers-generator.ts';
import { dayOf } from './demo-dates.ts';
import { demoTables, emptyBatch, type DemoBatch, type DemoTableKey } from './demo-tables.ts';
import { worldFromDefinitions, type World } from './demo-world.ts';
import type { Value } from './row-buffer.ts';

type Row = Record<string, Value>;
type Rows = Record<DemoTableKey, Row[]>;

const today = dayOf('2026-03-16');
const now = new Date('2026-03-16T12:00:00Z');

function options(total: number, seed = 1): GeneratorOptions {
  return {
    seed,
    stream: 0,
    today,
    total,
    visitsPerCustomer: 5,
    firstVehicleSerial: 0,
    sealEvery: Infinity,
  };
}

function generate(world: World, total: number, batchSize: number, seed = 1): DemoBatch[] {
  const generator = new CustomersGenerator(world, options(total, seed));
  const batches: DemoBatch[] = [];
  while (!generator.done) batches.push(generator.nextBatch(batchSize));
  return batches;
}

function rowsOf(batches: DemoBatch[]): Rows {
  const rows = {} as Rows;
  for (const key of Object.keys(emptyBatch()) as DemoTableKey[]) {
    rows[key] = batches.flatMap((batch) => batch[key].rows());
  }
  return rows;
}

function literals(batches: DemoBatch[]): string {
  return batches
    .map((batch) =>
      Object.values(batch)
        .map((buffer) => buffer.arrayLiterals().join('|'))
        .join('\n'),
    )
    .join('\n');
}

const share = (part: number, whole: number) => part / whole;

describe('the demo customer generator', () => {
  let world: World;
  let rows: Rows;
  const total = 5_000;
  let dealerOf: Map<string, World['dealers'][number]>;

  beforeAll(() => {
    world = worldFromDefinitions();
    rows = rowsOf(generate(world, total, 1_000));
    const dealersById = new Map(world.dealers.map((dealer) => [dealer.id, dealer]));
    dealerOf = new Map();
    // the first link of a customer is his own dealer
    for (const link of rows.customerDealers) {
      const id = link.customer_id as string;
      if (!dealerOf.has(id)) dealerOf.set(id, dealersById.get(link.dealer_id as string)!);
    }
  });

  it('gives the same records for the same seed, whatever the batch size', () => {
    const first = literals(generate(world, 700, 700));
    const again = literals([...generate(world, 700, 700)]);
    expect(again).toBe(first);
    const inSmallBatches = rowsOf(generate(world, 700, 150));
    const inOneBatch = rowsOf(generate(world, 700, 700));
    for (const key of Object.keys(inOneBatch) as DemoTableKey[]) {
      expect(inSmallBatches[key]).toEqual(inOneBatch[key]);
    }
    expect(literals(generate(world, 700, 700, 2))).not.toBe(first);
  });

  it('keeps every row in the batch of its customer (batches load in parallel)', () => {
    for (const batch of generate(world, 1_500, 400)) {
      const ids = new Set(batch.customers.rows().map((customer) => customer.id));
      const households = new Set(batch.households.rows().map((household) => household.id));
      for (const customer of batch.customers.rows()) {
        if (customer.household_id !== null)
          expect(households.has(customer.household_id)).toBe(true);
      }
      for (const key of [
        'customerDealers',
        'phones',
        'consents',
        'vehicles',
        'serviceVisits',
        'activities',
        'tasks',
      ] as const) {
        for (const row of batch[key].rows()) {
          if (row.customer_id !== null) expect(ids.has(row.customer_id), key).toBe(true);
        }
      }
      for (const contact of batch.companyContacts.rows()) {
        expect(ids.has(contact.company_id) && ids.has(contact.person_id)).toBe(true);
      }
    }
  });

  it('writes code and time columns so that they need no quoting in an array literal', () => {
    // one expect at the end: an expect per value made this test crawl on a loaded machine
    const unquotable: string[] = [];
    for (const key of Object.keys(demoTables) as DemoTableKey[]) {
      demoTables[key].columns.forEach(([column, type]) => {
        if (type !== 'code' && type !== 'timestamptz') return;
        const shape =
          type === 'code' ? /^[A-Za-z0-9_+:./-]+$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
        for (const row of rows[key]) {
          const value = row[column];
          if (value !== null && !shape.test(String(value)))
            unquotable.push(`${key}.${column}: ${String(value)}`);
        }
      });
    }
    expect(unquotable).toEqual([]);
  });

  it('makes exactly the customers asked for, each linked to a dealer', () => {
    expect(rows.customers).toHaveLength(total);
    expect(new Set(rows.customers.map((customer) => customer.id)).size).toBe(total);
    expect(dealerOf.size).toBe(total);
    const secondLinks = rows.customerDealers.length - total;
    expect(share(secondLinks, total)).toBeGreaterThan(0.05);
    expect(share(secondLinks, total)).toBeLessThan(0.12);
  });

  it('spreads customers over the dealers, little at the parts retailer', () => {
    const perDealer = new Map<string, number>();
    for (const dealer of dealerOf.values())
      perDealer.set(dealer.code, (perDealer.get(dealer.code) ?? 0) + 1);
    for (const dealer of world.dealers) expect(perDealer.get(dealer.code) ?? 0).toBeGreaterThan(0);
    expect(share(perDealer.get('SHA02')!, total)).toBeLessThan(0.05);
    expect(share(perDealer.get('MSK01')!, total)).toBeGreaterThan(0.1);
  });

  it('has the lifecycle mix of a dealer group: about 35 % prospects and 55 % owners', () => {
    const stages = new Map<string, number>();
    for (const customer of rows.customers) {
      stages.set(
        customer.lifecycle_stage as string,
        (stages.get(customer.lifecycle_stage as string) ?? 0) + 1,
      );
    }
    expect(share(stages.get('prospect')!, total)).toBeGreaterThan(0.3);
    expect(share(stages.get('prospect')!, total)).toBeLessThan(0.4);
    expect(share(stages.get('owner')!, total)).toBeGreaterThan(0.5);
    expect(share(stages.get('owner')!, total)).toBeLessThan(0.6);
    expect(stages.get('customer')).toBeGreaterThan(0);
    expect(stages.get('lost')).toBeGreaterThan(0);
  });

  it('writes names in the script of the dealer country, gender matching the name', () => {
    let english = 0;
    for (const customer of rows.customers) {
      if (customer.kind !== 'person') continue;
      const name = `${customer.last_name}${customer.first_name}${customer.middle_name ?? ''}`;
      const dealer = dealerOf.get(customer.id as string)!;
      if (dealer.country === 'CN') {
        expect(hasHan(name), name).toBe(true);
        expect(/[A-Za-z\u0400-\u04ff]/.test(name), name).toBe(false);
        expect((customer.first_name as string).length).toBeLessThanOrEqual(2);
        expect(customer.preferred_language).toBe('zh');
      } else if (customer.preferred_language === 'en') {
        english++;
        expect(name).toMatch(/^[A-Za-z]+$/);
        expect(customer.middle_name).toBeNull();
      } else {
        expect(hasCyrillic(name), name).toBe(true);
        expect(/[A-Za-z\u3400-\u9fff]/.test(name), name).toBe(false);
        // the patronymic tells the gender: -ич for men, -на for women
        expect(customer.middle_name as string).toMatch(customer.gender === 'male' ? /ич$/ : /на$/);
        if (customer.gender === 'female' && /(ов|ев|ин)$/.test(customer.last_name as string)) {
          throw new Error(`a woman with a masculine surname: ${name}`);
        }
      }
    }
    expect(share(english, total)).toBeGreaterThan(0.01);
    expect(share(english, total)).toBeLessThan(0.08);
  });

  it('has about 5 % companies with a legal form, a tax id and categories', () => {
    const companies = rows.customers.filter((customer) => customer.kind === 'company');
    expect(share(companies.length, total)).toBeGreaterThan(0.035);
    expect(share(companies.length, total)).toBeLessThan(0.07);
    for (const company of companies) {
      expect(company.company_name).toBeTruthy();
      expect(company.tax_id).toMatch(/^(\d{10}|[0-9A-Z]{18})$/);
      expect((company.categories as string[]).length).toBeGreaterThan(0);
    }
    expect(companies.some((company) => company.legal_form === 'ООО')).toBe(true);
    expect(companies.some((company) => company.legal_form === '有限公司')).toBe(true);
    const persons = rows.customers.filter((customer) => customer.kind === 'person');
    expect(persons.some((person) => (person.categories as string[]).includes('vip'))).toBe(true);
    expect(persons.some((person) => (person.categories as string[]).includes('employee'))).toBe(
      true,
    );
    expect(rows.companyContacts.length).toBeGreaterThan(0);
  });

  it('derives display name, sort key and search text with the customers module', () => {
    for (const customer of rows.customers.slice(0, 500)) {
      const parts = {
        kind: customer.kind as 'person' | 'company',
        firstName: customer.first_name as string | null,
        middleName: customer.middle_name as string | null,
        lastName: customer.last_name as string | null,
        companyName: customer.company_name as string | null,
        legalForm: customer.legal_form as string | null,
        taxId: customer.tax_id as string | null,
      };
      expect(customer.display_name).toBe(displayName(parts));
      expect(customer.sort_key).toBe(sortKey(parts));
      expect(customer.search_text).toBe(searchText(parts));
    }
  });

  it('puts about one person in ten in a household sharing surname and address', () => {
    const persons = rows.customers.filter((customer) => customer.kind === 'person');
    const members = persons.filter((person) => person.household_id !== null);
    expect(share(members.length, persons.length)).toBeGreaterThan(0.07);
    expect(share(members.length, persons.length)).toBeLessThan(0.14);
    expect(members.some((member) => member.household_role === 'child')).toBe(true);
    const addressOf = new Map(rows.addresses.map((address) => [address.customer_id, address]));
    const byHousehold = new Map<unknown, Row[]>();
    for (const member of members)
      byHousehold.set(member.household_id, [
        ...(byHousehold.get(member.household_id) ?? []),
        member,
      ]);
    expect(byHousehold.size).toBe(rows.households.length);
    for (const family of byHousehold.values()) {
      const head = family.find((member) => member.household_role === 'head')!;
      expect(head).toBeDefined();
      for (const member of family) {
        if (member === head) continue;
        const ownAddress = addressOf.get(member.id);
        const headAddress = addressOf.get(head.id);
        if (ownAddress && headAddress) {
          expect([ownAddress.street, ownAddress.building, ownAddress.apartment]).toEqual([
            headAddress.street,
            headAddress.building,
            headAddress.apartment,
          ]);
        }
        if (member.preferred_language === 'ru') {
          // Иванов and Иванова share the stem
          expect((member.last_name as string).slice(0, 4)).toBe(
            (head.last_name as string).slice(0, 4),
          );
        }
        if (member.household_role === 'spouse') expect(member.gender).not.toBe(head.gender);
      }
    }
  });

  it('records family members with their birthdays, born after the parent', () => {
    expect(rows.familyMembers.length).toBeGreaterThan(total * 0.05);
    const customers = new Map(rows.customers.map((customer) => [customer.id, customer]));
    for (const member of rows.familyMembers) {
      const customer = customers.get(member.customer_id)!;
      expect(customer.household_id).toBeNull();
      const name = member.name as string;
      if (customer.preferred_language === 'zh') expect(hasHan(name)).toBe(true);
      if (customer.preferred_language === 'ru') expect(hasCyrillic(name)).toBe(true);
      if (member.relation === 'child') {
        expect((member.birth_date as string) > (customer.birth_date as string)).toBe(true);
      }
      expect((member.birth_date as string) <= now.toISOString().slice(0, 10)).toBe(true);
    }
  });

  it('stores phones as E.164 with raw text that reads back to it', () => {
    expect(rows.phones.length).toBeGreaterThan(total * 0.95);
    for (const phone of rows.phones) {
      const dealer = dealerOf.get(phone.customer_id as string)!;
      expect(normalizePhone(phone.raw as string, dealer.country)?.e164).toBe(phone.e164);
    }
  });

  it('gives about 70 % an e-mail, normalized to lower case', () => {
    const withEmail = new Set(rows.emails.map((email) => email.customer_id));
    expect(share(withEmail.size, total)).toBeGreaterThan(0.62);
    expect(share(withEmail.size, total)).toBeLessThan(0.78);
    for (const email of rows.emails) {
      expect(email.normalized).toBe((email.address as string).toLowerCase());
      expect(email.address).toMatch(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i);
    }
  });

  it('gives WeChat to Chinese customers and Telegram or WhatsApp to Russians', () => {
    for (const messenger of rows.messengers) {
      const dealer = dealerOf.get(messenger.customer_id as string)!;
      if (dealer.country === 'CN') expect(messenger.kind).toBe('wechat');
      else expect(['telegram', 'whatsapp', 'viber', 'vk']).toContain(messenger.kind);
    }
  });

  it('builds valid VINs whose 10th character is the model year', () => {
    expect(rows.vehicles.length).toBeGreaterThan(total * 0.5);
    const vins = new Set<unknown>();
    for (const vehicle of rows.vehicles) {
      const vin = vehicle.vin as string;
      vins.add(vin);
      const check = checkVin(vin, now);
      expect(check.valid, vin).toBe(true);
      expect(check.valid && check.warning).toBeFalsy();
      expect(modelYear(vin, now)).toBe(vehicle.model_year);
      if (vehicle.make_name === 'Geely') expect(['L6T', 'LB3', 'Y4K']).toContain(vin.slice(0, 3));
      if (vehicle.make_name === 'Haval') expect(['LGW', 'XZG']).toContain(vin.slice(0, 3));
    }
    expect(vins.size).toBe(rows.vehicles.length);
  });

  it('prices purchases from the trim in the dealer currency, with a discount', () => {
    expect(rows.purchases.length).toBeGreaterThan(total * 0.4);
    for (const purchase of rows.purchases) {
      const currency = purchase.currency as string;
      expect(['RUB', 'CNY']).toContain(currency);
      const price = purchase.price_minor as number;
      if (currency === 'RUB') expect(price).toBeGreaterThan(1_500_000 * 100);
      else expect(price).toBeLessThan(300_000 * 100);
      expect(purchase.discount_minor as number).toBeLessThan(price * 0.1);
    }
  });

  it('has about 5 service visits per customer, mileage growing visit by visit', () => {
    const perCustomer = rows.serviceVisits.length / total;
    expect(perCustomer).toBeGreaterThan(4.2);
    expect(perCustomer).toBeLessThan(5.8);
    const lastByVehicle = new Map<unknown, { date: string; km: number }>();
    for (const visit of rows.serviceVisits) {
      const previous = lastByVehicle.get(visit.vehicle_id);
      if (previous) {
        expect((visit.visit_date as string) >= previous.date).toBe(true);
        expect(visit.mileage_km as number).toBeGreaterThan(previous.km);
      }
      lastByVehicle.set(visit.vehicle_id, {
        date: visit.visit_date as string,
        km: visit.mileage_km as number,
      });
      expect(visit.advisor_user_id).not.toBeNull();
    }
  });

  it('numbers repair orders per dealer and year without repeating one (a unique key)', () => {
    const seen = new Set<string>();
    for (const visit of rows.serviceVisits) {
      const key = `${visit.dealer_id as string} ${visit.order_number as string}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      const dealer = world.dealers.find((one) => one.id === visit.dealer_id)!;
      const year = (visit.visit_date as string).slice(2, 4);
      expect(visit.order_number).toMatch(new RegExp(`^${dealer.code}-${year}-\\d{6,}$`));
    }
    // a second load continues after the visits already there
    const more = new CustomersGenerator(world, { ...options(50, 2), firstOrderSerial: 999_999 });
    const second = rowsOf([more.nextBatch(50)]).serviceVisits;
    expect(second.length).toBeGreaterThan(0);
    for (const visit of second) expect(visit.order_number).toMatch(/-\d{2}-1\d{6}$/);
  });

  it('records 2 to 5 contacts per customer, in the past', () => {
    const perCustomer = new Map<unknown, number>();
    for (const activity of rows.activities) {
      perCustomer.set(activity.customer_id, (perCustomer.get(activity.customer_id) ?? 0) + 1);
      expect((activity.occurred_at as string) < now.toISOString().slice(0, 10) + 'T23:59').toBe(
        true,
      );
    }
    expect(perCustomer.size).toBe(total);
    for (const count of perCustomer.values()) {
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(5);
    }
    expect(rows.activities.some((activity) => activity.next_contact_at !== null)).toBe(true);
  });

  it('assigns most customers of sales dealers to a consultant of that dealer', () => {
    const consultantsOf = new Map(
      world.dealers.map((dealer) => [
        dealer.id,
        new Set(dealer.consultants.map((user) => user.id)),
      ]),
    );
    const salesLinks = rows.customerDealers.filter(
      (link, index, all) =>
        consultantsOf.get(link.dealer_id as string)!.size > 0 &&
        all.findIndex((other) => other.customer_id === link.customer_id) === index,
    );
    const assigned = salesLinks.filter((link) => link.assigned_user_id !== null);
    expect(share(assigned.length, salesLinks.length)).toBeGreaterThan(0.8);
    expect(share(assigned.length, salesLinks.length)).toBeLessThan(0.9);
    for (const link of assigned) {
      expect(
        consultantsOf.get(link.dealer_id as string)!.has(link.assigned_user_id as string),
      ).toBe(true);
    }
  });

  it('keeps consents per channel, withdrawals after the grant', () => {
    const grants = new Map<string, string>();
    for (const consent of rows.consents) {
      const key = `${consent.customer_id}:${consent.channel}`;
      if (consent.status === 'granted') grants.set(key, consent.effective_at as string);
      else expect((consent.effective_at as string) > grants.get(key)!).toBe(true);
    }
    expect(rows.consents.some((consent) => consent.status === 'withdrawn')).toBe(true);
    expect(rows.consents.every((consent) => consent.method !== null)).toBe(true);
    // recorded by the staff of the customer's dealer
    const staff = new Set(
      world.dealers.flatMap((dealer) =>
        [...dealer.consultants, ...dealer.advisors, ...dealer.crm, ...dealer.managers].map(
          (user) => user.id,
        ),
      ),
    );
    expect(rows.consents.every((consent) => staff.has(consent.recorded_by as string))).toBe(true);
    // some customers never agreed to anything on a channel they have
    const withEmail = new Set(rows.emails.map((email) => email.customer_id));
    const emailGrants = rows.consents.filter(
      (consent) =>
        consent.channel === 'email' &&
        consent.status === 'granted' &&
        consent.purpose === 'marketing',
    );
    expect(emailGrants.length).toBeLessThan(withEmail.size);
    // buyers and owners who agreed to e-mail also agreed to service e-mails, and only they
    const stageOf = new Map(rows.customers.map((c) => [c.id as string, c.lifecycle_stage]));
    const serviceGrants = rows.consents.filter((consent) => consent.purpose === 'service');
    expect(serviceGrants.length).toBeGreaterThan(0);
    expect(
      serviceGrants.every(
        (consent) =>
          consent.channel === 'email' &&
          ['owner', 'customer'].includes(stageOf.get(consent.customer_id as string) as string) &&
          emailGrants.some(
            (grant) =>
              grant.customer_id === consent.customer_id &&
              grant.effective_at === consent.effective_at,
          ),
      ),
    ).toBe(true);
    expect(new Set(rows.consents.map((consent) => consent.id)).size).toBe(rows.consents.length);
  });

  it('gives every demo user something due today, overdue and coming in "My day"', () => {
    const small = rowsOf(generate(world, 300, 300));
    const open = small.tasks.filter((task) => task.status === 'open');
    const day = now.toISOString().slice(0, 10);
    const users = [
      ...world.dealers.flatMap((dealer) => [
        ...dealer.consultants,
        ...dealer.advisors,
        ...dealer.crm,
        ...dealer.managers,
      ]),
      ...world.groupUsers,
    ];
    for (const user of users) {
      const mine = open.filter((task) => task.assignee_user_id === user.id);
      expect(
        mine.some((task) => (task.due_at as string).startsWith(day)),
        user.email,
      ).toBe(true);
      expect(
        mine.some((task) => (task.due_at as string) < day),
        user.email,
      ).toBe(true);
      expect(
        mine.some((task) => (task.due_at as string) > `${day}T23:59`),
        user.email,
      ).toBe(true);
    }
    const smallCustomers = new Map(small.customers.map((customer) => [customer.id, customer]));
    expect(open.every((task) => smallCustomers.has(task.customer_id))).toBe(true);
    expect(small.tasks.some((task) => task.status === 'done' && task.result !== null)).toBe(true);
  });
});
