import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelEvent } from '../../api/event-details.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';

/**
 * Cancelling a sent event from its "Venue, time and places" card: a button, then a second
 * step that says who is told and that it cannot be undone, and asks why (for the event's
 * change history, not told to the guests). The server checks the same rule
 * (owner's level, before the start) and answers 409 otherwise; the error shows here.
 */
export function EventCancelControl({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const cancel = useCancelEvent(campaignId);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!asking) {
    return (
      <Group>
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconCalendarX size={16} />}
          onClick={() => setAsking(true)}
          data-testid="event-cancel"
        >
          {t('eventDetails.cancelEvent')}
        </Button>
      </Group>
    );
  }
  const confirm = () =>
    cancel.mutate(
      { reason: reason.trim() || null },
      {
        onSuccess: (answer) => {
          notifications.show({
            color: 'green',
            message: t('eventDetails.cancelledToast', {
              queued: answer.notices.queued,
              blocked: answer.notices.blocked,
            }),
          });
          setAsking(false);
        },
      },
    );
  return (
    <Alert color="red" variant="light" data-testid="event-cancel-confirm">
      <Stack gap="xs">
        <Text size="sm">{t('eventDetails.cancelEventNote')}</Text>
        <CancelReasonField
          value={reason}
          onChange={setReason}
          error={cancel.error}
          testId="event-cancel-reason"
        />
        <FormError error={cancel.error} shownPaths={(path) => path === 'reason'} />
        <Group>
          <Button color="red" size="xs" loading={cancel.isPending} onClick={confirm}>
            {t('eventDetails.cancelEventConfirm')}
          </Button>
          <Button variant="subtle" size="xs" onClick={() => setAsking(false)}>
            {t('eventDetails.cancelEventKeep')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/**
 * Staff's reason for a cancel, the event's or one guest's (0246): optional, for the records
 * only, at most 500 characters as the server takes it; the server's error on it shows here.
 */
export function CancelReasonField({
  value,
  onChange,
  error,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  error: unknown;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('eventDetails.cancelReason')}
      description={t('eventDetails.reasonInternal')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      maxLength={500}
      autosize
      minRows={2}
      error={fieldErrors(error).reason}
      data-testid={testId}
    />
  );
}
