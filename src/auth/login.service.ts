import type { Db } from '../db/database.ts';
import { AppError } from '../lib/errors.ts';
import crypto from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findUserByEmail, normalizeLogin, type UserRow } from './users.repository.ts';

/**
 * Login throttle, kept in the database so that it holds across server processes:
 * at most 5 failed attempts per account and 30 per client address in 15 minutes.
 */
const windowMs = 15 * 60 * 1000;
const maxFailuresPerAccount = 5;
const maxFailuresPerAddress = 30;

export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many failed sign-in attempts. Try again later.');
  }
}

// A hash to verify against when the account does not exist, so that a wrong e-mail takes as
// long as a wrong password and does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
function hashForUnknownAccounts(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

export async function authenticate(
  db: Db,
  email: string,
  password: string,
  ip: string,
): Promise<UserRow | undefined> {
  const login = normalizeLogin(email);
  const since = new Date(Date.now() - windowMs);
  const failures = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('email_normalized', '=', login).as('for_account'),
      eb.fn.countAll<number>().filterWhere('ip', '=', ip).as('for_address'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email_normalized', '=', login), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  if (
    failures.for_account >= maxFailuresPerAccount ||
    failures.for_address >= maxFailuresPerAddress
  ) {
    throw new TooManyAttemptsError(windowMs / 1000);
  }

  const user = await findUserByEmail(db, login);
  const ok = await verifyPassword(
    user?.password_hash ?? (await hashForUnknownAccounts()),
    password,
  );
  const succeeded = Boolean(user && user.active && user.password_hash && ok);
  await db
    .insertInto('login_attempts')
    .values({ email_normalized: login, ip, succeeded })
    .execute();
  if (!succeeded || !user) return undefined;
  await db
    .updateTable('users')
    .set({ last_login_at: new Date() })
    .where('id', '=', user.id)
    .execute();
  return user;
}
