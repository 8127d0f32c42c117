import {
  Button,
  Group,
  Modal,
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
  complaintCategories,
  complaintChannels,
  severities,
  type ComplaintCategory,
  type ComplaintChannel,
  type Severity,
} from '../../../modules/complaints/schema.ts';
import { useOpenComplaint } from '../../api/complaints.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import type { Customer360 } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';

type Props = { customer: Customer360; opened: boolean; onClose: () => void };

export function NewComplaintModal({ customer, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('service.complaints.newComplaint')} size="lg">
      {opened && <NewComplaintForm customer={customer} onClose={onClose} />}
    </Modal>
  );
}

function NewComplaintForm({ customer, onClose }: { customer: Customer360; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const dealers = useDealers();
  const open = useOpenComplaint();
  const errors = fieldErrors(open.error);
  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId);
  const [dealerCode, setDealerCode] = useState<string | null>(customer.dealers[0]?.code ?? null);
  const [vehicleId, setVehicleId] = useState<string | null>(null);
  const [channel, setChannel] = useState<ComplaintChannel>('phone');
  const [category, setCategory] = useState<ComplaintCategory>('service_quality');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate(
      {
        customerId: customer.profile.id,
        ...(ownDealer ? {} : dealerCode ? { dealerCode } : {}),
        vehicleId,
        channel,
        category,
        severity,
        subject: subject.trim(),
        description: description.trim() || null,
      },
      {
        onSuccess: ({ number }) => {
          notifications.show({ color: 'teal', message: t('service.complaints.saved', { number }) });
          onClose();
        },
      },
    );
  };

  const choices = <T extends string>(values: readonly T[], vocabulary: string) =>
    values.map((value) => ({
      value,
      label: (t as unknown as (key: string) => string)(`service.${vocabulary}.${value}`),
    }));

  return (
    <form onSubmit={submit} noValidate data-testid="new-complaint-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {customer.profile.displayName}
        </Text>
        <FormError error={open.error} shownPaths={(path) => path in errors} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {!ownDealer && (
            <Select
              label={t('service.complaints.dealer')}
              required
              data={dealerOptions(dealers.data, (dealer) => dealer.inScope)}
              value={dealerCode}
              onChange={setDealerCode}
              searchable
              error={errors.dealerCode}
            />
          )}
          <Select
            label={t('service.complaints.vehicle')}
            placeholder={t('service.complaints.noVehicle')}
            data={customer.vehicles.map((vehicle) => ({
              value: vehicle.id,
              label: [vehicle.makeName, vehicle.modelName, vehicle.plate ?? vehicle.vin]
                .filter(Boolean)
                .join(' '),
            }))}
            value={vehicleId}
            onChange={setVehicleId}
            clearable
            error={errors.vehicleId}
          />
          <Select
            label={t('service.complaints.channel')}
            required
            data={choices(complaintChannels, 'complaintChannel')}
            value={channel}
            onChange={(value) => value && setChannel(value as ComplaintChannel)}
          />
          <Select
            label={t('service.complaints.category')}
            required
            data={choices(complaintCategories, 'complaintCategory')}
            value={category}
            onChange={(value) => value && setCategory(value as ComplaintCategory)}
          />
          <Select
            label={t('service.complaints.severity')}
            required
            data={choices(severities, 'severity')}
            value={severity}
            onChange={(value) => value && setSeverity(value as Severity)}
          />
        </SimpleGrid>
        <TextInput
          label={t('service.complaints.subject')}
          required
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
          maxLength={300}
          error={errors.subject}
        />
        <Textarea
          label={t('service.complaints.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={10_000}
          error={errors.description}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={open.isPending} disabled={!subject.trim()}>
            {t('service.complaints.newComplaint')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
