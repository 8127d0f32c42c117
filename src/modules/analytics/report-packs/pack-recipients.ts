import { sql } from 'kysely';
import { rolePermissions, type Locale, type RoleKey } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { dealerZone } from '../../org/index.ts';
import type { PackScope } from './pack-render.ts';

/** Someone who may receive a pack: his pack (the scope he is attached to) and his switch. */
export type PackRecipient = {
  userId: string;
  email: string;
  displayName: string;
  role: RoleKey;
  locale: Locale;
  dealerId: string | null;
  /** 'dealer:<id>', 'region:<id>', 'brand:<id>' or 'group': the idempotency key's pack part */
  pack: string;
  scope: PackScope;
  /** the dealer's time zone, or the group's for staff above the dealers */
  timeZone: string;
  enabled: boolean;
  /** no own choice stored: `enabled` is the default of the role */
  byDefault: boolean;
};

/** Only those who may read the dashboards get packs: the pack is a dashboard by mail. */
export const packRoles = (Object.keys(rolePermissions) as RoleKey[]).filter((role) =>
  rolePermissions[role].includes('analytics:read'),
);

/** The default: the dealer's managers get its pack unless they switch it off. */
export function subscribedByDefault(role: RoleKey, dealerId: string | null): boolean {
  return dealerId !== null && (role === 'dealer_manager' || role === 'crm_manager');
}

export type RecipientFilter = {
  userId?: string;
  userIds?: string[];
  dealerId?: string;
  enabledOnly?: boolean;
};

/** Active users who may receive a pack, with their pack, time zone and switch. */
export async function packRecipients(
  db: Db,
  filter: RecipientFilter = {},
): Promise<PackRecipient[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
    .leftJoin('regions as r', 'r.id', 'u.region_id')
    .leftJoin('brands as b', 'b.id', 'u.brand_id')
    .leftJoin('report_subscriptions as s', 's.user_id', 'u.id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.locale',
      'u.dealer_id',
      'u.region_id',
      'u.brand_id',
      'd.code as dealer_code',
      'r.code as region_code',
      'b.code as brand_code',
      's.enabled',
      dealerZone(sql.ref('u.dealer_id')).as('time_zone'),
    ])
    .where('u.active', '=', true)
    .where('u.role', 'in', packRoles)
    .$if(filter.userId !== undefined, (q) => q.where('u.id', '=', filter.userId!))
    .$if(filter.userIds !== undefined, (q) =>
      filter.userIds!.length
        ? q.where('u.id', 'in', filter.userIds!)
        : q.where(sql<boolean>`false`),
    )
    .$if(filter.dealerId !== undefined, (q) => q.where('u.dealer_id', '=', filter.dealerId!))
    .orderBy('u.display_name')
    .execute();
  const recipients = rows.map((row): PackRecipient => {
    const [pack, scope]: [string, PackScope] = row.dealer_id
      ? [`dealer:${row.dealer_id}`, { kind: 'dealer', code: row.dealer_code }]
      : row.region_id
        ? [`region:${row.region_id}`, { kind: 'region', code: row.region_code }]
        : row.brand_id
          ? [`brand:${row.brand_id}`, { kind: 'brand', code: row.brand_code }]
          : ['group', { kind: 'group', code: null }];
    return {
      userId: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      locale: row.locale,
      dealerId: row.dealer_id,
      pack,
      scope,
      timeZone: row.time_zone,
      enabled: row.enabled ?? subscribedByDefault(row.role, row.dealer_id),
      byDefault: row.enabled === null,
    };
  });
  return filter.enabledOnly ? recipients.filter((recipient) => recipient.enabled) : recipients;
}
