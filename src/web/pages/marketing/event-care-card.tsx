import { Button, Card, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../api/marketing.ts';
import {
  useEventCare,
  useEventTexts,
  useSaveEventCare,
  type EventCareSettings,
} from '../../api/event-care.ts';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { EventTextsEditor } from './event-texts-editor.tsx';

/** An event's reminder and feedback settings, what went out, and the guests' rating. */
export function EventCareCard({
  campaign,
  canWrite: mayWrite,
}: {
  campaign: Campaign;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const isEvent = campaign.kind === 'event';
  const care = useEventCare(campaign.id, isEvent);
  const save = useSaveEventCare(campaign.id);
  const texts = useEventTexts(campaign.id, isEvent);
  const [showTexts, setShowTexts] = useState(false);
  // seeing an event (a dealer sees the group's) is not running it: the server says which
  const canWrite = mayWrite && (texts.data?.mayEdit ?? true);
  const [form, setForm] = useState<EventCareSettings | null>(null);
  useEffect(() => {
    if (care.data && !form) {
      setForm({
        reminderHoursBefore: care.data.reminderHoursBefore,
        morningReminder: care.data.morningReminder,
        feedback: care.data.feedback,
      });
    }
  }, [care.data, form]);
  if (!isEvent || !care.data || !form) return null;
  const data = care.data;
  const errors = fieldErrors(save.error);
  const sent = (counts: { queued: number; blocked: number }) =>
    t('eventCare.sentBlocked', {
      queued: format.number(counts.queued),
      blocked: format.number(counts.blocked),
    });
  return (
    <Card data-testid="event-care">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('eventCare.title')}
        </Title>
        <Group align="end" gap="lg">
          <Switch
            label={t('eventCare.reminder')}
            checked={form.reminderHoursBefore !== null}
            disabled={!canWrite}
            onChange={(event) =>
              setForm({ ...form, reminderHoursBefore: event.currentTarget.checked ? 48 : null })
            }
          />
          {form.reminderHoursBefore !== null && (
            <NumberInput
              label={t('eventCare.hoursBefore')}
              min={1}
              max={720}
              w={200}
              disabled={!canWrite}
              value={form.reminderHoursBefore}
              error={errors.reminderHoursBefore}
              onChange={(value) =>
                setForm({ ...form, reminderHoursBefore: typeof value === 'number' ? value : 48 })
              }
            />
          )}
        </Group>
        <Switch
          label={t('eventCare.morning')}
          checked={form.morningReminder}
          disabled={!canWrite}
          onChange={(event) => setForm({ ...form, morningReminder: event.currentTarget.checked })}
        />
        <Switch
          label={t('eventCare.feedback')}
          checked={form.feedback}
          disabled={!canWrite}
          onChange={(event) => setForm({ ...form, feedback: event.currentTarget.checked })}
        />
        <FormError error={save.error} shownPaths={(path) => path === 'reminderHoursBefore'} />
        {canWrite && (
          <Group>
            <Button
              variant="light"
              loading={save.isPending}
              onClick={() =>
                save.mutate(form, {
                  onSuccess: () =>
                    notifications.show({ color: 'green', message: t('eventCare.saved') }),
                })
              }
            >
              {t('eventCare.save')}
            </Button>
          </Group>
        )}
        <Group>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => setShowTexts(!showTexts)}
            data-testid="event-texts-toggle"
          >
            {showTexts ? t('eventCare.texts.hide') : t('eventCare.texts.show')}
          </Button>
          {texts.data && (
            <Text size="xs" c="dimmed">
              {t('eventCare.texts.ownCount', {
                n: texts.data.texts.filter((text) => text.own !== null).length,
              })}
            </Text>
          )}
        </Group>
        {showTexts && texts.data && (
          <EventTextsEditor
            campaignId={campaign.id}
            view={texts.data}
            language={campaign.defaultLanguage}
          />
        )}
        <Group gap="xl" data-testid="event-care-counts">
          <Text size="sm">
            {t('eventCare.remindersSent')}: {sent(data.reminders)}
          </Text>
          {(form.morningReminder ||
            data.morningReminders.queued + data.morningReminders.blocked > 0) && (
            <Text size="sm">
              {t('eventCare.morningSent')}: {sent(data.morningReminders)}
            </Text>
          )}
          <Text size="sm">
            {t('eventCare.feedbackSent')}: {sent(data.feedbackRequests)}
          </Text>
          <Text size="sm" data-testid="event-rating">
            {t('eventCare.rating')}:{' '}
            <b>
              {data.rating.average === null
                ? t('eventCare.noRating')
                : t('eventCare.ratingValue', {
                    average: format.number(data.rating.average),
                    count: format.number(data.rating.count),
                  })}
            </b>
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
