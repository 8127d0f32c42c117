import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
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
import { useCampaigns, useCreateCampaign, useSegments, type Variant } from '../../api/marketing.ts';
import { useDealers } from '../../api/org.ts';
import { DateTimeField, toIso, type LocalDateTime } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan, useSession } from '../../session/session-context.tsx';

const starterMjml = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>{{customer.firstName}},</mj-text>
        <mj-text>{{#if vehicle}}{{vehicle.make}} {{vehicle.model}}{{/if}}</mj-text>
        <mj-button href="https://example.com/offer">Offer</mj-button>
        <mj-text>{{dealer.name}} · {{consultant.name}}</mj-text>
        <mj-text><a href="{{links.unsubscribe}}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

/** An invitation: the button is the person's own signed registration link. */
const starterEventMjml = starterMjml.replace(
  '<mj-button href="https://example.com/offer">Offer</mj-button>',
  '<mj-button href="{{links.register}}">Register</mj-button>',
);

function NewCampaignForm() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const segments = useSegments();
  const dealers = useDealers();
  const create = useCreateCampaign();
  const [name, setName] = useState('');
  const [goal, setGoal] = useState('');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [budget, setBudget] = useState<number | ''>('');
  const [cost, setCost] = useState<number | ''>('');
  const [windowDays, setWindowDays] = useState<number>(30);
  const [responseCode, setResponseCode] = useState('');
  const [language, setLanguage] = useState<'en' | 'ru' | 'zh'>(me.locale);
  const [subjectA, setSubjectA] = useState('');
  const [mjmlA, setMjmlA] = useState(starterMjml);
  const [abTest, setAbTest] = useState(false);
  const [subjectB, setSubjectB] = useState('');
  const [share, setShare] = useState<number>(20);
  const [isEvent, setIsEvent] = useState(false);
  const [venue, setVenue] = useState('');
  const [startsAt, setStartsAt] = useState<LocalDateTime | null>(null);
  const [capacity, setCapacity] = useState<number | ''>('');
  // costs are in the currency of the user's dealer (yuan in China), roubles above dealers
  const currency = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.currency ?? 'RUB';
  const chooseEvent = (event: boolean) => {
    setIsEvent(event);
    // swap the starter template only while it is untouched
    if (mjmlA === (event ? starterMjml : starterEventMjml))
      setMjmlA(event ? starterEventMjml : starterMjml);
  };

  const submit = () => {
    const variants: Variant[] = [
      { key: 'A', contents: { [language]: { subject: subjectA, mjml: mjmlA } } },
    ];
    if (abTest)
      variants.push({ key: 'B', contents: { [language]: { subject: subjectB, mjml: mjmlA } } });
    create.mutate(
      {
        name,
        goal: goal || null,
        ownerLevel: me.dealerId ? 'dealer' : me.brandId ? 'brand' : 'group',
        dealerId: me.dealerId,
        brandId: me.dealerId ? null : me.brandId,
        segmentId: segmentId ?? '',
        budgetMinor: budget === '' ? null : Math.round(budget * 100),
        costMinor: cost === '' ? null : Math.round(cost * 100),
        currency,
        attributionWindowDays: windowDays,
        responseCode: responseCode.trim() || null,
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
        variants,
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
            allowDeselect={false}
            onChange={(value) => value && setLanguage(value as 'en' | 'ru' | 'zh')}
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
            label={t('marketing.campaigns.budget')}
            min={0}
            value={budget}
            onChange={(v) => setBudget(v === '' ? '' : Number(v))}
          />
          <NumberInput
            label={`${t('marketing.campaigns.cost')}, ${currency}`}
            min={0}
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
          <Group grow align="start">
            <TextInput
              label={t('marketing.campaigns.eventVenue')}
              maxLength={300}
              value={venue}
              onChange={(e) => setVenue(e.currentTarget.value)}
            />
            <DateTimeField
              label={t('marketing.campaigns.eventStartsAt')}
              required
              value={startsAt}
              onChange={setStartsAt}
            />
            <NumberInput
              label={t('marketing.campaigns.eventCapacity')}
              required
              min={1}
              max={100_000}
              value={capacity}
              onChange={(v) => setCapacity(v === '' ? '' : Number(v))}
            />
          </Group>
        )}
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
        <Switch
          label={t('marketing.campaigns.abTest')}
          checked={abTest}
          onChange={(e) => setAbTest(e.currentTarget.checked)}
        />
        {abTest && (
          <Group grow align="start">
            <TextInput
              label={t('marketing.campaigns.subjectB')}
              required
              value={subjectB}
              onChange={(e) => setSubjectB(e.currentTarget.value)}
            />
            <NumberInput
              label={t('marketing.campaigns.testShare')}
              min={1}
              max={90}
              suffix=" %"
              value={share}
              onChange={(v) => setShare(Number(v) || 20)}
            />
          </Group>
        )}
        <FormError error={create.error} />
        <Group>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={
              !name || !segmentId || !subjectA || (isEvent && (!startsAt || capacity === ''))
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
