import type { Actor, Locale, Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { zonedInstant } from '../../lib/zoned-time.ts';
import { latestVerification, recordVerificationTx } from '../customers/index.ts';
import { vehicleVisible } from '../vehicles/index.ts';
import type { ReceptionCheck } from './schema.ts';
import type { ReceptionOwner } from './visit.schemas.ts';

/**
 * The note says what was checked. Like an activity's subject it is stored text, in the
 * language of its author (the customer page shows the note as written).
 */
const noteWords: Record<Locale, { checked: string } & Record<ReceptionCheck, string>> = {
  en: { checked: 'Checked at reception', phone: 'phone', email: 'e-mail', address: 'address' },
  ru: { checked: 'Сверено на приёмке', phone: 'телефон', email: 'e-mail', address: 'адрес' },
  zh: { checked: '接待时已核对', phone: '电话', email: '邮箱', address: '地址' },
};

export function receptionNote(locale: Locale, checks: readonly ReceptionCheck[]): string | null {
  if (!checks.length) return null;
  const words = noteWords[locale] ?? noteWords.en;
  const separator = locale === 'zh' ? '、' : ', ';
  return `${words.checked}: ${checks.map((check) => words[check]).join(separator)}`;
}

/**
 * Records, in the visit's transaction, that the owner confirmed his contact data at reception.
 * A visit of today was confirmed now; one entered late says only its day, so it counts from
 * the start of that day at the dealer: it never outranks a confirmation made later that day.
 */
export async function confirmAtReception(
  tx: Tx,
  actor: Actor,
  visit: {
    customerId: string;
    visitDate: string;
    today: string;
    dealerTimezone: string;
    checks: readonly ReceptionCheck[];
  },
): Promise<void> {
  let verifiedAt = new Date();
  if (visit.visitDate < visit.today) {
    const [year, month, day] = visit.visitDate.split('-').map(Number) as [number, number, number];
    const midnight = { year, month, day, hour: 0, minute: 0, second: 0 };
    verifiedAt = zonedInstant(midnight, visit.dealerTimezone);
  }
  await recordVerificationTx(tx, actor, {
    customerId: visit.customerId,
    method: 'service_reception',
    verifiedAt,
    note: receptionNote(actor.locale, [...new Set(visit.checks)]),
  });
}

/**
 * The owner of a car the actor sees and his last verification, for the visit form: the advisor
 * sees whether to ask him to confirm his data. 404 for a car outside the actor's scope.
 */
export async function receptionOwner(
  db: Db,
  actor: Actor,
  vehicleId: string,
): Promise<ReceptionOwner> {
  const vehicle = await db
    .selectFrom('vehicles as v')
    .select('v.customer_id')
    .where('v.id', '=', vehicleId)
    .where((eb) => vehicleVisible(actor, eb.ref('v.customer_id')))
    .executeTakeFirst();
  if (!vehicle) throw new NotFoundError('Vehicle');
  if (!vehicle.customer_id) return { customerId: null, verification: null };
  return {
    customerId: vehicle.customer_id,
    verification: await latestVerification(db, vehicle.customer_id),
  };
}
