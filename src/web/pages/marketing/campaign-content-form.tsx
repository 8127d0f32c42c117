import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AbMetric } from '../../../modules/marketing/schema.ts';
import type { VariantSendTime } from '../../../modules/marketing/variant-send-time.ts';
import {
  campaignBody,
  useContactLists,
  useSegmentCount,
  useSegmentPreview,
  useSegments,
  useUpdateCampaign,
  type Campaign,
  type Condition,
} from '../../api/marketing.ts';
import { useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import {
  abMetricsOffered,
  hasSendTime,
  keptMetric,
  textErrors,
  textsOf,
  textsReady,
  variantKeys,
  variantsFromTexts,
  withSendTimes,
} from './campaign-content.ts';
import { CallFields, VariantList } from './campaign-content-fields.tsx';
import { VariantLanguageFields } from './campaign-language-fields.tsx';
import { ResponseCodeField } from './letter-response-code.tsx';

/** `segment:<id>` or `list:<id>`: one Select over both kinds of audience */
type AudienceValue = string;

const audienceOf = (c: Campaign): AudienceValue | null =>
  c.segmentId ? `segment:${c.segmentId}` : c.listId ? `list:${c.listId}` : null;

/**
 * The content and audience of a campaign not yet sending: its variants in every language (the
 * default one required), the A/B test, who calls, and another saved segment or static list
 * with its live count. The whole campaign goes back to the API.
 */
export function CampaignContentForm({
  campaign: c,
  onDone,
}: {
  campaign: Campaign;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const update = useUpdateCampaign(c.id);
  const segments = useSegments();
  const lists = useContactLists();
  const dealers = useDealers();
  const language = c.defaultLanguage;
  const [texts, setTexts] = useState(() => textsOf(c.variants));
  const [audience, setAudience] = useState<AudienceValue | null>(audienceOf(c));
  const [share, setShare] = useState(c.abTestShare);
  const [sendTimes, setSendTimes] = useState<(VariantSendTime | null)[]>(() =>
    c.variants.map((variant) => variant.sendTime ?? null),
  );
  // a letter's code: what its variants print, and what a response-rate test counts
  const [responseCode, setResponseCode] = useState(c.responseCode ?? '');
  const metrics = abMetricsOffered(c.channel, c.kind === 'event', Boolean(responseCode.trim()));
  const [picked, setMetric] = useState<AbMetric>(keptMetric(c.abMetric, metrics));
  // a code cleared takes the response rate away: the metric follows what is offered
  const metric = keptMetric(picked, metrics);
  const [assigneeId, setAssigneeId] = useState<string | null>(c.callAssigneeUserId);
  const [dueDays, setDueDays] = useState(c.callDueDays);
  const [kind, id] = (audience ?? ':').split(':') as [string, string];
  const segment = kind === 'segment' ? segments.data?.find((s) => s.id === id) : undefined;
  const list = kind === 'list' ? lists.data?.find((l) => l.id === id) : undefined;
  // the same count the builder shows: the people of the user's scope in it now
  const definition: Condition | null = segment
    ? segment.definition
    : list
      ? { type: 'list', listId: list.id }
      : null;
  const count = useSegmentCount(definition);
  // the first person: the SMS count and an e-mail's or letter's preview are for him
  const members = useSegmentPreview(c.channel === 'call' ? null : definition);
  const first = members.data?.items[0] ?? null;
  const dealerCode = dealers.data?.find((dealer) => dealer.id === c.dealerId)?.code ?? null;
  const errors = fieldErrors(update.error);
  // a text's problems sit under its input and mark its language's tab; any other is listed
  const shown = (path: string) =>
    /^variants\.\d+\.(contents\.|sendTime)/.test(path) ||
    ['segmentId', 'listId', 'callAssigneeUserId', 'callDueDays', 'responseCode'].includes(path);
  const ready =
    audience !== null &&
    textsReady(c.channel, texts, language) &&
    (c.channel !== 'call' || Boolean(assigneeId)) &&
    (texts.length <= 1 || metrics.length > 0);
  const customer = first ? { id: first.id, name: first.displayName } : null;

  const save = () =>
    update.mutate(
      campaignBody(c, {
        segmentId: kind === 'segment' ? id : null,
        listId: kind === 'list' ? id : null,
        variants: withSendTimes(c.channel, variantsFromTexts(c.channel, texts), sendTimes),
        abTestShare: share,
        abMetric: texts.length > 1 ? metric : c.abMetric,
        ...(c.channel === 'call' ? { callAssigneeUserId: assigneeId, callDueDays: dueDays } : {}),
        ...(c.channel === 'mail' ? { responseCode: responseCode.trim() || null } : {}),
      }),
      { onSuccess: onDone },
    );

  return (
    <Stack gap="sm" data-testid="campaign-content-edit">
      <Group align="end">
        <Select
          label={t('marketing.campaigns.audience')}
          required
          searchable
          miw={320}
          value={audience}
          onChange={setAudience}
          error={errors.segmentId ?? errors.listId}
          data={[
            {
              group: t('marketing.campaigns.segments'),
              items: (segments.data ?? []).map((s) => ({
                value: `segment:${s.id}`,
                label: s.name,
              })),
            },
            {
              group: t('marketing.campaigns.lists'),
              items: (lists.data ?? []).map((l) => ({ value: `list:${l.id}`, label: l.name })),
            },
          ]}
        />
        {definition && count.data && (
          <Text size="sm" data-testid="audience-count">
            {t('marketing.campaigns.audienceCount', { count: format.number(count.data.count) })}
          </Text>
        )}
      </Group>
      {c.channel === 'call' && (
        <CallFields
          assigneeId={assigneeId}
          onAssignee={setAssigneeId}
          dueDays={dueDays}
          onDueDays={setDueDays}
          dealerCode={dealerCode}
          errors={errors}
        />
      )}
      {c.channel === 'mail' && (
        <ResponseCodeField
          value={responseCode}
          onChange={setResponseCode}
          variantKeys={texts.map((_, index) => variantKeys[index]!)}
          error={errors.responseCode}
        />
      )}
      <Text size="xs" c="dimmed">
        {t('marketing.campaigns.languagesHint', { language: t(`language.${language}`) })}
      </Text>
      <VariantList
        drafts={texts}
        onChange={setTexts}
        metrics={metrics}
        share={share}
        onShare={setShare}
        metric={metric}
        onMetric={setMetric}
        sendTimes={
          hasSendTime(c.channel)
            ? {
                values: sendTimes,
                onChange: setSendTimes,
                errorOf: (index) =>
                  errors[`variants.${index}.sendTime`] ?? errors[`variants.${index}.sendTime.hour`],
              }
            : undefined
        }
        fields={(variant, index, change, variantKey) => (
          <VariantLanguageFields
            channel={c.channel}
            texts={variant}
            onChange={change}
            defaultLanguage={language}
            customer={customer}
            variantKey={variantKey}
            errors={textErrors(errors, index)}
          />
        )}
      />
      <FormError error={update.error} shownPaths={shown} />
      <Group>
        <Button onClick={save} loading={update.isPending} disabled={!ready}>
          {t('marketing.campaigns.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('marketing.campaigns.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
