import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDealers } from '../../api/org.ts';
import { useAddFleetVehicle } from '../../api/test-drives.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { dealerCode: string; opened: boolean; onClose: () => void };

export function AddFleetVehicleModal({ dealerCode, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`${t('testDrives.fleet.title')} · ${dealerCode}`}
    >
      {opened && <FleetVehicleForm dealerCode={dealerCode} onClose={onClose} />}
    </Modal>
  );
}

function FleetVehicleForm({ dealerCode, onClose }: { dealerCode: string; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddFleetVehicle();
  const dealers = useDealers();
  // the brands this dealer sells; the owner rule judges a drive by the car's brand
  const brands = dealers.data?.find((dealer) => dealer.code === dealerCode)?.brands ?? [];
  const [chosenBrand, setBrand] = useState<string | null>(null);
  const brandCode = chosenBrand ?? (brands.length === 1 ? brands[0]! : null);
  const [model, setModel] = useState('');
  const [vin, setVin] = useState('');
  const [plate, setPlate] = useState('');
  const errors = fieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        dealerCode,
        brandCode: brandCode ?? '',
        model: model.trim(),
        vin: vin.trim(),
        plate: plate.trim() || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('testDrives.fleet.saved') });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError error={add.error} shownPaths={(path) => path in errors} />
        <Select
          label={t('testDrives.fleet.brand')}
          required
          data-testid="fleet-brand"
          data={brands}
          value={brandCode}
          onChange={setBrand}
          error={errors.brandCode}
        />
        <TextInput
          label={t('testDrives.fleet.model')}
          required
          data-autofocus
          value={model}
          onChange={(event) => setModel(event.currentTarget.value)}
          error={errors.model}
          maxLength={120}
        />
        <TextInput
          label={t('testDrives.fleet.vin')}
          required
          value={vin}
          onChange={(event) => setVin(event.currentTarget.value.toUpperCase())}
          error={errors.vin}
          maxLength={25}
        />
        <TextInput
          label={t('testDrives.fleet.plate')}
          value={plate}
          onChange={(event) => setPlate(event.currentTarget.value)}
          error={errors.plate}
          maxLength={20}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            loading={add.isPending}
            disabled={!brandCode || !model.trim() || !vin.trim()}
          >
            {t('testDrives.fleet.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
