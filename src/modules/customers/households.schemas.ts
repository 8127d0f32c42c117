import { z } from 'zod';
import { householdRoles } from './vocabulary.ts';

/** A new household of persons living together, each with his role in it. */
export const createHouseholdBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).describe('e.g. "The Ivanovs"'),
    members: z
      .array(
        z.strictObject({
          customerId: z.uuid(),
          role: z.enum(householdRoles).nullish(),
        }),
      )
      .min(1)
      .max(20),
  })
  .meta({ id: 'NewHousehold' });

export type CreateHouseholdInput = z.output<typeof createHouseholdBody>;
