import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelVisit } from '../../api/service-corrections.ts';
import type { ServiceVisit } from '../../api/service.ts';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { visit: ServiceVisit | null; onClose: () => void };

/** Cancels a visit recorded by mistake, after the user has read what that undoes. */
export function VisitCancelModal({ visit, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={visit !== null} onClose={onClose} title={t('service.correction.cancelTitle')}>
      {visit && <CancelForm visit={visit} onClose={onClose} />}
    </Modal>
  );
}

function CancelForm({ visit, onClose }: { visit: ServiceVisit; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cancel = useCancelVisit();
  const errors = fieldErrors(cancel.error);
  const [reason, setReason] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    cancel.mutate(
      { visitId: visit.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('service.correction.cancelled') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="visit-cancel-form">
      <Stack gap="sm">
        <FormError error={cancel.error} shownPaths={(path) => path in errors} />
        <Alert color="orange">
          {t('service.correction.cancelWarning', {
            date: format.date(visit.visitDate),
            order: visit.orderNumber ?? '—',
          })}
        </Alert>
        <Textarea
          label={t('service.correction.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
          required
          error={errors.reason}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('service.correction.back')}
          </Button>
          <Button
            type="submit"
            color="red"
            loading={cancel.isPending}
            disabled={reason.trim().length < 3}
          >
            {t('service.correction.confirmCancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
