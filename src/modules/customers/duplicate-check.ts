import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

/** An existing customer that may be the person just entered. */
export type PossibleDuplicate = {
  id: string;
  displayName: string;
  probability: number;
  /** the fields that spoke for a match (phone, email, lastName, birthDate ...) */
  matchedOn: string[];
};

export type DuplicateCheck = (
  db: Db,
  actor: Actor,
  customerId: string,
) => Promise<PossibleDuplicate[]>;

/**
 * The check at capture is the quality module's matching engine; it registers here (customers
 * may not import the modules above it), and a customer is created without it when absent.
 */
let check: DuplicateCheck | null = null;
export function registerDuplicateCheck(fn: DuplicateCheck): void {
  check = fn;
}

/** The likely duplicates in the actor's scope of a customer just created, most probable first. */
export async function possibleDuplicatesOf(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<PossibleDuplicate[]> {
  return check ? check(db, actor, customerId) : [];
}
