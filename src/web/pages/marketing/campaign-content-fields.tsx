import {
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AbMetric } from '../../../modules/marketing/schema.ts';
import type { VariantSendTime } from '../../../modules/marketing/variant-send-time.ts';
import {
  useCallAssignees,
  type CampaignChannel,
  type TemplateContent,
} from '../../api/marketing.ts';
import type { FieldErrors } from '../../lib/field-errors.ts';
import { SmsCount } from './campaign-fields.tsx';
import { variantKeys, type Drafts, type PartErrors } from './campaign-content.ts';
import { VariantSendTimeField } from './variant-send-time-field.tsx';

type Customer = { id: string; name: string } | null;

/**
 * One variant's parts as its channel uses them: e-mail subject and MJML, the SMS text with its
 * live length, a call task's title and script, a letter's heading and MJML.
 */
export function VariantFields({
  channel,
  value,
  onChange,
  customer,
  variantKey,
  errors = {},
}: {
  channel: CampaignChannel;
  value: TemplateContent;
  onChange: (patch: Partial<TemplateContent>) => void;
  /** the first person of the audience, for the SMS count with his data */
  customer: Customer;
  /** shown after each label when there are several variants */
  variantKey: string | null;
  /** the server's problems by part (subject, mjml, text) */
  errors?: PartErrors;
}) {
  const { t } = useTranslation();
  const label = (text: string) => (variantKey ? `${text} · ${variantKey}` : text);
  switch (channel) {
    case 'email':
      return (
        <>
          <TextInput
            label={label(t('marketing.campaigns.subject'))}
            required
            maxLength={300}
            value={value.subject}
            error={errors.subject}
            onChange={(e) => onChange({ subject: e.currentTarget.value })}
          />
          <Textarea
            label={label(t('marketing.campaigns.template'))}
            description={t('marketing.campaigns.templateHint')}
            autosize
            minRows={8}
            ff="monospace"
            value={value.mjml}
            error={errors.mjml}
            onChange={(e) => onChange({ mjml: e.currentTarget.value })}
          />
        </>
      );
    case 'sms':
      return (
        <Stack gap={4}>
          <Textarea
            label={label(t('marketing.campaigns.smsText'))}
            description={t('marketing.campaigns.smsHint')}
            required
            autosize
            minRows={3}
            maxLength={5000}
            value={value.text ?? ''}
            error={errors.text}
            onChange={(e) => onChange({ text: e.currentTarget.value })}
          />
          <SmsCount text={value.text ?? ''} customer={customer} />
        </Stack>
      );
    case 'call':
      return (
        <>
          <TextInput
            label={label(t('marketing.campaigns.callTitle'))}
            required
            maxLength={300}
            value={value.subject}
            error={errors.subject}
            onChange={(e) => onChange({ subject: e.currentTarget.value })}
          />
          <Textarea
            label={label(t('marketing.campaigns.callScript'))}
            description={t('marketing.campaigns.callScriptHint')}
            required
            autosize
            minRows={5}
            maxLength={5000}
            value={value.text ?? ''}
            error={errors.text}
            onChange={(e) => onChange({ text: e.currentTarget.value })}
          />
        </>
      );
    case 'mail':
      return (
        <>
          <TextInput
            label={label(t('marketing.campaigns.letterHeading'))}
            maxLength={300}
            value={value.subject}
            error={errors.subject}
            onChange={(e) => onChange({ subject: e.currentTarget.value })}
          />
          <Textarea
            label={label(t('marketing.campaigns.letterTemplate'))}
            description={t('marketing.campaigns.templateHint')}
            required
            autosize
            minRows={8}
            ff="monospace"
            value={value.mjml}
            error={errors.mjml}
            onChange={(e) => onChange({ mjml: e.currentTarget.value })}
          />
        </>
      );
  }
}

/** The A/B test's settings shared by both variant editors. */
type AbProps = {
  /** the metrics that can judge this channel's variants (none: no A/B test) */
  metrics: AbMetric[];
  share: number;
  onShare: (share: number) => void;
  metric: AbMetric;
  onMetric: (metric: AbMetric) => void;
  /**
   * e-mail and SMS: each variant's own send time, kept beside the drafts (index by index);
   * left out, the channel has none (calls, letters)
   */
  sendTimes?: SendTimes | undefined;
};

/** The variants' send times, one per draft, and the server's problem with each. */
export type SendTimes = {
  values: (VariantSendTime | null)[];
  onChange: (values: (VariantSendTime | null)[]) => void;
  errorOf: (index: number) => string | undefined;
};

/**
 * Every variant of the content as the new-campaign form writes it (one language), with adding
 * and removing variants for an A/B test.
 */
export function VariantsEditor({
  channel,
  drafts,
  onChange,
  customer,
  errorsOf = () => ({}),
  ...ab
}: AbProps & {
  channel: CampaignChannel;
  drafts: Drafts;
  onChange: (drafts: Drafts) => void;
  customer: Customer;
  /** the server's problems of a variant by part */
  errorsOf?: (index: number) => PartErrors;
}) {
  return (
    <VariantList
      drafts={drafts}
      onChange={onChange}
      {...ab}
      fields={(draft, index, change, variantKey) => (
        <VariantFields
          channel={channel}
          value={draft}
          onChange={(patch) => change({ ...draft, ...patch })}
          customer={customer}
          variantKey={variantKey}
          errors={errorsOf(index)}
        />
      )}
    />
  );
}

/**
 * A list of variants, whatever one variant's draft is (one text, or texts per language), with
 * adding and removing variants for an A/B test when the channel has a metric to judge it by,
 * and the test's share and metric once there are two.
 */
export function VariantList<T extends object>({
  drafts,
  onChange,
  fields,
  metrics,
  share,
  onShare,
  metric,
  onMetric,
  sendTimes,
}: AbProps & {
  drafts: T[];
  onChange: (drafts: T[]) => void;
  /** one variant's inputs; `variantKey` is shown after each label when there are several */
  fields: (
    draft: T,
    index: number,
    change: (draft: T) => void,
    variantKey: string | null,
  ) => ReactNode;
}) {
  const { t } = useTranslation();
  const several = drafts.length > 1;
  const replace = (index: number, next: T) =>
    onChange(drafts.map((draft, i) => (i === index ? next : draft)));
  // a variant's send time goes with it when it is removed; a new one starts at once
  const remove = (index: number) => {
    onChange(drafts.filter((_, i) => i !== index));
    sendTimes?.onChange(sendTimes.values.filter((_, i) => i !== index));
  };
  const add = () => {
    onChange([...drafts, { ...drafts[0]! }]);
    sendTimes?.onChange([...drafts.map((_, i) => sendTimes.values[i] ?? null), null]);
  };
  return (
    <Stack gap="sm" data-testid="campaign-variants">
      {drafts.map((draft, index) => (
        <Stack key={variantKeys[index]} gap="xs">
          {several && (
            <Group justify="space-between">
              <Text size="sm" fw={700}>
                {t('marketing.campaigns.variant')} {variantKeys[index]}
              </Text>
              {index > 0 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => remove(index)}
                >
                  {t('marketing.campaigns.removeVariant', { key: variantKeys[index] })}
                </Button>
              )}
            </Group>
          )}
          {fields(
            draft,
            index,
            (next) => replace(index, next),
            several ? variantKeys[index]! : null,
          )}
          {sendTimes && (
            <VariantSendTimeField
              value={sendTimes.values[index] ?? null}
              onChange={(value) =>
                sendTimes.onChange(
                  drafts.map((_, i) => (i === index ? value : (sendTimes.values[i] ?? null))),
                )
              }
              variantKey={several ? variantKeys[index]! : null}
              error={sendTimes.errorOf(index)}
            />
          )}
        </Stack>
      ))}
      {metrics.length > 0 && drafts.length < variantKeys.length && (
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            // the new variant starts as a copy of A, to be changed where it should differ
            onClick={add}
            data-testid="add-variant"
          >
            {t('marketing.campaigns.addVariant', { key: variantKeys[drafts.length] })}
          </Button>
        </Group>
      )}
      {metrics.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('marketing.campaigns.noAbMetric')}
        </Text>
      )}
      {several && (
        <Group grow align="start">
          <NumberInput
            label={t('marketing.campaigns.testShare')}
            description={t('marketing.campaigns.testShareHint')}
            min={1}
            max={90}
            suffix=" %"
            value={share}
            onChange={(v) => onShare(Number(v) || 20)}
          />
          <Select
            label={t('marketing.campaigns.abMetric')}
            value={metric}
            onChange={(value) => value && onMetric(value as AbMetric)}
            data={metrics.map((value) => ({
              value,
              label: t(`marketing.campaigns.abMetrics.${value}`),
            }))}
          />
        </Group>
      )}
    </Stack>
  );
}

/** Who makes a call campaign's calls and in how many days: the new form's and the editor's. */
export function CallFields({
  assigneeId,
  onAssignee,
  dueDays,
  onDueDays,
  dealerCode,
  errors = {},
}: {
  assigneeId: string | null;
  onAssignee: (id: string | null) => void;
  dueDays: number;
  onDueDays: (days: number) => void;
  /** a dealer campaign's dealer: its own users and the central call centre may call */
  dealerCode: string | null;
  errors?: FieldErrors;
}) {
  const { t } = useTranslation();
  const assignees = useCallAssignees(true);
  const options = (assignees.data ?? [])
    .filter((user) => !dealerCode || user.dealerCode === null || user.dealerCode === dealerCode)
    .sort(
      (a, b) =>
        Number(b.role === 'call_center') - Number(a.role === 'call_center') ||
        a.displayName.localeCompare(b.displayName),
    )
    .map((user) => ({
      value: user.id,
      label: `${user.displayName} · ${t(`roles.${user.role}`)}`,
    }));
  return (
    <Group grow align="start">
      <Select
        label={t('marketing.campaigns.callAssignee')}
        description={t('marketing.campaigns.callAssigneeHint')}
        required
        searchable
        value={assigneeId}
        onChange={onAssignee}
        data={options}
        error={errors.callAssigneeUserId}
      />
      <NumberInput
        label={t('marketing.campaigns.callDueDays')}
        min={0}
        max={90}
        value={dueDays}
        error={errors.callDueDays}
        onChange={(v) => onDueDays(v === '' ? 3 : Number(v))}
      />
    </Group>
  );
}
