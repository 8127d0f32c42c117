import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  campaignBody,
  useCallAssignees,
  useUpdateCampaign,
  type Campaign,
  type TemplateContent,
} from '../../api/marketing.ts';
import { DateTimeField, localDateTime, toIso } from '../../components/date-fields.tsx';
import type { LocalDateTime } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import {
  EventFields,
  fromMinor,
  minorDigits,
  toMinor,
  type EventFieldValues,
} from './campaign-fields.tsx';
import type { Language } from './campaign-content.ts';
import { eventWhen } from './event-when.ts';
import { CampaignContentForm } from './campaign-content-form.tsx';
import { DirectMailDownloads } from './direct-mail-downloads.tsx';
import { ResponseCodeLine } from './letter-response-code.tsx';
import { SendTimeLine } from './variant-send-time-field.tsx';

/** Until the first message goes (PUT /api/campaigns/:id answers 409 after that). */
export const isEditable = (campaign: Campaign) =>
  campaign.status === 'draft' || campaign.status === 'scheduled';

const toLocal = (iso: string | null): LocalDateTime | null =>
  iso ? localDateTime(dayjs(iso)) : null;

/** One figure of the settings: a small caption over its value. */
function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </div>
  );
}

/**
 * What the campaign is: channel, audience, money, time and the event's venue, start and places.
 * While nothing has gone out they can be changed here; after that they stay as sent.
 */
export function CampaignSettingsCard({
  campaign: c,
  segmentName,
  canWrite,
}: {
  campaign: Campaign;
  segmentName: string | null;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const assignees = useCallAssignees(c.channel === 'call');
  const assignee = assignees.data?.find((user) => user.id === c.callAssigneeUserId) ?? null;
  const money = (minor: number | null) =>
    minor === null ? t('marketing.campaigns.notSet') : format.money(minor, c.currency);
  const editable = canWrite && isEditable(c);

  return (
    <Card data-testid="campaign-settings">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('marketing.campaigns.settings')}
          </Title>
          {editable && !editing && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPencil size={16} />}
              onClick={() => setEditing(true)}
            >
              {t('marketing.campaigns.edit')}
            </Button>
          )}
        </Group>
        {editing ? (
          <SettingsForm campaign={c} onDone={() => setEditing(false)} />
        ) : (
          <>
            <Group gap="xl" align="start">
              <Figure
                label={t('marketing.campaigns.channel')}
                value={t(`marketing.campaigns.channels.${c.channel}`)}
                testId="campaign-channel"
              />
              <Figure
                label={t('marketing.campaigns.segment')}
                value={segmentName ?? t('marketing.campaigns.notSet')}
              />
              <Figure label={t('marketing.campaigns.budget')} value={money(c.budgetMinor)} />
              <Figure label={t('marketing.campaigns.cost')} value={money(c.costMinor)} />
              <Figure
                label={t('marketing.campaigns.scheduledAt')}
                value={
                  c.scheduledAt ? format.dateTime(c.scheduledAt) : t('marketing.campaigns.notSet')
                }
              />
              {c.variants.length > 1 && (
                <Figure
                  label={t('marketing.campaigns.testShare')}
                  value={`${format.number(c.abTestShare)} % · ${t(`marketing.campaigns.abMetrics.${c.abMetric}`)}`}
                />
              )}
            </Group>
            {c.kind === 'event' && (
              <Group gap="xl" align="start" data-testid="campaign-event">
                <Figure
                  label={t('marketing.campaigns.eventVenue')}
                  value={c.eventVenue ?? t('marketing.campaigns.notSet')}
                />
                <Figure
                  label={t('marketing.campaigns.eventStartsAt')}
                  value={eventWhen(format, c.eventStartsAt ?? '', c.eventEndsAt)}
                />
                <Figure
                  label={t('marketing.campaigns.eventCapacity')}
                  value={format.number(c.eventCapacity)}
                />
              </Group>
            )}
            {c.channel === 'call' && (
              <Text size="sm">
                {t('marketing.campaigns.callTasks', {
                  name: assignee?.displayName ?? t('marketing.campaigns.notSet'),
                  days: c.callDueDays,
                })}
              </Text>
            )}
            {canWrite && !isEditable(c) && (
              <Text size="xs" c="dimmed">
                {t('marketing.campaigns.editClosed')}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The edit form: the whole campaign goes back to the API with these fields changed. */
function SettingsForm({ campaign: c, onDone }: { campaign: Campaign; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateCampaign(c.id);
  const [name, setName] = useState(c.name);
  const [goal, setGoal] = useState(c.goal ?? '');
  const [budget, setBudget] = useState<number | ''>(fromMinor(c.budgetMinor, c.currency));
  const [cost, setCost] = useState<number | ''>(fromMinor(c.costMinor, c.currency));
  const [scheduledAt, setScheduledAt] = useState<LocalDateTime | null>(toLocal(c.scheduledAt));
  const [event, setEvent] = useState<EventFieldValues>({
    venue: c.eventVenue ?? '',
    startsAt: toLocal(c.eventStartsAt),
    endsAt: toLocal(c.eventEndsAt),
    capacity: c.eventCapacity ?? '',
  });
  const { venue, startsAt, endsAt, capacity } = event;
  const errors = fieldErrors(update.error);
  const shown = [
    'name',
    'goal',
    'budgetMinor',
    'costMinor',
    'scheduledAt',
    'eventVenue',
    'eventStartsAt',
    'eventEndsAt',
    'eventCapacity',
  ];
  const isEvent = c.kind === 'event';
  const digits = minorDigits(c.currency);

  const save = () =>
    update.mutate(
      campaignBody(c, {
        name,
        goal: goal.trim() || null,
        budgetMinor: toMinor(budget, c.currency),
        costMinor: toMinor(cost, c.currency),
        // an unchanged time goes back as it came, so that a passed one is not refused
        scheduledAt:
          scheduledAt === toLocal(c.scheduledAt)
            ? c.scheduledAt
            : scheduledAt
              ? toIso(scheduledAt)
              : null,
        ...(isEvent
          ? {
              eventVenue: venue.trim() || null,
              eventStartsAt:
                startsAt === toLocal(c.eventStartsAt)
                  ? c.eventStartsAt
                  : startsAt
                    ? toIso(startsAt)
                    : null,
              eventEndsAt:
                endsAt === toLocal(c.eventEndsAt) ? c.eventEndsAt : endsAt ? toIso(endsAt) : null,
              eventCapacity: capacity === '' ? null : capacity,
            }
          : {}),
      }),
      { onSuccess: onDone },
    );

  return (
    <Stack gap="sm" data-testid="campaign-edit">
      <Group grow align="start">
        <TextInput
          label={t('marketing.campaigns.name')}
          required
          maxLength={200}
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextInput
          label={t('marketing.campaigns.goal')}
          maxLength={2000}
          value={goal}
          error={errors.goal}
          onChange={(e) => setGoal(e.currentTarget.value)}
        />
      </Group>
      <Group grow align="start">
        <NumberInput
          label={`${t('marketing.campaigns.budget')}, ${c.currency}`}
          min={0}
          decimalScale={digits}
          thousandSeparator=" "
          value={budget}
          error={errors.budgetMinor}
          onChange={(v) => setBudget(v === '' ? '' : Number(v))}
        />
        <NumberInput
          label={`${t('marketing.campaigns.cost')}, ${c.currency}`}
          min={0}
          decimalScale={digits}
          thousandSeparator=" "
          value={cost}
          error={errors.costMinor}
          onChange={(v) => setCost(v === '' ? '' : Number(v))}
        />
        <DateTimeField
          label={t('marketing.campaigns.scheduledAt')}
          description={t('marketing.campaigns.scheduledAtHint')}
          clearable
          value={scheduledAt}
          error={errors.scheduledAt}
          onChange={setScheduledAt}
        />
      </Group>
      {isEvent && (
        <EventFields
          value={event}
          errors={errors}
          onChange={(patch) => setEvent({ ...event, ...patch })}
        />
      )}
      <FormError error={update.error} shownPaths={(path) => shown.includes(path)} />
      <Group>
        <Button
          onClick={save}
          loading={update.isPending}
          disabled={!name.trim() || (isEvent && (!startsAt || capacity === ''))}
        >
          {t('marketing.campaigns.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('marketing.campaigns.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

/** One variant in one language, as the channel uses it. */
function ContentView({
  channel,
  content,
}: {
  channel: Campaign['channel'];
  content: TemplateContent;
}) {
  const { t } = useTranslation();
  const label = {
    email: t('marketing.campaigns.subject'),
    sms: '',
    call: t('marketing.campaigns.callTitle'),
    mail: t('marketing.campaigns.letterHeading'),
  }[channel];
  return (
    <Stack gap={4}>
      {label && content.subject && (
        <Text size="sm">
          {label}: <b>{content.subject}</b>
        </Text>
      )}
      {(channel === 'sms' || channel === 'call') && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="campaign-content-text">
          {content.text}
        </Text>
      )}
      {(channel === 'email' || channel === 'mail') && (
        <Code block mah={220} style={{ overflow: 'auto' }}>
          {content.mjml}
        </Code>
      )}
    </Stack>
  );
}

/**
 * The campaign's messages: each variant in each language it was written in. Until sending
 * starts they (and the audience) can be changed here; after that the card says why not.
 */
export function CampaignContentCard({
  campaign: c,
  canWrite,
}: {
  campaign: Campaign;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const sent = !isEditable(c);
  return (
    <Card data-testid="campaign-content">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={2} size="h4">
              {t('marketing.campaigns.content')}
            </Title>
            <Badge variant="outline">{t(`marketing.campaigns.channels.${c.channel}`)}</Badge>
          </Group>
          {canWrite && !sent && !editing && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPencil size={16} />}
              onClick={() => setEditing(true)}
              data-testid="campaign-content-edit-button"
            >
              {t('marketing.campaigns.editContent')}
            </Button>
          )}
          {c.channel === 'mail' && sent && <DirectMailDownloads campaign={c} />}
        </Group>
        {editing && <CampaignContentForm campaign={c} onDone={() => setEditing(false)} />}
        {!editing &&
          c.variants.map((variant) => (
            <Stack key={variant.key} gap="xs">
              {c.variants.length > 1 && (
                <Text size="sm" fw={700}>
                  {t('marketing.campaigns.variant')} {variant.key}
                </Text>
              )}
              <SendTimeLine value={variant.sendTime} />
              {Object.entries(variant.contents).map(([language, content]) =>
                content ? (
                  <Stack key={language} gap={2}>
                    {Object.keys(variant.contents).length > 1 && (
                      <Text size="xs" c="dimmed">
                        {/* the keys of `contents` are its languages: Object.entries types them string */}
                        {t(`language.${language as Language}`)}
                      </Text>
                    )}
                    <ContentView channel={c.channel} content={content} />
                  </Stack>
                ) : null,
              )}
            </Stack>
          ))}
        {c.variants.length === 0 && <Alert color="gray">{t('marketing.campaigns.notSet')}</Alert>}
        {!editing && c.channel === 'mail' && (
          <ResponseCodeLine code={c.responseCode} variantKeys={c.variants.map((v) => v.key)} />
        )}
        {canWrite && sent && (
          <Text size="xs" c="dimmed" data-testid="campaign-content-closed">
            {t('marketing.campaigns.contentClosed')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
