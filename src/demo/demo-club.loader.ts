import { sql } from 'kysely';
import { systemActor, withActor } from '../auth/index.ts';
import type { Db } from '../db/database.ts';
import {
  addPerk,
  createClub,
  createEvent,
  createPartner,
  recordAttendance,
  registerForEvent,
  runClubCycle,
} from '../modules/club/index.ts';

export type ClubLoadReport = { clubs: number; members: number; ledgerRows: number };

const dayMs = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The owners clubs of the demo: one club per brand, about two owners in five enrolled (set-based,
 * at the dealer of their latest purchase, segments from their car and interests), points
 * credited by the real club cycle from their purchases and visits, some redemptions, a past
 * event with attendance and an upcoming one per dealer, and partner merchants with perks.
 * Loading again adds nothing twice (clubs and members are matched by code and customer).
 */
export async function loadDemoClub(
  db: Db,
  options: { seed: number; today?: Date },
): Promise<ClubLoadReport> {
  const actor = systemActor('demo');
  const now = options.today ?? new Date();
  const earnFrom = isoDay(new Date(now.getTime() - 6 * 365 * dayMs));
  const brands = await db
    .selectFrom('brands')
    .select(['id', 'code', 'name'])
    .orderBy('code')
    .execute();
  let clubs = 0;
  for (const brand of brands) {
    let club = await db
      .selectFrom('clubs')
      .select(['id', 'code'])
      .where('brand_id', '=', brand.id)
      .executeTakeFirst();
    if (!club) {
      const created = await createClub(db, actor, {
        code: `${brand.code.slice(0, 10)}-CLUB`,
        name: `${brand.name} Owners Club`,
        brandCode: brand.code,
        currency: 'RUB',
        earnFrom,
      });
      club = { id: created.id, code: created.code };
      clubs += 1;
    }
    await enrolOwners(db, club, options.seed);
  }
  await runClubCycle(db, isoDay(now));
  await redeemSome(db, options.seed);
  await eventsAndPartners(db, now);
  const members = await db
    .selectFrom('club_members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const ledger = await db
    .selectFrom('club_points_ledger')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { clubs, members: Number(members.n), ledgerRows: Number(ledger.n) };
}

/** About 40 % of the brand's owners, picked by a seeded hash so that a reload picks the same. */
async function enrolOwners(db: Db, club: { id: string; code: string }, seed: number) {
  await withActor(db, systemActor('demo'), async (tx) => {
    await sql`
      with owners as (
        select distinct on (p.customer_id) p.customer_id, p.dealer_id, p.purchase_date,
               v.model_name
          from vehicle_purchases p
          join vehicles v on v.id = p.vehicle_id
          join catalog_makes k on k.id = v.make_id
          join clubs c on c.id = ${club.id} and k.brand_id = c.brand_id
          join customer_dealers cd on cd.customer_id = p.customer_id and cd.dealer_id = p.dealer_id
         where p.dealer_id is not null
           and abs(hashtext(p.customer_id::text || ${String(seed)})) % 5 < 2
           and not exists (select 1 from club_members m
                            where m.club_id = ${club.id} and m.customer_id = p.customer_id)
         order by p.customer_id, p.purchase_date desc),
      numbered as (
        select o.*, row_number() over (order by o.purchase_date, o.customer_id)
                    + coalesce((select next_seq - 1 from club_number_counters
                                 where club_id = ${club.id}), 0) as seq
          from owners o)
      insert into club_members (club_id, customer_id, member_number, joined_on, home_dealer_id,
                                tier_id, tier_since, tags)
      select ${club.id}, n.customer_id, ${club.code} || '-' || lpad(n.seq::text, 6, '0'),
             n.purchase_date, n.dealer_id,
             (select t.id from club_tiers t where t.club_id = ${club.id} order by t.rank limit 1),
             n.purchase_date,
             array_remove(array['model:' || n.model_name] ||
               coalesce((select array_agg('hobby:' || i) from unnest(cu.interests[1:3]) i), '{}'),
               null)
        from numbered n
        join customers cu on cu.id = n.customer_id`.execute(tx);
    await sql`
      insert into club_number_counters (club_id, next_seq)
      select ${club.id}, count(*) + 1 from club_members where club_id = ${club.id}
      on conflict (club_id) do update set next_seq = excluded.next_seq`.execute(tx);
  });
}

/** One member in five with 1,000 points or more took a car wash package for 500 points. */
async function redeemSome(db: Db, seed: number) {
  await withActor(db, systemActor('demo'), (tx) =>
    sql`
      insert into club_points_ledger (member_id, customer_id, club_id, source, points, reason,
                                      occurred_on)
      select m.id, m.customer_id, m.club_id, 'redemption', -500, 'car wash and detailing package',
             current_date - (abs(hashtext(m.id::text)) % 200)
        from club_members m
        join club_point_balances b on b.member_id = m.id
       where b.balance >= 1000
         and abs(hashtext(m.id::text || ${String(seed)})) % 5 = 0
         and not exists (select 1 from club_points_ledger l
                          where l.member_id = m.id and l.source = 'redemption')`.execute(tx),
  );
}

/** Per dealer: a golf day two months ago with its attendees, a self-drive tour next month. */
async function eventsAndPartners(db: Db, now: Date) {
  const actor = systemActor('demo');
  const clubs = await db.selectFrom('clubs').select(['id']).execute();
  for (const club of clubs) {
    const planned = await db
      .selectFrom('club_events')
      .select('id')
      .where('club_id', '=', club.id)
      .limit(1)
      .executeTakeFirst();
    if (planned) continue;
    const dealers = await db
      .selectFrom('club_members as m')
      .innerJoin('dealers as d', 'd.id', 'm.home_dealer_id')
      .select(['d.code', 'd.id'])
      .where('m.club_id', '=', club.id)
      .groupBy(['d.code', 'd.id'])
      .execute();
    for (const dealer of dealers) {
      const members = await db
        .selectFrom('club_members')
        .select('id')
        .where('club_id', '=', club.id)
        .where('home_dealer_id', '=', dealer.id)
        .where('status', '=', 'active')
        .orderBy('member_number')
        .limit(14)
        .execute();
      const past = await createEvent(db, actor, club.id, {
        title: 'Owners golf day',
        kind: 'golf',
        venue: 'Country golf club',
        startsAt: new Date(now.getTime() - 60 * dayMs).toISOString(),
        capacity: 30,
        dealerCode: dealer.code,
      });
      if (members.length > 0)
        await recordAttendance(
          db,
          actor,
          past.id,
          members.slice(0, 8).map((member) => member.id),
        );
      const next = await createEvent(db, actor, club.id, {
        title: 'Spring self-drive tour',
        kind: 'self_drive_tour',
        venue: 'Meeting point at the dealership',
        startsAt: new Date(now.getTime() + 30 * dayMs).toISOString(),
        capacity: 20,
        dealerCode: dealer.code,
      });
      for (const member of members.slice(8, 13))
        await registerForEvent(db, actor, next.id, member.id);
    }
    const golf = await createPartner(db, actor, club.id, {
      name: 'Pine Creek Golf Club',
      category: 'golf',
    });
    await addPerk(db, actor, golf.id, { title: '10 % off lessons', minTierCode: 'ordinary' });
    await addPerk(db, actor, golf.id, {
      title: 'Free green fee once a year',
      minTierCode: 'premium',
    });
    const hotel = await createPartner(db, actor, club.id, {
      name: 'Riverside Hotel',
      category: 'hotel',
    });
    await addPerk(db, actor, hotel.id, { title: 'Late check-out', minTierCode: 'middle' });
  }
}
