import { Group, NumberInput, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
// sms-length.ts is plain code with no imports: the browser counts exactly as the server does
import { smsLength } from '../../../modules/marketing/sms-length.ts';
import { errorMessage } from '../../api/error-message.ts';
import { useContentPreview, type CampaignChannel } from '../../api/marketing.ts';
import { DateTimeField, type LocalDateTime } from '../../components/date-fields.tsx';
import { minorDigits, toMajor, toMinor as moneyToMinor } from '../sales/money.ts';

export type CampaignLanguage = 'en' | 'ru' | 'zh';
export const campaignChannelList: CampaignChannel[] = ['email', 'sms', 'call', 'mail'];

export { minorDigits };

/** A money input's value (major units, '' when empty) as the API's integer minor units. */
export const toMinor = (value: number | '', currency: string): number | null =>
  value === '' ? null : moneyToMinor(value, currency);

export const fromMinor = (value: number | null, currency: string): number | '' =>
  value === null ? '' : toMajor(value, currency);

export type Starters = {
  emailMjml: string;
  smsText: string;
  callTitle: string;
  callScript: string;
  letterMjml: string;
};

/**
 * The starter texts of a new campaign in the campaign's language (not the screen's): they are
 * Handlebars templates, so i18next must leave their {{...}} alone.
 */
export function starterTexts(t: TFunction, language: CampaignLanguage, event: boolean): Starters {
  const text = (key: string) =>
    // a key built at run time: the typed `t` only takes literal keys
    (t as unknown as (key: string, options: object) => string)(
      `marketing.campaigns.starters.${key}`,
      { lng: language, skipInterpolation: true },
    );
  const button = event
    ? `<mj-button href="{{links.register}}">${text('register')}</mj-button>`
    : `<mj-button href="https://example.com/offer">${text('offer')}</mj-button>`;
  return {
    emailMjml: `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>{{customer.firstName}},</mj-text>
        <mj-text>{{#if vehicle}}{{vehicle.make}} {{vehicle.model}}{{/if}}</mj-text>
        ${button}
        <mj-text>{{dealer.name}} · {{consultant.name}}</mj-text>
        <mj-text><a href="{{links.unsubscribe}}">${text('unsubscribe')}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
    smsText: text(event ? 'smsEvent' : 'sms'),
    callTitle: text('callTitle'),
    callScript: text('callScript'),
    letterMjml: `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>${text('letterGreeting')}</mj-text>
        <mj-text>${text('letterBody')}</mj-text>
        <mj-text>${text('letterSignature')}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
  };
}

const encodingName = (encoding: 'gsm7' | 'ucs2') => (encoding === 'gsm7' ? 'GSM-7' : 'UCS-2');

/**
 * The live length of an SMS being written. With a customer of the audience it is the campaign
 * preview's count (his data filled in, each link at its short tracked length); without one,
 * the text as typed.
 */
export function SmsCount({
  text,
  customer,
}: {
  text: string;
  customer: { id: string; name: string } | null;
}) {
  const { t } = useTranslation();
  const [settled] = useDebouncedValue(text, 400);
  const preview = useContentPreview(
    customer && settled.trim()
      ? {
          customerId: customer.id,
          channel: 'sms',
          content: { subject: '', mjml: '', text: settled },
        }
      : null,
  );
  if (customer && preview.isError) {
    return (
      <Text size="sm" c="red" data-testid="sms-count">
        {errorMessage(preview.error)}
      </Text>
    );
  }
  if (customer && preview.data?.sms) {
    const sms = preview.data.sms;
    return (
      <Text size="sm" c="dimmed" data-testid="sms-count">
        {t('marketing.campaigns.smsLive', {
          name: customer.name,
          segments: sms.segments,
          length: sms.length,
          encoding: encodingName(sms.encoding),
        })}
      </Text>
    );
  }
  const typed = smsLength(text);
  return (
    <Text size="sm" c="dimmed" data-testid="sms-count">
      {t('marketing.campaigns.smsTemplateOnly', {
        segments: typed.segments,
        length: typed.length,
        encoding: encodingName(typed.encoding),
      })}
    </Text>
  );
}

export type EventFieldValues = {
  venue: string;
  startsAt: LocalDateTime | null;
  /** optional: null, the event shows its start only */
  endsAt: LocalDateTime | null;
  capacity: number | '';
};

/** An event's venue, start and places: in the new-campaign form and the campaign's edit form. */
export function EventFields({
  value,
  onChange,
  errors = {},
}: {
  value: EventFieldValues;
  onChange: (patch: Partial<EventFieldValues>) => void;
  /** the server's problems by API field (eventVenue, eventStartsAt, eventEndsAt, eventCapacity) */
  errors?: Partial<
    Record<'eventVenue' | 'eventStartsAt' | 'eventEndsAt' | 'eventCapacity', string>
  >;
}) {
  const { t } = useTranslation();
  return (
    <Group grow align="start">
      <TextInput
        label={t('marketing.campaigns.eventVenue')}
        maxLength={300}
        value={value.venue}
        error={errors.eventVenue}
        onChange={(e) => onChange({ venue: e.currentTarget.value })}
      />
      <DateTimeField
        label={t('marketing.campaigns.eventStartsAt')}
        required
        value={value.startsAt}
        error={errors.eventStartsAt}
        onChange={(startsAt) => onChange({ startsAt })}
      />
      <DateTimeField
        label={t('marketing.campaigns.eventEndsAt')}
        // cleared: the event has a start only
        clearable
        value={value.endsAt}
        error={errors.eventEndsAt}
        onChange={(endsAt) => onChange({ endsAt })}
      />
      <NumberInput
        label={t('marketing.campaigns.eventCapacity')}
        required
        min={1}
        max={100_000}
        value={value.capacity}
        error={errors.eventCapacity}
        onChange={(v) => onChange({ capacity: v === '' ? '' : Number(v) })}
      />
    </Group>
  );
}
