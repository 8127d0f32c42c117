import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import type { CreateHouseholdInput } from './households.schemas.ts';

/**
 * Creates a household and puts the given persons in it (moving a person out of an earlier
 * household, as changing his `householdId` does). Every member must be a person the actor
 * sees: one outside his scope answers 404 as any unseen customer does, and nothing is written.
 * Joining or leaving an existing household later is `PATCH /api/customers/:id`
 * (`householdId`, `householdRole`).
 */
export async function createHousehold(
  db: Db,
  actor: Actor,
  input: CreateHouseholdInput,
): Promise<{ id: string }> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError('You may not change customers');
  const ids = input.members.map((member) => member.customerId);
  return withActor(db, actor, async (tx) => {
    // one scoped read for all members (up to 20), not one visibility query per member
    const kinds = new Map(
      (
        await tx
          .selectFrom('customers as c')
          .select(['c.id', 'c.kind'])
          .where('c.id', 'in', ids)
          .where((eb) => customerVisible(actor, eb.ref('c.id')))
          .execute()
      ).map((row) => [row.id, row.kind]),
    );
    if (ids.some((id) => !kinds.has(id))) throw new NotFoundError('Customer');
    const problems: FieldProblem[] = [];
    input.members.forEach((member, index) => {
      const path = `members.${index}.customerId`;
      if (ids.indexOf(member.customerId) !== index) {
        problems.push({ path, message: 'given twice', code: 'duplicate' });
      } else if (kinds.get(member.customerId) !== 'person') {
        problems.push({
          path,
          message: 'only a person can be in a household',
          code: 'not_a_person',
        });
      }
    });
    if (problems.length) throw new ValidationError(problems);
    const { id } = await tx
      .insertInto('households')
      .values({ name: input.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    // every member with his own role in one statement
    const roles = sql.join(
      input.members.map(
        (member) => sql`(${member.customerId}::uuid, ${member.role ?? null}::text)`,
      ),
    );
    await sql`
      update customers as c
         set household_id = ${id}, household_role = member.role
        from (values ${roles}) as member (customer_id, role)
       where c.id = member.customer_id
    `.execute(tx);
    return { id };
  });
}
