import {
  Button,
  Group,
  Modal,
  NumberInput,
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
import { payers, visitTypes, type Payer, type VisitType } from '../../../modules/service/schema.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useRecordVisit, useVehicleRecalls } from '../../api/service.ts';
import { DateField } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';
import { toMinor } from '../sales/money.ts';
import {
  ReceptionConfirmationField,
  type ReceptionConfirmation,
} from './reception-confirmation.tsx';
import { VisitLinesEditor, linesPayload, type LineDraft } from './visit-lines-editor.tsx';

type Props = { vehicleId: string; title: string; opened: boolean; onClose: () => void };

export function RecordVisitModal({ vehicleId, title, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('service.form.title')} size="xl">
      {opened && <RecordVisitForm vehicleId={vehicleId} title={title} onClose={onClose} />}
    </Modal>
  );
}

const amount = (value: string | number) => (typeof value === 'number' ? value : null);
const today = () => new Date().toISOString().slice(0, 10);

function RecordVisitForm({
  vehicleId,
  title,
  onClose,
}: {
  vehicleId: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useSession();
  const { options } = useVocabulary();
  const dealers = useDealers();
  const record = useRecordVisit();
  const errors = fieldErrors(record.error);
  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId);
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [visitDate, setVisitDate] = useState<string | null>(today());
  const [mileage, setMileage] = useState<number | null>(null);
  const [visitType, setVisitType] = useState<VisitType>('maintenance');
  const [paidBy, setPaidBy] = useState<Payer | null>(null);
  const [orderNumber, setOrderNumber] = useState('');
  const [description, setDescription] = useState('');
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [recallId, setRecallId] = useState<string | null>(null);
  const [reception, setReception] = useState<ReceptionConfirmation>({
    confirmed: false,
    checks: [],
  });
  const openRecalls = (useVehicleRecalls(vehicleId).data ?? []).filter(
    (recall) => recall.status === 'open',
  );
  const chosenDealer = ownDealer ?? dealers.data?.find((dealer) => dealer.code === dealerCode);
  const currency = chosenDealer?.currency ?? 'RUB';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!visitDate) return;
    record.mutate(
      {
        vehicleId,
        ...(ownDealer ? {} : dealerCode ? { dealerCode } : {}),
        visitDate,
        mileageKm: mileage,
        visitType,
        ...(paidBy ? { paidBy } : {}),
        orderNumber: orderNumber.trim() || null,
        description: description.trim() || null,
        lines: linesPayload(lines, currency),
        ...(visitType === 'recall' && recallId ? { recallCampaignId: recallId } : {}),
        ...(lines.length === 0 && total !== null ? { totalMinor: toMinor(total, currency) } : {}),
        ...(reception.confirmed
          ? {
              dataConfirmed: true,
              ...(reception.checks.length ? { confirmedChecks: reception.checks } : {}),
            }
          : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('service.form.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="record-visit-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {title}
        </Text>
        <FormError
          error={record.error}
          shownPaths={(path) => path in errors || path.startsWith('lines.')}
        />
        {!ownDealer && (
          <Select
            label={t('service.form.dealer')}
            required
            data={dealerOptions(
              dealers.data,
              (dealer) => dealer.inScope && dealer.kind !== 'parts_retailer',
            )}
            value={dealerCode}
            onChange={setDealerCode}
            searchable
            error={errors.dealerCode}
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm">
          <DateField
            label={t('service.form.date')}
            value={visitDate}
            onChange={setVisitDate}
            maxDate={today()}
            error={errors.visitDate}
          />
          <NumberInput
            label={t('service.form.mileage')}
            value={mileage ?? ''}
            onChange={(value) => setMileage(amount(value))}
            min={0}
            max={3_000_000}
            thousandSeparator=" "
            error={errors.mileageKm}
          />
          <TextInput
            label={t('service.form.orderNumber')}
            value={orderNumber}
            onChange={(event) => setOrderNumber(event.currentTarget.value)}
            maxLength={40}
            error={errors.orderNumber}
          />
          <Select
            label={t('service.form.type')}
            required
            data={options('visitType', visitTypes)}
            value={visitType}
            onChange={(value) => value && setVisitType(value as VisitType)}
          />
          <Select
            label={t('service.form.paidBy')}
            data={options('payer', payers)}
            value={paidBy}
            onChange={(value) => setPaidBy(value as Payer | null)}
            placeholder={
              visitType === 'warranty'
                ? options('payer', ['warranty'])[0]?.label
                : options('payer', ['customer'])[0]?.label
            }
            clearable
          />
        </SimpleGrid>
        {visitType === 'recall' && openRecalls.length > 0 && (
          <Select
            label={t('service.recalls.campaign')}
            placeholder={t('service.recalls.allOpen')}
            data={openRecalls.map((recall) => ({
              value: recall.campaignId,
              label: `${recall.code} · ${recall.title}`,
            }))}
            value={recallId}
            onChange={setRecallId}
            clearable
            error={errors.recallCampaignId}
          />
        )}
        <Textarea
          label={t('service.form.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
          error={errors.description}
        />
        <VisitLinesEditor
          lines={lines}
          onChange={setLines}
          total={total}
          onTotalChange={setTotal}
          currency={currency}
          errors={errors}
        />
        <ReceptionConfirmationField
          vehicleId={vehicleId}
          value={reception}
          onChange={setReception}
          errors={errors}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending} disabled={!visitDate}>
            {t('service.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
