import {
  Autocomplete,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useCatalog, useCreateOrder, usePriceList } from '../../api/sales.ts';
import { DateField } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';
import { toMajor, toMinor } from './money.ts';

type Customer = { id: string; displayName: string; dealerCodes: string[] };
type Props = { customer: Customer; opened: boolean; onClose: () => void };

export function NewOrderModal({ customer, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.form.title')} size="lg">
      {opened && <NewOrderForm customer={customer} onClose={onClose} />}
    </Modal>
  );
}

const amount = (value: string | number) => (typeof value === 'number' ? value : null);

function NewOrderForm({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const dealers = useDealers();
  const catalog = useCatalog();
  const create = useCreateOrder();
  const [dealerCode, setDealerCode] = useState<string | null>(customer.dealerCodes[0] ?? null);
  const [makeId, setMakeId] = useState<string | null>(null);
  const [modelId, setModelId] = useState<string | null>(null);
  const [trimId, setTrimId] = useState<string | null>(null);
  const [colour, setColour] = useState('');
  const [listPrice, setListPrice] = useState<number | null>(null);
  const [discount, setDiscount] = useState<number | null>(null);
  const [plannedDelivery, setPlannedDelivery] = useState<string | null>(null);
  const [withTradeIn, setWithTradeIn] = useState(false);
  const [tradeIn, setTradeIn] = useState({ vin: '', make: '', model: '' });
  const [tradeInYear, setTradeInYear] = useState<number | null>(null);
  const [mileage, setMileage] = useState<number | null>(null);
  const [appraisal, setAppraisal] = useState<number | null>(null);
  const prices = usePriceList(modelId);
  const errors = fieldErrors(create.error);

  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId);
  const chosenDealer = ownDealer ?? dealers.data?.find((dealer) => dealer.code === dealerCode);
  const currency =
    prices.data?.trims.find((trim) => trim.id === trimId)?.currency ??
    chosenDealer?.currency ??
    'RUB';
  const makes = catalog.data?.makes ?? [];
  const models = makes.find((make) => make.id === makeId)?.models ?? [];

  const chooseTrim = (id: string | null) => {
    setTrimId(id);
    const trim = prices.data?.trims.find((item) => item.id === id);
    if (trim?.basePriceMinor != null)
      setListPrice(toMajor(trim.basePriceMinor, trim.currency ?? currency));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!modelId) return;
    create.mutate(
      {
        customerId: customer.id,
        ...(ownDealer ? {} : dealerCode ? { dealerCode } : {}),
        modelId,
        trimId,
        colour: colour.trim() || null,
        ...(listPrice !== null ? { listPriceMinor: toMinor(listPrice, currency) } : {}),
        ...(discount !== null ? { discountMinor: toMinor(discount, currency) } : {}),
        plannedDeliveryDate: plannedDelivery,
        tradeIn: withTradeIn
          ? {
              vin: tradeIn.vin.trim() || null,
              make: tradeIn.make.trim(),
              model: tradeIn.model.trim() || null,
              year: tradeInYear,
              mileageKm: mileage,
              appraisalMinor: appraisal !== null ? toMinor(appraisal, currency) : null,
            }
          : null,
      },
      {
        onSuccess: ({ id }) => {
          notifications.show({ color: 'teal', message: t('sales.form.saved') });
          onClose();
          void navigate(`/orders/${id}`);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="new-order-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {customer.displayName}
        </Text>
        <FormError error={create.error} shownPaths={(path) => path in errors} />
        {!ownDealer && (
          <Select
            label={t('sales.form.dealer')}
            required
            data={dealerOptions(
              dealers.data,
              (dealer) => dealer.inScope && dealer.kind === 'dealer',
            )}
            value={dealerCode}
            onChange={setDealerCode}
            searchable
            error={errors.dealerCode}
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('sales.form.make')}
            required
            data={makes.map((make) => ({ value: make.id, label: make.name }))}
            value={makeId}
            onChange={(value) => {
              setMakeId(value);
              setModelId(null);
              setTrimId(null);
            }}
            searchable
          />
          <Select
            label={t('sales.form.model')}
            required
            data={models.map((model) => ({ value: model.id, label: model.name }))}
            value={modelId}
            onChange={(value) => {
              setModelId(value);
              setTrimId(null);
            }}
            disabled={!makeId}
            searchable
            error={errors.modelId}
          />
          <Select
            label={t('sales.form.trim')}
            data={(prices.data?.trims ?? []).map((trim) => ({ value: trim.id, label: trim.name }))}
            value={trimId}
            onChange={chooseTrim}
            disabled={!modelId}
            clearable
            error={errors.trimId}
          />
          <Autocomplete
            label={t('sales.form.colour')}
            data={[...new Set((prices.data?.colours ?? []).map((item) => item.name))]}
            value={colour}
            onChange={setColour}
            maxLength={60}
            error={errors.colour}
          />
          <NumberInput
            label={`${t('sales.form.listPrice')}, ${currency}`}
            value={listPrice ?? ''}
            onChange={(value) => setListPrice(amount(value))}
            min={0}
            decimalScale={2}
            thousandSeparator=" "
            error={errors.listPriceMinor}
          />
          <NumberInput
            label={`${t('sales.form.discount')}, ${currency}`}
            description={t('sales.form.discountHint')}
            value={discount ?? ''}
            onChange={(value) => setDiscount(amount(value))}
            min={0}
            decimalScale={2}
            thousandSeparator=" "
            error={errors.discountMinor}
          />
        </SimpleGrid>
        <DateField
          label={t('sales.form.plannedDelivery')}
          value={plannedDelivery}
          onChange={setPlannedDelivery}
          error={errors.plannedDeliveryDate}
        />
        <Checkbox
          label={t('sales.form.withTradeIn')}
          checked={withTradeIn}
          onChange={(event) => setWithTradeIn(event.currentTarget.checked)}
        />
        {withTradeIn && (
          <Fieldset legend={t('sales.form.tradeIn')}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label={t('sales.form.tradeInMake')}
                required
                value={tradeIn.make}
                onChange={(event) => setTradeIn({ ...tradeIn, make: event.currentTarget.value })}
                error={errors['tradeIn.make']}
              />
              <TextInput
                label={t('sales.form.tradeInModel')}
                value={tradeIn.model}
                onChange={(event) => setTradeIn({ ...tradeIn, model: event.currentTarget.value })}
              />
              <TextInput
                label={t('sales.form.tradeInVin')}
                className="mono"
                value={tradeIn.vin}
                onChange={(event) =>
                  setTradeIn({ ...tradeIn, vin: event.currentTarget.value.toUpperCase() })
                }
                maxLength={17}
                error={errors['tradeIn.vin']}
              />
              <NumberInput
                label={t('sales.form.tradeInYear')}
                value={tradeInYear ?? ''}
                onChange={(value) => setTradeInYear(amount(value))}
                min={1950}
                max={2100}
                error={errors['tradeIn.year']}
              />
              <NumberInput
                label={t('sales.form.tradeInMileage')}
                value={mileage ?? ''}
                onChange={(value) => setMileage(amount(value))}
                min={0}
                thousandSeparator=" "
                error={errors['tradeIn.mileageKm']}
              />
              <NumberInput
                label={`${t('sales.form.appraisal')}, ${currency}`}
                value={appraisal ?? ''}
                onChange={(value) => setAppraisal(amount(value))}
                min={0}
                decimalScale={2}
                thousandSeparator=" "
                error={errors['tradeIn.appraisalMinor']}
              />
            </SimpleGrid>
          </Fieldset>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!modelId}>
            {t('sales.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
