import {
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  activityChannels,
  directions,
  outcomes,
  type ActivityChannel,
  type Direction,
  type Outcome,
} from '../../../modules/activities/schema.ts';
import { useLogActivity } from '../../api/tasks.ts';
import { DateTimeField, toIso, type LocalDateTime } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { customerId: string; opened: boolean; onClose: () => void };

export function LogActivityModal({ customerId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('activity.title')} size="lg">
      {opened && <LogActivityForm customerId={customerId} onClose={onClose} />}
    </Modal>
  );
}

/** A call, visit or message with its outcome, and when to get back to the customer. */
function LogActivityForm({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const log = useLogActivity();
  const [channel, setChannel] = useState<ActivityChannel>('call');
  const [direction, setDirection] = useState<Direction>('outbound');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [occurredAt, setOccurredAt] = useState<LocalDateTime | null>(null);
  const [subject, setSubject] = useState('');
  const [note, setNote] = useState('');
  const [nextAt, setNextAt] = useState<LocalDateTime | null>(null);
  const [nextPlan, setNextPlan] = useState('');
  const [dataConfirmed, setDataConfirmed] = useState(false);
  // only a conversation can confirm the data (the server refuses it on other channels)
  const canConfirm = channel === 'call' || channel === 'visit';
  const errors = fieldErrors(log.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate(
      {
        customerId,
        channel,
        direction,
        outcome,
        occurredAt: occurredAt ? toIso(occurredAt) : undefined,
        subject: subject.trim() || null,
        note: note.trim() || null,
        nextContactAt: nextAt ? toIso(nextAt) : null,
        nextContactPlan: nextAt ? nextPlan.trim() || null : null,
        ...(canConfirm && dataConfirmed ? { dataConfirmed: true } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('activity.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="log-activity-form">
      <Stack gap="sm">
        <FormError error={log.error} shownPaths={(path) => path in errors} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('activity.channel')}
            data={options('activityChannel', activityChannels)}
            value={channel}
            onChange={(value) => value && setChannel(value as ActivityChannel)}
            error={errors.channel}
            data-autofocus
          />
          <Select
            label={t('activity.outcome')}
            data={options('outcome', outcomes)}
            value={outcome}
            onChange={(value) => setOutcome(value as Outcome | null)}
            clearable
            searchable
            error={errors.outcome}
          />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('activity.direction')}
          </Text>
          <SegmentedControl
            fullWidth
            value={direction}
            onChange={(value) => setDirection(value as Direction)}
            data={options('direction', directions)}
            aria-label={t('activity.direction')}
          />
        </div>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('activity.subject')}
            value={subject}
            onChange={(event) => setSubject(event.currentTarget.value)}
            error={errors.subject}
            maxLength={300}
          />
          <DateTimeField
            label={t('activity.occurredAt')}
            placeholder={t('activity.now')}
            value={occurredAt}
            onChange={setOccurredAt}
            clearable
            error={errors.occurredAt}
          />
        </SimpleGrid>
        <Textarea
          label={t('activity.note')}
          autosize
          minRows={3}
          maxRows={10}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note}
        />
        {canConfirm && (
          <Checkbox
            label={t('activity.dataConfirmed')}
            description={t('activity.dataConfirmedHint')}
            checked={dataConfirmed}
            onChange={(event) => setDataConfirmed(event.currentTarget.checked)}
            error={errors.dataConfirmed}
          />
        )}
        <Divider label={t('activity.nextContact')} labelPosition="left" mt="xs" />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateTimeField
            label={t('activity.nextContactAt')}
            description={t('activity.nextContactHint')}
            value={nextAt}
            onChange={setNextAt}
            clearable
            error={errors.nextContactAt}
          />
          <TextInput
            label={t('activity.nextContactPlan')}
            description={'\u00a0'}
            value={nextPlan}
            onChange={(event) => setNextPlan(event.currentTarget.value)}
            disabled={!nextAt}
            error={errors.nextContactPlan}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={log.isPending}>
            {t('activity.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
