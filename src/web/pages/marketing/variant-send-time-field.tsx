import { Group, NumberInput, Select, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { VariantSendTime } from '../../../modules/marketing/variant-send-time.ts';
import { DateTimeField, localDateTime, toIso } from '../../components/date-fields.tsx';
import { useFormat } from '../../i18n/format.ts';

type Mode = 'now' | 'hour' | 'at';

/**
 * A variant's own send time (e-mail, SMS): at once, an hour of the day on each person's clock,
 * or one instant for everybody. An A/B test of send times gives each variant another one.
 */
export function VariantSendTimeField({
  value,
  onChange,
  variantKey,
  error,
}: {
  value: VariantSendTime | null;
  onChange: (value: VariantSendTime | null) => void;
  /** shown after the label when there are several variants */
  variantKey: string | null;
  /** the server's problem with this send time */
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const mode: Mode = value ? value.kind : 'now';
  const label = t('marketing.campaigns.sendTime.label');
  const choose = (next: Mode) => {
    if (next === 'now') onChange(null);
    // a start the user then moves: ten in the morning, or tomorrow at ten
    else if (next === 'hour') onChange({ kind: 'hour', hour: 10 });
    else onChange({ kind: 'at', at: dayjs().add(1, 'day').hour(10).startOf('hour').format() });
  };
  return (
    <Group grow align="start" data-testid={`send-time-${variantKey ?? 'A'}`}>
      <Select
        label={variantKey ? `${label} · ${variantKey}` : label}
        description={t('marketing.campaigns.sendTime.hint')}
        value={mode}
        allowDeselect={false}
        onChange={(next) => next && choose(next as Mode)}
        error={value ? undefined : error}
        data={(['now', 'hour', 'at'] as const).map((option) => ({
          value: option,
          label: t(`marketing.campaigns.sendTime.${option}`),
        }))}
      />
      {value?.kind === 'hour' && (
        <NumberInput
          label={t('marketing.campaigns.sendTime.hour')}
          description={t('marketing.campaigns.sendTime.hourHint')}
          min={0}
          max={23}
          clampBehavior="strict"
          allowDecimal={false}
          suffix=":00"
          value={value.hour}
          error={error}
          onChange={(hour) => onChange({ kind: 'hour', hour: Number(hour) || 0 })}
        />
      )}
      {value?.kind === 'at' && (
        <DateTimeField
          label={t('marketing.campaigns.sendTime.at')}
          value={localDateTime(dayjs(value.at))}
          error={error}
          onChange={(at) => at && onChange({ kind: 'at', at: toIso(at) })}
        />
      )}
    </Group>
  );
}

/** A saved variant's send time in words, for the campaign page (nothing when at once). */
export function SendTimeLine({ value }: { value: VariantSendTime | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!value) return null;
  const when =
    value.kind === 'hour'
      ? `${t('marketing.campaigns.sendTime.hour')}: ${String(value.hour).padStart(2, '0')}:00`
      : `${t('marketing.campaigns.sendTime.at')}: ${format.dateTime(value.at)}`;
  return (
    <Text size="xs" c="dimmed" data-testid="variant-send-time">
      {t('marketing.campaigns.sendTime.label')} · {when}
    </Text>
  );
}
