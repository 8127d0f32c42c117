import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  useCampaign,
  useCampaignRoi,
  useContactLists,
  useFinishAbTest,
  usePreviewMessage,
  useSegmentPreview,
  useSendCampaign,
  useSegments,
} from '../../api/marketing.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { CampaignContentCard, CampaignSettingsCard } from './campaign-settings-card.tsx';
import { EventCareCard } from './event-care-card.tsx';
import { EventDetailsCard } from './event-details-card.tsx';
import { CampaignRepliesCard } from './campaign-replies-card.tsx';
import { DealerNotesCard } from './dealer-notes-card.tsx';
import { EventRegistrationsCard } from './event-registrations-card.tsx';
import { roiText } from './roi-page.tsx';

/** A variant's call tasks by outcome, most first: "Appointment 3 · Open 12". */
function callOutcomesText(
  outcomes: Record<string, number>,
  t: TFunction,
  format: ReturnType<typeof useFormat>,
): string {
  // outcomes and task statuses come from the activities vocabulary; a key built at run time
  const label = (key: string) =>
    (t as unknown as (key: string, options: object) => string)(
      key === 'open' || key === 'done' || key === 'cancelled'
        ? `taskStatus.${key}`
        : `outcome.${key}`,
      { defaultValue: key },
    );
  const entries = Object.entries(outcomes).sort((a, b) => b[1] - a[1]);
  return entries.length === 0
    ? '—'
    : entries.map(([key, n]) => `${label(key)} ${format.number(n)}`).join(' · ');
}

/** One campaign: what it is, a preview with a real customer, sending, and its results. */
export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const canWrite = useCan('marketing:write');
  const campaign = useCampaign(id);
  usePageTitle(campaign.data?.name);
  const segments = useSegments();
  const lists = useContactLists();
  const segment = segments.data?.find((s) => s.id === campaign.data?.segmentId) ?? null;
  const list = lists.data?.find((l) => l.id === campaign.data?.listId) ?? null;
  // a static list is the `list` leaf: its members preview like a segment's
  const members = useSegmentPreview(
    segment?.definition ?? (list ? { type: 'list', listId: list.id } : null),
  );
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [variant, setVariant] = useState<string | null>(null);
  const preview = usePreviewMessage();
  const send = useSendCampaign(id);
  const finish = useFinishAbTest(id);
  const started = campaign.data?.testSentAt ?? campaign.data?.sentAt ?? null;
  // from the day it was made to today: every touch of the campaign falls in that period
  const roi = useCampaignRoi(
    {
      from: (campaign.data?.createdAt ?? new Date().toISOString()).slice(0, 10),
      to: new Date().toISOString().slice(0, 10),
      campaignId: id,
    },
    started !== null,
  );
  const roiRow = roi.data?.rows.find((row) => row.campaignId === id) ?? null;

  if (campaign.isError)
    return <QueryError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  if (!campaign.data) return null;
  const c = campaign.data;
  // the server's answer for this campaign (write permission and its owner's level), so the
  // page offers no edit or send the server would refuse with a 403
  const mayEdit = canWrite && c.mayEdit;
  const percent = (value: number) => format.number(Math.round(value * 1000) / 10) + ' %';
  // a letter with a response code is measured by the codes its variants print
  const letterCodes = c.channel === 'mail' && Boolean(c.responseCode);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {c.name}
          </Title>
          <Text size="sm" c="dimmed">
            {c.goal}
          </Text>
        </div>
        <Badge size="lg" variant="light">
          {t(`marketing.status.${c.status}`)}
        </Badge>
      </Group>
      {c.access === 'reached' ? (
        // a group or brand campaign reaching his dealer: he reads it and writes his paragraph;
        // a region's manager (no marketing:write) only reads it
        <Alert color="blue" data-testid="campaign-reached">
          {t(canWrite ? 'marketing.campaigns.reached' : 'marketing.campaigns.reachedReadOnly')}
        </Alert>
      ) : (
        canWrite &&
        !c.mayEdit && (
          <Alert color="gray" data-testid="campaign-not-yours">
            {t('marketing.campaigns.notYours')}
          </Alert>
        )
      )}
      <CampaignSettingsCard
        campaign={c}
        segmentName={segment?.name ?? list?.name ?? null}
        canWrite={mayEdit}
      />
      <CampaignContentCard campaign={c} canWrite={mayEdit} />
      <DealerNotesCard campaign={c} />
      <Card>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('marketing.campaigns.preview')}
          </Title>
          <Group align="end">
            <Select
              label={t('marketing.campaigns.previewFor')}
              searchable
              value={customerId}
              onChange={setCustomerId}
              data={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
              miw={280}
            />
            {c.variants.length > 1 && (
              <Select
                label={t('marketing.campaigns.variant')}
                value={variant}
                onChange={setVariant}
                data={c.variants.map((v) => v.key)}
              />
            )}
            <Button
              variant="light"
              disabled={!customerId}
              loading={preview.isPending}
              onClick={() =>
                customerId &&
                preview.mutate({ customerId, campaignId: c.id, ...(variant ? { variant } : {}) })
              }
            >
              {t('marketing.campaigns.showPreview')}
            </Button>
          </Group>
          <FormError error={preview.error} />
          {preview.data && (
            <Stack gap={4}>
              <Text fw={600}>{preview.data.subject}</Text>
              {preview.data.sms ? (
                <>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{preview.data.text}</Text>
                  <Text size="sm" c="dimmed">
                    {t('marketing.campaigns.smsLength', {
                      segments: preview.data.sms.segments,
                      length: preview.data.sms.length,
                      encoding: preview.data.sms.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2',
                    })}
                  </Text>
                </>
              ) : (
                <iframe
                  title={t('marketing.campaigns.preview')}
                  sandbox=""
                  srcDoc={preview.data.html}
                  style={{ width: '100%', height: 420, border: '1px solid #ddd' }}
                />
              )}
            </Stack>
          )}
        </Stack>
      </Card>
      {mayEdit && (
        <Group>
          {(c.status === 'draft' || c.status === 'scheduled' || c.status === 'sent') && (
            <Button
              loading={send.isPending}
              onClick={() => send.mutate(undefined, { onSuccess: () => void campaign.refetch() })}
            >
              {c.status === 'sent'
                ? t('marketing.campaigns.sendNewcomers')
                : t('marketing.campaigns.send')}
            </Button>
          )}
          {c.status === 'testing' && (
            <Button
              loading={finish.isPending}
              onClick={() => finish.mutate(undefined, { onSuccess: () => void campaign.refetch() })}
            >
              {t('marketing.campaigns.finishTest')}
            </Button>
          )}
        </Group>
      )}
      <FormError error={send.error ?? finish.error} />
      {send.data && (
        <Alert color="green">
          {t('marketing.campaigns.sendReport', {
            queued: send.data.queued,
            blocked: send.data.blocked,
          })}
        </Alert>
      )}
      {c.status === 'testing' && c.abJudgeFrom && (
        <Alert color="gray" data-testid="ab-judge-from">
          {t('marketing.campaigns.sendTime.judgeFrom', {
            hours: format.number(c.abWaitHours),
            at: format.dateTime(c.abJudgeFrom),
          })}
        </Alert>
      )}
      {c.winnerNote && <Alert color="blue">{c.winnerNote}</Alert>}
      <EventRegistrationsCard campaign={c} canWrite={canWrite} />
      {/* a cancelled event's care is over (the server answers 409) */}
      <EventCareCard campaign={c} canWrite={canWrite && c.status !== 'cancelled'} />
      <EventDetailsCard campaign={c} canWrite={canWrite} />
      <Card data-testid="campaign-roi">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t('marketing.roi.card')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('marketing.roi.window', { days: c.attributionWindowDays })}
              {c.responseCode ? ` · ${t('marketing.roi.code', { code: c.responseCode })}` : ''}
            </Text>
          </Group>
          {roiRow ? (
            <Group gap="xl">
              {(
                [
                  ['leads', format.number(roiRow.leads)],
                  ['testDrives', format.number(roiRow.testDrives)],
                  ['sales', format.number(roiRow.sales)],
                  ['serviceVisits', format.number(roiRow.serviceVisits)],
                  ['revenue', format.money(roiRow.revenueMinor, roiRow.currency)],
                  [
                    'cost',
                    roiRow.costMinor === null
                      ? '—'
                      : format.money(roiRow.costMinor, roiRow.currency),
                  ],
                  [
                    'costPerLead',
                    roiRow.costPerLeadMinor === null
                      ? '—'
                      : format.money(roiRow.costPerLeadMinor, roiRow.currency),
                  ],
                  ['roi', roiText(roiRow.roi, format)],
                ] as const
              ).map(([key, value]) => (
                <div key={key}>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    {t(`marketing.roi.columns.${key}`)}
                  </Text>
                  <Text fw={700}>{value}</Text>
                </div>
              ))}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('marketing.roi.cardEmpty')}
            </Text>
          )}
          {roiRow?.otherRevenue.map((other) => (
            <Text key={other.currency} size="xs" c="dimmed">
              + {format.money(other.amountMinor, other.currency)} ({t('marketing.roi.notInRoi')})
            </Text>
          ))}
        </Stack>
      </Card>
      <Card padding={0}>
        <Title order={2} size="h4" p="md">
          {t('marketing.campaigns.results')}
        </Title>
        <Table verticalSpacing="xs" data-testid="campaign-results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('marketing.campaigns.variant')}</Table.Th>
              <Table.Th ta="right">{t('marketing.results.queued')}</Table.Th>
              <Table.Th ta="right">{t('marketing.results.blocked')}</Table.Th>
              <Table.Th ta="right">{t('marketing.results.sent')}</Table.Th>
              <Table.Th ta="right">{t('marketing.results.opened')}</Table.Th>
              <Table.Th ta="right">{t('marketing.results.clicked')}</Table.Th>
              <Table.Th ta="right">{t('marketing.results.unsubscribed')}</Table.Th>
              {c.kind === 'event' && (
                <Table.Th ta="right">{t('marketing.results.registered')}</Table.Th>
              )}
              {c.channel === 'call' && <Table.Th>{t('marketing.results.callOutcomes')}</Table.Th>}
              {letterCodes && (
                <>
                  <Table.Th>{t('marketing.results.responseCode')}</Table.Th>
                  <Table.Th ta="right">{t('marketing.results.responded')}</Table.Th>
                  <Table.Th ta="right">{t('marketing.results.codeLeads')}</Table.Th>
                </>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.results.variants.map((v) => (
              <Table.Tr key={v.key}>
                <Table.Td>
                  {v.key}{' '}
                  {c.winnerVariant === v.key && (
                    <Badge size="xs">{t('marketing.results.winner')}</Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{format.number(v.queued)}</Table.Td>
                <Table.Td ta="right">{format.number(v.blocked)}</Table.Td>
                <Table.Td ta="right">{format.number(v.sent)}</Table.Td>
                <Table.Td ta="right">
                  {format.number(v.opened)} ({percent(v.openRate)})
                </Table.Td>
                <Table.Td ta="right">
                  {format.number(v.clicked)} ({percent(v.clickRate)})
                </Table.Td>
                <Table.Td ta="right">{format.number(v.unsubscribed)}</Table.Td>
                {c.kind === 'event' && (
                  <Table.Td ta="right">{format.number(v.registered)}</Table.Td>
                )}
                {c.channel === 'call' && (
                  <Table.Td data-testid={`call-outcomes-${v.key}`}>
                    {callOutcomesText(v.callOutcomes, t, format)}
                  </Table.Td>
                )}
                {letterCodes && (
                  <>
                    <Table.Td>{v.responseCode}</Table.Td>
                    <Table.Td ta="right" data-testid={`responded-${v.key}`}>
                      {format.number(v.responded)} ({percent(v.responseRate)})
                    </Table.Td>
                    <Table.Td ta="right">{format.number(v.codeLeads)}</Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {Object.keys(c.results.blockedReasons).length > 0 && (
          <Text size="sm" p="md">
            {t('marketing.results.blockedWhy')}:{' '}
            {Object.entries(c.results.blockedReasons)
              .map(
                ([reason, n]) =>
                  `${t(`marketing.reasons.${reason as 'no_consent'}`, { defaultValue: reason })}: ${n}`,
              )
              .join(', ')}
          </Text>
        )}
      </Card>
      <CampaignRepliesCard campaign={c} />
    </Stack>
  );
}
