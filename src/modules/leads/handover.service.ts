import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isValidEmail, normalizeEmail } from '../../lib/email.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { normalizePhone } from '../../lib/phone.ts';
import { defaultCountry, linkCustomerToDealer } from '../customers/index.ts';
import {
  assertDealerInScope,
  findBrandByCode,
  findDealerByCode,
  isActiveUserOf,
} from '../org/index.ts';
import { soleBrandOf } from './capture.service.ts';
import { loadLead } from './lead-queries.ts';
import { lockKeys } from './ownership.ts';
import { defaultOpenLeadCap, pickConsultant } from './routing.ts';
import { openStages } from './schema.ts';

async function recordHandover(
  tx: Tx,
  actor: Actor,
  move: {
    customerId: string;
    brandId: string;
    leadId: string | null;
    fromDealerId: string | null;
    toDealerId: string;
    toUserId: string | null;
    reason: string;
  },
): Promise<void> {
  await tx
    .insertInto('lead_brand_owners')
    .values({ customer_id: move.customerId, brand_id: move.brandId, dealer_id: move.toDealerId })
    .onConflict((oc) =>
      oc.columns(['customer_id', 'brand_id']).doUpdateSet({
        dealer_id: move.toDealerId,
        since: new Date(),
      }),
    )
    .execute();
  await tx
    .insertInto('lead_handovers')
    .values({
      customer_id: move.customerId,
      brand_id: move.brandId,
      lead_id: move.leadId,
      from_dealer_id: move.fromDealerId,
      to_dealer_id: move.toDealerId,
      to_user_id: move.toUserId,
      reason: move.reason,
      by_user_id: actor.userId,
    })
    .execute();
  await linkCustomerToDealer(tx, move.customerId, move.toDealerId, 'prospect', move.toUserId);
}

/**
 * Does the dealer sell the lead's brand? (Yes for a lead of no brand.) A dealer that does not
 * could neither sell him the car nor be the person's owner for that brand, and its staff would
 * hold a prospect no brand-level user above them sees.
 */
async function sellsLeadBrand(db: Db, leadId: string, dealerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('leads as l')
    .leftJoin('dealer_brands as db', (join) =>
      join.onRef('db.brand_id', '=', 'l.brand_id').on('db.dealer_id', '=', dealerId),
    )
    .select(['l.brand_id', 'db.dealer_id'])
    .where('l.id', '=', leadId)
    .executeTakeFirst();
  return !row?.brand_id || row.dealer_id !== null;
}

/**
 * Hands a lead (and with it the person, for the lead's brand) to another dealer: done by the
 * owning dealer's managers or by region / brand / group staff who see both dealers. The new
 * dealer's consultant is the one named or the next in its round-robin.
 */
export async function transferLead(
  db: Db,
  actor: Actor,
  leadId: string,
  input: { dealerCode: string; assignedUserId?: string | undefined; reason: string },
): Promise<void> {
  if (!can(actor, 'tasks:assign')) throw new ForbiddenError('Your role may not hand leads over');
  const lead = await loadLead(db, actor, leadId);
  const target = await findDealerByCode(db, input.dealerCode);
  if (!target) {
    throw new ValidationError([
      { path: 'dealerCode', message: `no dealer ${input.dealerCode}`, code: 'unknown_dealer' },
    ]);
  }
  // a dealer may hand its prospect to any dealer of the group; staff above it only within
  // their own part of the group
  const dealerStaff = actor.scope.level === 'dealer' || actor.scope.level === 'own';
  if (!dealerStaff) assertDealerInScope(actor, target);
  if (target.id === lead.dealer?.id) {
    throw new ValidationError([
      { path: 'dealerCode', message: 'the lead is at this dealer already' },
    ]);
  }
  if (!(await sellsLeadBrand(db, leadId, target.id))) {
    throw new ValidationError([
      {
        path: 'dealerCode',
        code: 'invalid_choice',
        message: `dealer ${target.code} does not sell the lead's brand`,
      },
    ]);
  }
  if (input.assignedUserId && !(await isActiveUserOf(db, input.assignedUserId, target.id))) {
    throw new ValidationError([
      { path: 'assignedUserId', message: `not an active user of dealer ${target.code}` },
    ]);
  }
  await withActor(db, actor, async (tx) => {
    await lockKeys(tx, [`lead-person:${lead.customer.id}`]);
    const brand = await tx
      .selectFrom('leads')
      .select('brand_id')
      .where('id', '=', leadId)
      .executeTakeFirstOrThrow();
    // a lead without a brand (unrouted, nothing named one) takes the new dealer's only brand,
    // as capture gives it: else that brand's managers would never see it (leadVisible)
    brand.brand_id ??= await soleBrandOf(tx, target.id);
    const assignee =
      input.assignedUserId ?? (await pickConsultant(tx, target.id, defaultOpenLeadCap));
    await tx
      .updateTable('leads')
      .set({ dealer_id: target.id, assigned_user_id: assignee, brand_id: brand.brand_id })
      .where('id', '=', leadId)
      .execute();
    await tx
      .insertInto('lead_stage_history')
      .values({
        lead_id: leadId,
        customer_id: lead.customer.id,
        from_stage: lead.stage,
        to_stage: lead.stage,
        note: `Handed over from ${lead.dealer?.code ?? '-'} to ${target.code}: ${input.reason}`,
        user_id: actor.userId,
      })
      .execute();
    if (brand.brand_id) {
      await recordHandover(tx, actor, {
        customerId: lead.customer.id,
        brandId: brand.brand_id,
        leadId,
        fromDealerId: lead.dealer?.id ?? null,
        toDealerId: target.id,
        toUserId: assignee,
        reason: input.reason,
      });
    }
  });
}

/**
 * A dealer claims a person another dealer owns for a brand. Allowed only when the owner has
 * no open lead for him in that brand (he is no longer being worked); otherwise the owner must
 * transfer him. The claim is recorded as a hand-over.
 */
export async function claimPerson(
  db: Db,
  actor: Actor,
  input: {
    phone?: string | undefined;
    email?: string | undefined;
    brandCode: string;
    reason: string;
  },
): Promise<{ customerId: string }> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError();
  if (!actor.dealerId) throw new ForbiddenError('Only a dealer can claim a prospect');
  const brand = await findBrandByCode(db, input.brandCode);
  if (!brand) throw new ValidationError([{ path: 'brandCode', message: 'no such brand' }]);
  const phone = input.phone ? normalizePhone(input.phone, await defaultCountry(db)) : undefined;
  if (input.phone && !phone) {
    throw new ValidationError([{ path: 'phone', message: 'not a valid phone number' }]);
  }
  if (input.email && !isValidEmail(input.email)) {
    throw new ValidationError([{ path: 'email', message: 'not an e-mail address' }]);
  }
  if (!phone && !input.email) {
    throw new ValidationError([{ path: 'phone', message: 'give the phone or the e-mail' }]);
  }
  const dealerId = actor.dealerId;
  return withActor(db, actor, async (tx) => {
    const person = await tx
      .selectFrom('lead_brand_owners as o')
      .select(['o.customer_id', 'o.dealer_id'])
      .where('o.brand_id', '=', brand.id)
      .where((eb) =>
        eb.or([
          ...(phone
            ? [
                eb.exists(
                  eb
                    .selectFrom('customer_phones as p')
                    .select('p.customer_id')
                    .whereRef('p.customer_id', '=', 'o.customer_id')
                    .where('p.e164', '=', phone.e164),
                ),
              ]
            : []),
          ...(input.email
            ? [
                eb.exists(
                  eb
                    .selectFrom('customer_emails as e')
                    .select('e.customer_id')
                    .whereRef('e.customer_id', '=', 'o.customer_id')
                    .where('e.normalized', '=', normalizeEmail(input.email)),
                ),
              ]
            : []),
        ]),
      )
      .executeTakeFirst();
    if (!person) throw new NotFoundError('Owned prospect');
    if (person.dealer_id === dealerId) return { customerId: person.customer_id };
    await lockKeys(tx, [`lead-person:${person.customer_id}`]);
    const open = await tx
      .selectFrom('leads')
      .select('id')
      .where('customer_id', '=', person.customer_id)
      .where('brand_id', '=', brand.id)
      .where('dealer_id', '=', person.dealer_id)
      .where('stage', 'in', openStages)
      .executeTakeFirst();
    if (open) {
      throw new ConflictError(
        'The owning dealer is still working this person; ask it to hand him over',
      ).because('owner_still_working');
    }
    await recordHandover(tx, actor, {
      customerId: person.customer_id,
      brandId: brand.id,
      leadId: null,
      fromDealerId: person.dealer_id,
      toDealerId: dealerId,
      toUserId: actor.role === 'sales_consultant' ? actor.userId : null,
      reason: input.reason,
    });
    return { customerId: person.customer_id };
  });
}
