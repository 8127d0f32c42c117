import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import type { CreateHouseholdInput } from './households.schemas.ts';
import { assertCustomerVisible } from './visibility.ts';

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
  return withActor(db, actor, async (tx) => {
    for (const member of input.members) await assertCustomerVisible(tx, actor, member.customerId);
    const ids = input.members.map((member) => member.customerId);
    const kinds = new Map(
      (
        await tx.selectFrom('customers').select(['id', 'kind']).where('id', 'in', ids).execute()
      ).map((row) => [row.id, row.kind]),
    );
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
    for (const member of input.members) {
      await tx
        .updateTable('customers')
        .set({ household_id: id, household_role: member.role ?? null })
        .where('id', '=', member.customerId)
        .execute();
    }
    return { id };
  });
}
