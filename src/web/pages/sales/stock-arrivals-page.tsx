import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTruckDelivery } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useCatalog } from '../../api/sales.ts';
import { useRecordStockArrival, useStockArrivals } from '../../api/stock-arrivals.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan, useSession } from '../../session/session-context.tsx';

/** Record a car that came into stock: the prospects who asked for that model are invited. */
function ArrivalForm() {
  const { t } = useTranslation();
  const me = useSession();
  const dealers = useDealers();
  const catalog = useCatalog();
  const record = useRecordStockArrival();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [make, setMake] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [trim, setTrim] = useState('');
  const [vin, setVin] = useState('');
  const errors = fieldErrors(record.error);
  // a dealer's people record their own stock; staff above dealers pick the dealer
  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId);
  const makes = catalog.data?.makes ?? [];
  const models = makes.find((item) => item.name === make)?.models ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!make || !model) return;
    record.mutate(
      {
        ...(ownDealer ? {} : dealerCode ? { dealerCode } : {}),
        make,
        model,
        trim: trim.trim() || null,
        vin: vin.trim() || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('sales.stock.saved') });
          setModel(null);
          setTrim('');
          setVin('');
        },
      },
    );
  };

  return (
    <Card>
      <form onSubmit={submit} noValidate data-testid="stock-arrival-form">
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('sales.stock.record')}
          </Title>
          <FormError error={record.error} shownPaths={(path) => path in errors} />
          <SimpleGrid cols={{ base: 1, sm: ownDealer ? 4 : 5 }} spacing="sm">
            {!ownDealer && (
              <Select
                label={t('sales.stock.dealer')}
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
            <Select
              label={t('sales.form.make')}
              required
              data={makes.map((item) => item.name)}
              value={make}
              onChange={(value) => {
                setMake(value);
                setModel(null);
              }}
              searchable
              error={errors.make}
            />
            <Select
              label={t('sales.form.model')}
              required
              data={models.map((item) => item.name)}
              value={model}
              onChange={setModel}
              disabled={!make}
              searchable
              error={errors.model}
            />
            <TextInput
              label={t('sales.form.trim')}
              value={trim}
              onChange={(event) => setTrim(event.currentTarget.value)}
              maxLength={80}
              error={errors.trim}
            />
            <TextInput
              label={t('sales.stock.vin')}
              value={vin}
              onChange={(event) => setVin(event.currentTarget.value.toUpperCase())}
              maxLength={30}
              error={errors.vin}
            />
          </SimpleGrid>
          <Group>
            <Button
              type="submit"
              leftSection={<IconTruckDelivery size={16} />}
              loading={record.isPending}
              disabled={!make || !model || (!ownDealer && !dealerCode)}
            >
              {t('sales.stock.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Cars that arrived at the dealers the user sees, newest first. */
export function StockArrivalsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('sales.stock.title'));
  const canRecord = useCan('orders:write');
  const arrivals = useStockArrivals();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('sales.stock.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={820}>
          {t('sales.stock.intro')}
        </Text>
      </div>
      {canRecord && <ArrivalForm />}
      {arrivals.isError && (
        <QueryError error={arrivals.error} onRetry={() => void arrivals.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" striped data-testid="stock-arrivals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.stock.arrivedAt')}</Table.Th>
                <Table.Th>{t('sales.stock.dealer')}</Table.Th>
                <Table.Th>{t('sales.form.make')}</Table.Th>
                <Table.Th>{t('sales.form.model')}</Table.Th>
                <Table.Th>{t('sales.form.trim')}</Table.Th>
                <Table.Th>{t('sales.stock.vin')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(arrivals.data?.items ?? []).map((arrival) => (
                <Table.Tr key={arrival.id}>
                  <Table.Td>{format.dateTime(arrival.arrivedAt)}</Table.Td>
                  <Table.Td>{arrival.dealerCode}</Table.Td>
                  <Table.Td>{arrival.make}</Table.Td>
                  <Table.Td>{arrival.model}</Table.Td>
                  <Table.Td>{arrival.trim ?? ''}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {arrival.vin ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {arrivals.isSuccess && arrivals.data.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('sales.stock.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
