import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelOrder, useDeliverOrder } from '../../api/sales.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { orderId: string; opened: boolean; onClose: () => void };

export function DeliverModal({ orderId, opened, onClose }: Props) {
  const { t } = useTranslation();
  const deliver = useDeliverOrder();
  const [vin, setVin] = useState('');
  const [plate, setPlate] = useState('');
  const errors = fieldErrors(deliver.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    deliver.mutate(
      { id: orderId, vin: vin.trim(), plate: plate.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('sales.order.delivered') });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.order.deliverTitle')}>
      <form onSubmit={submit} noValidate data-testid="deliver-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('sales.order.deliverHint')}
          </Text>
          <FormError error={deliver.error} shownPaths={(path) => path in errors} />
          <TextInput
            label={t('sales.order.vin')}
            required
            data-autofocus
            className="mono"
            value={vin}
            onChange={(event) => setVin(event.currentTarget.value.toUpperCase())}
            maxLength={17}
            error={errors.vin}
          />
          <TextInput
            label={t('sales.order.plate')}
            value={plate}
            onChange={(event) => setPlate(event.currentTarget.value)}
            maxLength={20}
            error={errors.plate}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="teal" loading={deliver.isPending} disabled={!vin.trim()}>
              {t('sales.order.deliver')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function CancelModal({ orderId, opened, onClose }: Props) {
  const { t } = useTranslation();
  const cancel = useCancelOrder();
  const [reason, setReason] = useState('');
  const errors = fieldErrors(cancel.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    cancel.mutate(
      { id: orderId, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ message: t('sales.order.cancelled') });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.order.cancelTitle')}>
      <form onSubmit={submit} noValidate data-testid="cancel-order-form">
        <Stack gap="sm">
          <FormError error={cancel.error} shownPaths={(path) => path in errors} />
          <Textarea
            label={t('sales.order.reason')}
            required
            data-autofocus
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={1000}
            error={errors.reason}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('sales.order.keep')}
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending} disabled={!reason.trim()}>
              {t('sales.order.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
