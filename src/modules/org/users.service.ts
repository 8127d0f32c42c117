import type { Actor, Locale, RoleKey, Tx } from '../../auth/index.ts';
import {
  dealerVisible,
  findUserByEmail,
  hashPassword,
  insertUser,
  minPasswordLength,
  roleAttachments,
  withActor,
} from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isValidEmail } from '../../lib/email.ts';
import {
  ConflictError,
  ForbiddenError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { findBrandByCode, findDealerByCode, findRegionByCode } from './org.service.ts';
import type { DepartmentKind } from './schema.ts';

export type NewUserInput = {
  email: string;
  password: string;
  displayName?: string;
  role: RoleKey;
  dealerCode?: string;
  regionCode?: string;
  brandCode?: string;
  locale?: Locale;
  phone?: string;
};

const roleDepartment: Partial<Record<RoleKey, DepartmentKind>> = {
  sales_consultant: 'sales',
  service_advisor: 'service',
  crm_manager: 'crm',
  call_center: 'crm',
  data_steward: 'crm',
};

/** Roles a dealer manager may hand out inside his own dealer. */
const dealerGrantable: RoleKey[] = [
  'crm_manager',
  'sales_consultant',
  'service_advisor',
  'call_center',
  'data_steward',
  'analyst',
];

export type UserView = {
  id: string;
  email: string;
  displayName: string;
  role: RoleKey;
  dealerCode: string | null;
  regionCode: string | null;
  brandCode: string | null;
  locale: Locale;
  active: boolean;
  onDuty: boolean;
  lastLoginAt: string | null;
};

export async function createUser(db: Db, actor: Actor, input: NewUserInput): Promise<UserView> {
  const problems: FieldProblem[] = [];
  if (!isValidEmail(input.email))
    problems.push({ path: 'email', message: 'not a valid e-mail address', code: 'invalid_email' });
  if (input.password.length < minPasswordLength) {
    problems.push({ path: 'password', message: `at least ${minPasswordLength} characters` });
  }
  const attachments = [
    input.dealerCode ? 'dealer' : null,
    input.regionCode ? 'region' : null,
    input.brandCode ? 'brand' : null,
  ].filter((value): value is 'dealer' | 'region' | 'brand' => value !== null);
  if (attachments.length > 1) {
    problems.push({ path: 'dealerCode', message: 'give at most one of dealer, region or brand' });
  }
  const attachment = attachments[0] ?? 'group';
  if (!roleAttachments[input.role].includes(attachment)) {
    const allowed = roleAttachments[input.role].join(' or ');
    const path =
      attachment === 'group' ? `${roleAttachments[input.role][0]}Code` : `${attachment}Code`;
    problems.push({ path, message: `role ${input.role} belongs to a ${allowed}` });
  }
  if (problems.length) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const dealer = input.dealerCode ? await findDealerByCode(tx, input.dealerCode) : undefined;
    const region = input.regionCode ? await findRegionByCode(tx, input.regionCode) : undefined;
    const brand = input.brandCode ? await findBrandByCode(tx, input.brandCode) : undefined;
    if (input.dealerCode && !dealer)
      throw new ValidationError([
        { path: 'dealerCode', message: `no dealer ${input.dealerCode}`, code: 'unknown_dealer' },
      ]);
    if (input.regionCode && !region)
      throw new ValidationError([{ path: 'regionCode', message: `no region ${input.regionCode}` }]);
    if (input.brandCode && !brand)
      throw new ValidationError([{ path: 'brandCode', message: `no brand ${input.brandCode}` }]);

    if (actor.role !== 'group_admin') {
      const ownDealer = actor.dealerId !== null && dealer?.id === actor.dealerId;
      if (!ownDealer || !dealerGrantable.includes(input.role)) {
        throw new ForbiddenError('You may create only staff roles of your own dealer');
      }
    }
    if (await findUserByEmail(tx, input.email)) {
      throw new ConflictError('A user with this e-mail exists', [
        { path: 'email', message: 'taken', code: 'taken' },
      ]).because('user_email_taken');
    }
    const departmentKind = roleDepartment[input.role];
    const department =
      dealer && departmentKind
        ? await tx
            .selectFrom('departments')
            .select('id')
            .where('dealer_id', '=', dealer.id)
            .where('kind', '=', departmentKind)
            .executeTakeFirst()
        : undefined;
    const user = await insertUser(tx, {
      email: input.email,
      displayName: input.displayName?.trim() || input.email.split('@')[0]!,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      dealerId: dealer?.id ?? null,
      departmentId: department?.id ?? null,
      regionId: region?.id ?? null,
      brandId: brand?.id ?? null,
      locale: input.locale ?? 'en',
      phone: input.phone ?? null,
    });
    const [view] = await userViews(tx, [user.id]);
    return view!;
  });
}

function baseUserQuery(db: Db | Tx) {
  return db
    .selectFrom('users as u')
    .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
    .leftJoin('regions as r', 'r.id', 'u.region_id')
    .leftJoin('brands as b', 'b.id', 'u.brand_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.locale',
      'u.active',
      'u.on_duty',
      'u.last_login_at',
      'd.code as dealer_code',
      'r.code as region_code',
      'b.code as brand_code',
    ]);
}

type UserViewRow = Awaited<ReturnType<ReturnType<typeof baseUserQuery>['execute']>>[number];

function toView(row: UserViewRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    dealerCode: row.dealer_code,
    regionCode: row.region_code,
    brandCode: row.brand_code,
    locale: row.locale,
    active: row.active,
    onDuty: row.on_duty,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

async function userViews(db: Db | Tx, ids: string[]): Promise<UserView[]> {
  const rows = await baseUserQuery(db).where('u.id', 'in', ids).execute();
  return rows.map(toView);
}

/** Users the actor may see: everyone for the group; otherwise the staff of his dealers. */
export async function listUsers(
  db: Db,
  actor: Actor,
  filter: { dealerCode?: string; role?: RoleKey } = {},
): Promise<UserView[]> {
  let query = baseUserQuery(db)
    .where((eb) =>
      eb.or([dealerVisible(actor, eb.ref('u.dealer_id')), eb('u.id', '=', actor.userId ?? '')]),
    )
    .orderBy('u.display_name');
  if (filter.dealerCode) query = query.where('d.code', '=', filter.dealerCode.toUpperCase());
  if (filter.role) query = query.where('u.role', '=', filter.role);
  return (await query.execute()).map(toView);
}

/** Whether the user works at the dealer now: the check behind every "assign to" and "book with". */
export async function isActiveUserOf(
  db: Db | Tx,
  userId: string,
  dealerId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('dealer_id', '=', dealerId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row != null;
}
