import type { Locale } from '../../auth/index.ts';
import type { Verification, VerificationListener, VerificationMethod } from '../customers/index.ts';
import type { ActivityChannel, Direction } from './schema.ts';

/**
 * Each confirmation of the data with the person is a contact too: it goes into his contact
 * history as an activity of its channel. An import from a trusted system is no contact.
 */
const contactOf: Record<
  VerificationMethod,
  { channel: ActivityChannel; direction: Direction } | null
> = {
  // a call to confirm the data is usually ours
  phone_call: { channel: 'call', direction: 'outbound' },
  in_person: { channel: 'visit', direction: 'inbound' },
  service_reception: { channel: 'visit', direction: 'inbound' },
  document: { channel: 'visit', direction: 'inbound' },
  email_link: { channel: 'email', direction: 'inbound' },
  trusted_import: null,
};

/** The subject is stored text, like a subject typed by the user: in the language of its author. */
const subjects: Record<Locale, string> = {
  en: 'Data confirmed with the customer',
  ru: 'Данные подтверждены клиентом',
  zh: '已与客户核实资料',
};

export const verificationActivity: VerificationListener = async (
  tx,
  actor,
  verification: Verification,
) => {
  const contact = contactOf[verification.method];
  if (!contact) return;
  await tx
    .insertInto('activities')
    .values({
      customer_id: verification.customerId,
      dealer_id: actor.dealerId,
      user_id: actor.userId,
      channel: contact.channel,
      direction: contact.direction,
      occurred_at: verification.verifiedAt,
      subject: subjects[actor.locale] ?? subjects.en,
      outcome: 'info',
      note: verification.note,
    })
    .execute();
};
