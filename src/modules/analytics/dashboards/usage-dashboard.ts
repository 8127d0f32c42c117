import { sql } from 'kysely';
import { dealerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { aggregatesAsOf } from '../aggregates/refresh.ts';
import type { ResolvedFilter } from './dashboard-filters.ts';
import { filtersOf } from './prospects-dashboard.ts';
import { ratio, type Report } from './report.ts';

/**
 * How every dealer and user works with the system (seed 000: the group sees how each unit uses
 * the CRM): per active user of the dealers in the actor's scope, successful logins and contacts
 * logged in the period (pre-aggregated per user and day), and the tasks overdue now. Group, brand and region staff (no dealer) are
 * shown to group users only. Channel and model-series filters do not apply here.
 */
export async function usageDashboard(
  db: Db,
  actor: Actor,
  filter: ResolvedFilter,
): Promise<Report> {
  const asOf = aggregatesAsOf(db, ['usage']);
  const users = db
    .selectFrom('users as u')
    .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
    .where('u.active', '=', true)
    .where((eb) =>
      actor.scope.level === 'group'
        ? sql<boolean>`true`
        : dealerVisible(actor, eb.ref('u.dealer_id')),
    )
    .$if(filter.dealerId !== undefined, (q) => q.where('u.dealer_id', '=', filter.dealerId!))
    .$if(filter.regionId !== undefined, (q) => q.where('d.region_id', '=', filter.regionId!))
    .$if(filter.brandId !== undefined, (q) =>
      q.where(
        sql<boolean>`exists (select 1 from dealer_brands ub
          where ub.dealer_id = u.dealer_id and ub.brand_id = ${filter.brandId})`,
      ),
    )
    .$if(filter.consultantId !== undefined, (q) => q.where('u.id', '=', filter.consultantId!));
  // The period's days of the users shown, summed in one grouped pass (aggregates/
  // aftersales-aggregates.ts: refreshUsageDays). A user's days lie on as many pages as he has
  // days, so summing them per user in a subquery read each page three times over: 713,000
  // buffers for the group's 900 users at 1M customers, against one pass over the table here.
  const period = db
    .selectFrom('analytics_usage_daily as ud')
    .where('ud.user_id', 'in', users.select('u.id'))
    .where(sql<boolean>`ud.day >= ${filter.from}::date and ud.day <= ${filter.to}::date`)
    .select([
      'ud.user_id',
      sql<number>`sum(ud.logins)`.as('logins'),
      sql<number>`sum(ud.activities)`.as('activities'),
    ])
    .groupBy('ud.user_id');
  const rows = await users
    .leftJoin(period.as('p'), 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'd.code as dealer_code',
      sql<number>`coalesce(p.logins, 0)`.as('logins'),
      sql<number>`coalesce(p.activities, 0)`.as('activities'),
      // the latest day with a sign-in holds the last one (days are UTC days of last_login_at):
      // a walk back along the key finds it at the first such row
      sql<Date | null>`(select ud.last_login_at from analytics_usage_daily ud
         where ud.user_id = u.id and ud.day <= ${filter.to}::date
           and ud.last_login_at is not null
         order by ud.day desc limit 1)`.as('last_login'),
      sql<number>`(select count(*) from tasks t
         where t.assignee_user_id = u.id and t.status = 'open' and t.due_at < now())`.as('overdue'),
    ])
    .orderBy(sql`d.code nulls first`)
    .orderBy('u.display_name')
    .execute();

  type DealerUsage = {
    users: number;
    active: number;
    logins: number;
    activities: number;
    overdue: number;
  };
  const dealers = new Map<string, DealerUsage>();
  for (const row of rows) {
    const key = row.dealer_code ?? '';
    const usage = dealers.get(key) ?? { users: 0, active: 0, logins: 0, activities: 0, overdue: 0 };
    usage.users++;
    if (Number(row.logins) > 0 || Number(row.activities) > 0) usage.active++;
    usage.logins += Number(row.logins);
    usage.activities += Number(row.activities);
    usage.overdue += Number(row.overdue);
    dealers.set(key, usage);
  }
  const totals = [...dealers.values()].reduce(
    (sum, usage) => ({
      users: sum.users + usage.users,
      active: sum.active + usage.active,
      logins: sum.logins + usage.logins,
      activities: sum.activities + usage.activities,
      overdue: sum.overdue + usage.overdue,
    }),
    { users: 0, active: 0, logins: 0, activities: 0, overdue: 0 },
  );
  return {
    name: 'usage',
    asOf: (await asOf)?.toISOString() ?? null,
    filters: filtersOf(filter),
    kpis: [
      { key: 'users', kind: 'count', value: totals.users },
      { key: 'activeUserShare', kind: 'ratio', value: ratio(totals.active, totals.users) },
      { key: 'logins', kind: 'count', value: totals.logins },
      { key: 'activities', kind: 'count', value: totals.activities },
      { key: 'overdueTasks', kind: 'count', value: totals.overdue },
    ],
    tables: [
      {
        key: 'perDealer',
        columns: [
          { key: 'dealer', kind: 'text' },
          { key: 'users', kind: 'count' },
          { key: 'activeUserShare', kind: 'ratio' },
          { key: 'logins', kind: 'count' },
          { key: 'activities', kind: 'count' },
          { key: 'overdueTasks', kind: 'count' },
        ],
        rows: [...dealers.entries()].map(([dealer, usage]) => [
          dealer || null,
          usage.users,
          ratio(usage.active, usage.users),
          usage.logins,
          usage.activities,
          usage.overdue,
        ]),
      },
      {
        key: 'perUser',
        columns: [
          { key: 'user', kind: 'text' },
          { key: 'dealer', kind: 'text' },
          { key: 'role', kind: 'text' },
          { key: 'logins', kind: 'count' },
          { key: 'activities', kind: 'count' },
          { key: 'overdueTasks', kind: 'count' },
          { key: 'lastLogin', kind: 'text' },
        ],
        rows: rows.map((row) => [
          row.display_name,
          row.dealer_code,
          row.role,
          Number(row.logins),
          Number(row.activities),
          Number(row.overdue),
          row.last_login ? new Date(row.last_login).toISOString() : null,
        ]),
      },
    ],
  };
}
