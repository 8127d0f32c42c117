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
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AbMetric } from '../../../modules/marketing/schema.ts';
import {
  useCallAssignees,
  useCampaigns,
  useCreateCampaign,
  useSegmentPreview,
  useSegments,
  type CampaignChannel,
  type TemplateContent,
  type Variant,
} from '../../api/marketing.ts';
import { useDealers } from '../../api/org.ts';
import { toIso } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import {
  campaignChannelList,
  minorDigits,
  SmsCount,
  starterTexts,
  toMinor,
  type CampaignLanguage,
  EventFields,
  type EventFieldValues,
} from './campaign-fields.tsx';

const abMetricsFor = (channel: CampaignChannel, event: boolean): AbMetric[] => [
  ...(channel === 'email' ? (['open_rate'] as const) : []),
  'click_rate',
  ...(event ? (['registration_rate'] as const) : []),
];

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
  const [subjectA, setSubjectA] = useState('');
  const [mjmlA, setMjmlA] = useState(starters.emailMjml);
  const [smsA, setSmsA] = useState(starters.smsText);
  const [smsB, setSmsB] = useState('');
  const [callTitle, setCallTitle] = useState(starters.callTitle);
  const [callScript, setCallScript] = useState(starters.callScript);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [dueDays, setDueDays] = useState<number>(3);
  const [letterHeading, setLetterHeading] = useState('');
  const [letter, setLetter] = useState(starters.letterMjml);
  const [abTest, setAbTest] = useState(false);
  const [subjectB, setSubjectB] = useState('');
  const [share, setShare] = useState<number>(20);
  const [metric, setMetric] = useState<AbMetric>('open_rate');
  const [event, setEvent] = useState<EventFieldValues>({ venue: '', startsAt: null, capacity: '' });
  const { venue, startsAt, capacity } = event;
  const assignees = useCallAssignees(channel === 'call');
  const segment = segments.data?.find((s) => s.id === segmentId) ?? null;
  const members = useSegmentPreview(channel === 'sms' ? (segment?.definition ?? null) : null);
  const firstMember = segment ? (members.data?.items[0] ?? null) : null;
  // costs are in the currency of the user's dealer (yuan in China), roubles above dealers
  const myDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId);
  const currency = myDealer?.currency ?? 'RUB';
  const canAbTest = channel === 'email' || channel === 'sms';
  const metrics = abMetricsFor(channel, isEvent);

  /** the starter texts follow the language and the event switch while they are untouched */
  const restart = (nextLanguage: CampaignLanguage, nextEvent: boolean) => {
    const next = starterTexts(t, nextLanguage, nextEvent);
    const keep = (value: string, before: string, after: string) =>
      value === before ? after : value;
    setMjmlA((value) => keep(value, starters.emailMjml, next.emailMjml));
    setSmsA((value) => keep(value, starters.smsText, next.smsText));
    setCallTitle((value) => keep(value, starters.callTitle, next.callTitle));
    setCallScript((value) => keep(value, starters.callScript, next.callScript));
    setLetter((value) => keep(value, starters.letterMjml, next.letterMjml));
    setStarters(next);
  };
  const chooseEvent = (event: boolean) => {
    setIsEvent(event);
    restart(language, event);
    if (!abMetricsFor(channel, event).includes(metric)) setMetric(abMetricsFor(channel, event)[0]!);
  };
  const chooseLanguage = (next: CampaignLanguage) => {
    setLanguage(next);
    restart(next, isEvent);
  };
  const chooseChannel = (next: CampaignChannel) => {
    setChannel(next);
    const allowed = abMetricsFor(next, isEvent);
    if (!allowed.includes(metric)) setMetric(allowed[0]!);
    if (next === 'call' || next === 'mail') setAbTest(false);
  };

  // only what the channel needs, as campaign.schemas.ts's channelNeeds says
  const contentA: TemplateContent = {
    email: { subject: subjectA, mjml: mjmlA },
    sms: { subject: '', mjml: '', text: smsA },
    call: { subject: callTitle, mjml: '', text: callScript },
    mail: { subject: letterHeading, mjml: letter },
  }[channel];
  const contentB: TemplateContent | null = !abTest
    ? null
    : channel === 'email'
      ? { subject: subjectB, mjml: mjmlA }
      : channel === 'sms'
        ? { subject: '', mjml: '', text: smsB }
        : null;
  const contentReady = {
    email: Boolean(subjectA.trim() && mjmlA.trim()),
    sms: Boolean(smsA.trim()),
    call: Boolean(callTitle.trim() && callScript.trim() && assigneeId),
    mail: Boolean(letter.trim()),
  }[channel];
  const variantBReady =
    !contentB || Boolean(channel === 'email' ? subjectB.trim() : contentB.text?.trim());

  const submit = () => {
    const variants: Variant[] = [{ key: 'A', contents: { [language]: contentA } }];
    if (contentB) variants.push({ key: 'B', contents: { [language]: contentB } });
    create.mutate(
      {
        name,
        goal: goal || null,
        channel,
        ownerLevel: me.dealerId ? 'dealer' : me.brandId ? 'brand' : 'group',
        dealerId: me.dealerId,
        brandId: me.dealerId ? null : me.brandId,
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
              eventCapacity: capacity === '' ? null : capacity,
            }
          : {}),
        defaultLanguage: language,
        abTestShare: share,
        abMetric: contentB ? metric : isEvent ? 'registration_rate' : 'open_rate',
        variants,
      },
      { onSuccess: (campaign) => void navigate(`/campaigns/${campaign.id}`) },
    );
  };

  const assigneeOptions = (assignees.data ?? [])
    // a dealer campaign's calls are made at that dealer, or by the central call centre
    .filter((user) => !myDealer || user.dealerCode === null || user.dealerCode === myDealer.code)
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
        {channel === 'email' && (
          <>
            <TextInput
              label={t('marketing.campaigns.subject')}
              required
              value={subjectA}
              onChange={(e) => setSubjectA(e.currentTarget.value)}
            />
            <Textarea
              label={t('marketing.campaigns.template')}
              description={t('marketing.campaigns.templateHint')}
              autosize
              minRows={8}
              ff="monospace"
              value={mjmlA}
              onChange={(e) => setMjmlA(e.currentTarget.value)}
            />
          </>
        )}
        {channel === 'sms' && (
          <Stack gap={4}>
            <Textarea
              label={t('marketing.campaigns.smsText')}
              description={t('marketing.campaigns.smsHint')}
              required
              autosize
              minRows={3}
              maxLength={5000}
              value={smsA}
              onChange={(e) => setSmsA(e.currentTarget.value)}
            />
            <SmsCount
              text={smsA}
              customer={firstMember ? { id: firstMember.id, name: firstMember.displayName } : null}
            />
          </Stack>
        )}
        {channel === 'call' && (
          <>
            <Group grow align="start">
              <Select
                label={t('marketing.campaigns.callAssignee')}
                description={t('marketing.campaigns.callAssigneeHint')}
                required
                searchable
                value={assigneeId}
                onChange={setAssigneeId}
                data={assigneeOptions}
              />
              <NumberInput
                label={t('marketing.campaigns.callDueDays')}
                min={0}
                max={90}
                value={dueDays}
                onChange={(v) => setDueDays(v === '' ? 3 : Number(v))}
              />
            </Group>
            <TextInput
              label={t('marketing.campaigns.callTitle')}
              required
              maxLength={300}
              value={callTitle}
              onChange={(e) => setCallTitle(e.currentTarget.value)}
            />
            <Textarea
              label={t('marketing.campaigns.callScript')}
              description={t('marketing.campaigns.callScriptHint')}
              required
              autosize
              minRows={5}
              maxLength={5000}
              value={callScript}
              onChange={(e) => setCallScript(e.currentTarget.value)}
            />
          </>
        )}
        {channel === 'mail' && (
          <>
            <TextInput
              label={t('marketing.campaigns.letterHeading')}
              maxLength={300}
              value={letterHeading}
              onChange={(e) => setLetterHeading(e.currentTarget.value)}
            />
            <Textarea
              label={t('marketing.campaigns.letterTemplate')}
              description={t('marketing.campaigns.templateHint')}
              required
              autosize
              minRows={8}
              ff="monospace"
              value={letter}
              onChange={(e) => setLetter(e.currentTarget.value)}
            />
          </>
        )}
        {canAbTest && (
          <Switch
            label={
              channel === 'sms'
                ? t('marketing.campaigns.abTestSms')
                : t('marketing.campaigns.abTest')
            }
            checked={abTest}
            onChange={(e) => setAbTest(e.currentTarget.checked)}
          />
        )}
        {canAbTest && abTest && (
          <Group grow align="start">
            {channel === 'email' ? (
              <TextInput
                label={t('marketing.campaigns.subjectB')}
                required
                value={subjectB}
                onChange={(e) => setSubjectB(e.currentTarget.value)}
              />
            ) : (
              <Stack gap={4}>
                <Textarea
                  label={t('marketing.campaigns.smsTextB')}
                  required
                  autosize
                  minRows={3}
                  maxLength={5000}
                  value={smsB}
                  onChange={(e) => setSmsB(e.currentTarget.value)}
                />
                <SmsCount
                  text={smsB}
                  customer={
                    firstMember ? { id: firstMember.id, name: firstMember.displayName } : null
                  }
                />
              </Stack>
            )}
            <NumberInput
              label={t('marketing.campaigns.testShare')}
              min={1}
              max={90}
              suffix=" %"
              value={share}
              onChange={(v) => setShare(Number(v) || 20)}
            />
            <Select
              label={t('marketing.campaigns.abMetric')}
              value={metric}
              onChange={(value) => value && setMetric(value as AbMetric)}
              data={metrics.map((value) => ({
                value,
                label: t(`marketing.campaigns.abMetrics.${value}`),
              }))}
            />
          </Group>
        )}
        <FormError error={create.error} />
        <Group>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={
              !name ||
              !segmentId ||
              !contentReady ||
              !variantBReady ||
              (isEvent && (!startsAt || capacity === ''))
            }
          >
            {t('marketing.campaigns.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
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
                  <Anchor component={Link} to={`/campaigns/${campaign.id}`}>
                    {campaign.name}
                  </Anchor>
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
      <Text size="xs" c="dimmed">
        {t('marketing.campaigns.rulesNote')}
      </Text>
    </Stack>
  );
}
