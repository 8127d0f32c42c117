import { MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rfmSegments, type RfmSegment } from '../../../modules/analytics/schema.ts';
import { campaignResponses, type CampaignResponse } from '../../../modules/marketing/schema.ts';
import { parseJsonCondition, type Row } from './condition-rows.ts';

/** The inputs of one condition row, by its kind (the question itself is labelled beside them). */
export function RowEditor({ row, onChange }: { row: Row; onChange: (row: Row) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<Row>) => onChange({ ...row, ...patch });
  const period = (
    <>
      <NumberInput
        aria-label={t('marketing.builder.amount')}
        w={80}
        min={0}
        max={200}
        value={row.amount}
        onChange={(value) => set({ amount: Number(value) || 0 })}
      />
      <Select
        aria-label={t('marketing.builder.unit')}
        w={120}
        value={row.unit}
        data={(['days', 'weeks', 'months', 'years'] as const).map((unit) => ({
          value: unit,
          label: t(`marketing.units.${unit}`),
        }))}
        onChange={(value) => value && set({ unit: value as Row['unit'] })}
      />
    </>
  );
  switch (row.kind) {
    case 'serviceWithin':
    case 'purchaseWithin':
    case 'verifiedWithin':
      return period;
    case 'serviceAverage':
      return (
        <>
          {period}
          <NumberInput
            w={120}
            min={0}
            placeholder={t('marketing.builder.from')}
            aria-label={t('marketing.builder.from')}
            value={row.min}
            onChange={(value) => set({ min: value === '' ? '' : Number(value) })}
          />
          <NumberInput
            w={120}
            min={0}
            placeholder={t('marketing.builder.to')}
            aria-label={t('marketing.builder.to')}
            value={row.max}
            onChange={(value) => set({ max: value === '' ? '' : Number(value) })}
          />
        </>
      );
    case 'vehicle':
      return (
        <>
          <TextInput
            placeholder={t('marketing.builder.makes')}
            aria-label={t('marketing.builder.makes')}
            value={row.text}
            onChange={(event) => set({ text: event.currentTarget.value })}
          />
          <TextInput
            placeholder={t('marketing.builder.models')}
            aria-label={t('marketing.builder.models')}
            value={row.values.join(',')}
            onChange={(event) => set({ values: [event.currentTarget.value] })}
          />
        </>
      );
    case 'lifecycle':
      return (
        <MultiSelect
          aria-label={t('marketing.rows.lifecycle')}
          miw={240}
          value={row.values}
          data={(['prospect', 'customer', 'owner', 'lost'] as const).map((stage) => ({
            value: stage,
            label: t(`marketing.stages.${stage}`),
          }))}
          onChange={(values) => set({ values })}
        />
      );
    case 'consent':
      return (
        <Select
          aria-label={t('marketing.rows.consent')}
          w={160}
          value={row.values[0] ?? 'email'}
          data={(['email', 'sms', 'phone', 'post', 'messenger'] as const).map((channel) => ({
            value: channel,
            label: t(`marketing.channels.${channel}`),
          }))}
          onChange={(value) => value && set({ values: [value] })}
        />
      );
    case 'field':
      return (
        <>
          <Select
            aria-label={t('marketing.builder.field')}
            w={160}
            value={row.field}
            data={(['last_name', 'first_name', 'gender', 'preferred_language'] as const).map(
              (field) => ({ value: field, label: t(`marketing.fields.${field}`) }),
            )}
            onChange={(value) => value && set({ field: value as Row['field'] })}
          />
          <Select
            aria-label={t('marketing.builder.operator')}
            w={150}
            value={row.op}
            data={(['eq', 'contains', 'starts_with', 'is_empty'] as const).map((op) => ({
              value: op,
              label: t(`marketing.operators.${op}`),
            }))}
            onChange={(value) => value && set({ op: value as Row['op'] })}
          />
          {row.op !== 'is_empty' && (
            <TextInput
              aria-label={t('marketing.builder.value')}
              value={row.text}
              onChange={(event) => set({ text: event.currentTarget.value })}
            />
          )}
        </>
      );
    case 'birthday':
      return (
        <NumberInput
          aria-label={t('marketing.builder.days')}
          w={100}
          min={0}
          max={366}
          value={row.amount}
          onChange={(value) => set({ amount: Number(value) || 0 })}
        />
      );
    case 'club':
      return (
        <>
          <NumberInput
            aria-label={t('marketing.builder.minPoints')}
            placeholder={t('marketing.builder.minPoints')}
            w={140}
            min={0}
            value={row.amount || ''}
            onChange={(value) => set({ amount: Number(value) || 0 })}
          />
          <TextInput
            placeholder={t('marketing.builder.memberTags')}
            aria-label={t('marketing.builder.memberTags')}
            value={row.text}
            onChange={(event) => set({ text: event.currentTarget.value })}
          />
        </>
      );
    case 'churn':
      return (
        <>
          <NumberInput
            aria-label={t('marketing.builder.pActiveBelow')}
            placeholder={t('marketing.builder.pActiveBelow')}
            w={120}
            min={1}
            max={100}
            suffix=" %"
            value={row.amount}
            onChange={(value) => set({ amount: Number(value) || 0 })}
          />
          <MultiSelect
            aria-label={t('marketing.builder.rfmSegments')}
            placeholder={row.values.length ? undefined : t('marketing.builder.rfmSegments')}
            miw={240}
            value={row.values}
            // the churn model's segments, in the order the retention worklist offers them
            data={rfmSegments.map((segment) => ({
              value: segment,
              label: t(`analytics.segments.${segment}`),
            }))}
            onChange={(values) => set({ values })}
          />
        </>
      );
    case 'campaignResponse':
      return (
        <>
          <Select
            aria-label={t('marketing.rows.campaignResponse')}
            w={240}
            value={row.values[0] ?? 'clicked'}
            data={campaignResponses.map((response) => ({
              value: response,
              label: t(`marketing.responses.${response}`),
            }))}
            onChange={(value) => value && set({ values: [value] })}
          />
          {period}
        </>
      );
    case 'interest':
      return (
        <TextInput
          placeholder={t('marketing.builder.interests')}
          aria-label={t('marketing.builder.interests')}
          value={row.text}
          onChange={(event) => set({ text: event.currentTarget.value })}
        />
      );
    case 'json':
      return (
        <Textarea
          aria-label={t('marketing.segments.editor.json')}
          placeholder='{ "type": "address", "part": "city", "values": ["Moscow"] }'
          miw={360}
          style={{ flex: 1 }}
          ff="monospace"
          autosize
          minRows={2}
          maxRows={12}
          value={row.json}
          error={
            row.json.trim() && !parseJsonCondition(row.json)
              ? t('marketing.segments.editor.badJson')
              : undefined
          }
          onChange={(event) => set({ json: event.currentTarget.value })}
        />
      );
  }
}

/** What a row asks, short, for the one-line summary of the logic. */
export function useRowWords() {
  const { t } = useTranslation();
  return (row: Row): string => {
    const label = t(`marketing.rows.${row.kind}`);
    const period = `${row.amount} ${t(`marketing.units.${row.unit}`)}`;
    switch (row.kind) {
      case 'serviceWithin':
      case 'purchaseWithin':
      case 'verifiedWithin':
        return `${label} ${period}`;
      case 'campaignResponse':
        return `${label} ${period}: ${t(`marketing.responses.${(row.values[0] ?? 'clicked') as CampaignResponse}`)}`;
      case 'field':
        return `${t(`marketing.fields.${row.field}`)} ${t(`marketing.operators.${row.op}`)}${
          row.op === 'is_empty' ? '' : ` “${row.text}”`
        }`;
      case 'consent':
        return `${label} ${t(`marketing.channels.${(row.values[0] ?? 'email') as 'email'}`)}`;
      case 'lifecycle':
        return `${label}: ${row.values.map((stage) => t(`marketing.stages.${stage as 'owner'}`)).join(', ')}`;
      case 'vehicle':
      case 'interest':
        return `${label} ${row.text}`.trim();
      case 'birthday':
        return `${label}: ${row.amount}`;
      case 'churn':
        return `${label} ${row.amount} %${
          row.values.length
            ? ` (${row.values.map((segment) => t(`analytics.segments.${segment as RfmSegment}`)).join(', ')})`
            : ''
        }`;
      case 'json':
        return `${label} (${parseJsonCondition(row.json)?.type ?? '?'})`;
      default:
        return label;
    }
  };
}
