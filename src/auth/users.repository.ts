import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from './transaction.ts';
import type { AuthTables } from './schema.ts';
import type { Locale, RoleKey } from './roles.ts';

export type UserRow = Selectable<AuthTables['users']>;

export function normalizeLogin(email: string): string {
  return email.trim().toLowerCase();
}

export type NewUser = {
  email: string;
  displayName: string;
  passwordHash: string | null;
  role: RoleKey;
  dealerId?: string | null;
  departmentId?: string | null;
  regionId?: string | null;
  brandId?: string | null;
  locale?: Locale;
  phone?: string | null;
};

export async function insertUser(tx: Tx | Db, user: NewUser): Promise<UserRow> {
  return tx
    .insertInto('users')
    .values({
      email: user.email.trim(),
      email_normalized: normalizeLogin(user.email),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      dealer_id: user.dealerId ?? null,
      department_id: user.departmentId ?? null,
      region_id: user.regionId ?? null,
      brand_id: user.brandId ?? null,
      locale: user.locale ?? 'en',
      phone: user.phone ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Db | Tx, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email_normalized', '=', normalizeLogin(email))
    .executeTakeFirst();
}

export async function findUserById(db: Db | Tx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
