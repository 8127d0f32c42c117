import type { Actor } from '../../../auth/index.ts';
import { withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { Tx } from '../../../auth/index.ts';
import { ForbiddenError, ValidationError } from '../../../lib/errors.ts';

export type DuplicateSettings = {
  /** pairs from this probability on are proposed for review */
  reviewLower: number;
  /** pairs from this probability on are merged without review when `autoMerge` is on */
  reviewUpper: number;
  autoMerge: boolean;
};

export async function duplicateSettings(db: Db | Tx): Promise<DuplicateSettings> {
  const row = await db
    .selectFrom('quality_settings')
    .select(['review_lower', 'review_upper', 'auto_merge'])
    .executeTakeFirst();
  // The migration inserts the one row; these are its defaults should it have been removed.
  return {
    reviewLower: Number(row?.review_lower ?? 0.5),
    reviewUpper: Number(row?.review_upper ?? 0.98),
    autoMerge: row?.auto_merge ?? false,
  };
}

/** The thresholds are the group's: only a steward or manager of the whole group sets them. */
export async function updateDuplicateSettings(
  db: Db,
  actor: Actor,
  input: DuplicateSettings,
): Promise<DuplicateSettings> {
  if (actor.scope.level !== 'group') {
    throw new ForbiddenError('The de-duplication settings are the group’s').because(
      'group_level_only',
    );
  }
  if (input.reviewLower >= input.reviewUpper) {
    throw new ValidationError([
      {
        path: 'reviewLower',
        message: 'must be below the upper threshold',
        code: 'quality.lower_above_upper',
      },
    ]);
  }
  return withActor(db, actor, async (tx) => {
    await tx
      .insertInto('quality_settings')
      .values({
        id: true,
        review_lower: input.reviewLower,
        review_upper: input.reviewUpper,
        auto_merge: input.autoMerge,
        updated_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          review_lower: input.reviewLower,
          review_upper: input.reviewUpper,
          auto_merge: input.autoMerge,
          updated_by: actor.userId,
          updated_at: new Date(),
        }),
      )
      .execute();
    return duplicateSettings(tx);
  });
}
