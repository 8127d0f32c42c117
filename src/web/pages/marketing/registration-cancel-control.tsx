import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelRegistration } from '../../api/event-details.ts';
import type { RegistrationView } from '../../api/marketing.ts';
import { FormError } from '../../components/form-error.tsx';
import { CancelReasonField } from './event-cancel-control.tsx';

type Props = { campaignId: string; guest: RegistrationView };

/**
 * A guest row's "Cancel" (a guest on the phone who cannot come): a dialog that says what
 * happens and asks why, for the record. The server checks the rule (scope, before the start,
 * the event not cancelled) and answers 4xx otherwise; the error shows in the dialog.
 */
export function RegistrationCancelButton({ campaignId, guest }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        leftSection={<IconUserX size={14} />}
        onClick={() => setOpened(true)}
        data-testid="registration-cancel"
      >
        {t('eventDetails.guestCancel')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('eventDetails.guestCancelTitle', { name: guest.displayName })}
      >
        {opened && (
          <CancelForm campaignId={campaignId} guest={guest} onClose={() => setOpened(false)} />
        )}
      </Modal>
    </>
  );
}

function CancelForm({ campaignId, guest, onClose }: Props & { onClose: () => void }) {
  const { t } = useTranslation();
  const cancel = useCancelRegistration(campaignId);
  const [reason, setReason] = useState('');
  const confirm = () =>
    cancel.mutate(
      { customerId: guest.customerId, reason: reason.trim() || null },
      {
        onSuccess: (answer) => {
          notifications.show({
            color: 'green',
            message: t(
              answer.notices.queued > 0
                ? 'eventDetails.guestCancelledTold'
                : 'eventDetails.guestCancelledSilent',
              { name: guest.displayName },
            ),
          });
          onClose();
        },
      },
    );
  return (
    <Stack gap="sm" data-testid="registration-cancel-form">
      <Text size="sm">
        {t(
          guest.status === 'registered' && !guest.walkIn
            ? 'eventDetails.guestCancelNotePlace'
            : 'eventDetails.guestCancelNote',
        )}
      </Text>
      <CancelReasonField
        value={reason}
        onChange={setReason}
        error={cancel.error}
        testId="registration-cancel-reason"
      />
      <FormError error={cancel.error} shownPaths={(path) => path === 'reason'} />
      <Group>
        <Button
          color="red"
          loading={cancel.isPending}
          onClick={confirm}
          data-testid="registration-cancel-confirm"
        >
          {t('eventDetails.guestCancelConfirm')}
        </Button>
        <Button variant="subtle" onClick={onClose}>
          {t('eventDetails.guestCancelKeep')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Under a cancelled guest's status: staff who cancelled him and why (his own cancel: nothing). */
export function CancelledNote({ guest }: { guest: RegistrationView }) {
  const { t } = useTranslation();
  if (!guest.cancelledBy) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="registration-cancelled-by">
      {t('eventDetails.guestCancelledBy', { name: guest.cancelledBy.name })}
      {guest.cancelReason ? `: ${guest.cancelReason}` : ''}
    </Text>
  );
}
