import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AbMetric } from '../../../modules/marketing/schema.ts';
import type { VariantSendTime } from '../../../modules/marketing/variant-send-time.ts';
import { ownOwner } from '../../../modules/marketing/owner-scope.ts';
import {
  useCampaigns,
  useCreateCampaign,
  useSegmentPreview,
  useSegments,
  type CampaignChannel,
  type CampaignSummary,
} from '../../api/marketing.ts';
import { useDealers } from '../../api/org.ts';
import { toIso } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import {
  abMetricsFor,
  abMetricsOffered,
  draftReady,
  hasSendTime,
  keptMetric,
  restartDrafts,
  starterDrafts,
  variantsFrom,
  withSendTimes,
} from './campaign-content.ts';
import { CallFields, VariantsEditor } from './campaign-content-fields.tsx';
import { DealerSignatureCard } from './dealer-signature-card.tsx';
import {
  campaignChannelList,
  minorDigits,
  starterTexts,
  toMinor,
  type CampaignLanguage,
  EventFields,
  type EventFieldValues,
} from './campaign-fields.tsx';

/** A new campaign on one channel: the fields that channel's messages need, with starter texts. */
function NewCampaignForm() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const segments = useSegments();
  const dealers = useDealers();
  const create = useCreateCampaign();
  const [channel, setChannel] = useState<CampaignChannel>('email');
  const [name, setName] = useState('');
  const [goal, setGoal] = useState('');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [budget, setBudget] = useState<number | ''>('');
  const [cost, setCost] = useState<number | ''>('');
  const [windowDays, setWindowDays] = useState<number>(30);
  const [responseCode, setResponseCode] = useState('');
  const [language, setLanguage] = useState<CampaignLanguage>(me.locale);
  const [isEvent, setIsEvent] = useState(false);
  const [starters, setStarters] = useState(() => starterTexts(t, me.locale, false));
  // each channel keeps its own drafts, so switching channel loses nothing
  const [drafts, setDrafts] = useState(() => starterDrafts(starters));
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [dueDays, setDueDays] = useState<number>(3);
  const [share, setShare] = useState<number>(20);
  const [metric, setMetric] = useState<AbMetric>('open_rate');
  const [sendTimes, setSendTimes] = useState<(VariantSendTime | null)[]>([]);
  const [event, setEvent] = useState<EventFieldValues>({
    venue: '',
    startsAt: null,
    endsAt: null,
    capacity: '',
  });
  const { venue, startsAt, endsAt, capacity } = event;
  const segment = segments.data?.find((s) => s.id === segmentId) ?? null;
  const members = useSegmentPreview(channel === 'sms' ? (segment?.definition ?? null) : null);
  const firstMember = segment ? (members.data?.items[0] ?? null) : null;
  // costs are in the currency of the user's dealer (yuan in China), roubles above dealers
  const myDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId);
  const currency = myDealer?.currency ?? 'RUB';
  const metrics = abMetricsOffered(channel, isEvent, Boolean(responseCode.trim()));
  // the code may be typed after the channel was chosen: the metric follows what is offered
  const chosenMetric = keptMetric(metric, metrics);
  const current = drafts[channel];
  const abTest = current.length > 1;

  /** the starter texts follow the language and the event switch while they are untouched */
  const restart = (nextLanguage: CampaignLanguage, nextEvent: boolean) => {
    const next = starterTexts(t, nextLanguage, nextEvent);
    setDrafts((value) => restartDrafts(value, starters, next));
    setStarters(next);
  };
  const chooseEvent = (event: boolean) => {
    setIsEvent(event);
    restart(language, event);
    setMetric(keptMetric(metric, abMetricsFor(channel, event)));
  };
  const chooseLanguage = (next: CampaignLanguage) => {
    setLanguage(next);
    restart(next, isEvent);
  };
  const chooseChannel = (next: CampaignChannel) => {
    setChannel(next);
    setMetric(keptMetric(metric, abMetricsFor(next, isEvent)));
  };

  const contentReady =
    current.every((draft) => draftReady(channel, draft)) &&
    (channel !== 'call' || Boolean(assigneeId)) &&
    (!abTest || metrics.length > 0);

  const submit = () => {
    create.mutate(
      {
        name,
        goal: goal || null,
        channel,
        ...ownOwner(me),
        segmentId: segmentId ?? '',
        budgetMinor: toMinor(budget, currency),
        costMinor: toMinor(cost, currency),
        currency,
        attributionWindowDays: windowDays,
        responseCode: responseCode.trim() || null,
        ...(channel === 'call' ? { callAssigneeUserId: assigneeId, callDueDays: dueDays } : {}),
        ...(isEvent
          ? {
              kind: 'event' as const,
              eventVenue: venue.trim() || null,
              eventStartsAt: startsAt ? toIso(startsAt) : null,
              eventEndsAt: endsAt ? toIso(endsAt) : null,
              eventCapacity: capacity === '' ? null : capacity,
            }
          : {}),
        defaultLanguage: language,
        abTestShare: share,
        abMetric: abTest ? chosenMetric : isEvent ? 'registration_rate' : 'open_rate',
        variants: withSendTimes(channel, variantsFrom(channel, current, language), sendTimes),
      },
      { onSuccess: (campaign) => void navigate(`/campaigns/${campaign.id}`) },
    );
  };

  return (
    <Card>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('marketing.campaigns.new')}
        </Title>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('marketing.campaigns.channel')}
          </Text>
          <SegmentedControl
            aria-label={t('marketing.campaigns.channel')}
            value={channel}
            onChange={(value) => chooseChannel(value as CampaignChannel)}
            data={campaignChannelList.map((value) => ({
              value,
              label: t(`marketing.campaigns.channels.${value}`),
            }))}
            style={{ alignSelf: 'flex-start' }}
          />
          <Text size="xs" c="dimmed">
            {t(`marketing.campaigns.channelHints.${channel}`)}
          </Text>
        </Stack>
        <Group grow align="start">
          <TextInput
            label={t('marketing.campaigns.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('marketing.campaigns.segment')}
            required
            value={segmentId}
            onChange={setSegmentId}
            data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
          <Select
            label={t('marketing.campaigns.language')}
            value={language}
            onChange={(value) => value && chooseLanguage(value as CampaignLanguage)}
            data={[
              { value: 'ru', label: 'Русский' },
              { value: 'en', label: 'English' },
              { value: 'zh', label: '中文' },
            ]}
          />
        </Group>
        <Group grow align="start">
          <TextInput
            label={t('marketing.campaigns.goal')}
            value={goal}
            onChange={(e) => setGoal(e.currentTarget.value)}
          />
          <NumberInput
            label={`${t('marketing.campaigns.budget')}, ${currency}`}
            min={0}
            decimalScale={minorDigits(currency)}
            thousandSeparator=" "
            value={budget}
            onChange={(v) => setBudget(v === '' ? '' : Number(v))}
          />
          <NumberInput
            label={`${t('marketing.campaigns.cost')}, ${currency}`}
            min={0}
            decimalScale={minorDigits(currency)}
            thousandSeparator=" "
            value={cost}
            onChange={(v) => setCost(v === '' ? '' : Number(v))}
          />
          <NumberInput
            label={t('marketing.campaigns.attributionWindow')}
            description={t('marketing.campaigns.attributionWindowHint')}
            min={1}
            max={365}
            value={windowDays}
            onChange={(v) => setWindowDays(v === '' ? 30 : Number(v))}
          />
          <TextInput
            label={t('marketing.campaigns.responseCode')}
            description={t('marketing.campaigns.responseCodeHint')}
            maxLength={40}
            value={responseCode}
            onChange={(e) => setResponseCode(e.currentTarget.value)}
          />
        </Group>
        <Switch
          label={t('marketing.campaigns.isEvent')}
          description={t('marketing.campaigns.isEventHint')}
          checked={isEvent}
          onChange={(e) => chooseEvent(e.currentTarget.checked)}
        />
        {isEvent && (
          <EventFields value={event} onChange={(patch) => setEvent({ ...event, ...patch })} />
        )}
        {channel === 'call' && (
          <CallFields
            assigneeId={assigneeId}
            onAssignee={setAssigneeId}
            dueDays={dueDays}
            onDueDays={setDueDays}
            dealerCode={myDealer?.code ?? null}
          />
        )}
        <VariantsEditor
          channel={channel}
          drafts={current}
          onChange={(next) => setDrafts({ ...drafts, [channel]: next })}
          customer={firstMember ? { id: firstMember.id, name: firstMember.displayName } : null}
          metrics={metrics}
          share={share}
          onShare={setShare}
          metric={chosenMetric}
          onMetric={setMetric}
          sendTimes={
            hasSendTime(channel)
              ? {
                  values: sendTimes,
                  onChange: setSendTimes,
                  errorOf: (index) => fieldErrors(create.error)[`variants.${index}.sendTime`],
                }
              : undefined
          }
        />
        <FormError error={create.error} />
        <Group>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={
              !name || !segmentId || !contentReady || (isEvent && (!startsAt || capacity === ''))
            }
          >
            {t('marketing.campaigns.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * Marks a group or brand campaign that only reaches the reader's customers (campaign-access.ts),
 * so that in the list it stands apart from the campaigns he runs himself.
 */
function ReachedBadge({ campaign }: { campaign: CampaignSummary }) {
  const { t } = useTranslation();
  // a reached campaign is never a dealer's: only group and brand campaigns reach others
  const level = campaign.ownerLevel === 'brand' ? 'brand' : 'group';
  return (
    <Tooltip label={t('marketing.campaigns.reachedBadgeHint')} multiline w={280} withArrow>
      <Badge
        variant="outline"
        color="gray"
        style={{ flexShrink: 0 }}
        data-testid="campaign-reached-badge"
      >
        {t(`marketing.campaigns.reachedBadge.${level}`)}
      </Badge>
    </Tooltip>
  );
}

/** The campaigns of my dealer (or brand, or group) and a form for a new one. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('marketing.campaigns.title'));
  const canWrite = useCan('marketing:write');
  const campaigns = useCampaigns();
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('marketing.campaigns.title')}
      </Title>
      {campaigns.isError && (
        <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      )}
      <Card padding={0}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('marketing.campaigns.name')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.channel')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.status')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.created')}</Table.Th>
              <Table.Th>{t('marketing.campaigns.sent')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(campaigns.data ?? []).map((campaign) => (
              <Table.Tr key={campaign.id}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/campaigns/${campaign.id}`}>
                      {campaign.name}
                    </Anchor>
                    {campaign.access === 'reached' && <ReachedBadge campaign={campaign} />}
                  </Group>
                </Table.Td>
                <Table.Td>{t(`marketing.campaigns.channels.${campaign.channel}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`marketing.status.${campaign.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{format.date(campaign.createdAt)}</Table.Td>
                <Table.Td>{format.dateTime(campaign.sentAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {campaigns.isSuccess && campaigns.data.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('marketing.campaigns.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {canWrite && <NewCampaignForm />}
      <DealerSignatureCard />
      <Text size="xs" c="dimmed">
        {t('marketing.campaigns.rulesNote')}
      </Text>
    </Stack>
  );
}
