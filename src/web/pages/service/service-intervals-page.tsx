import { Button, Card, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalog } from '../../api/sales.ts';
import {
  useServiceIntervals,
  useSetServiceInterval,
  type ServiceIntervalRow,
} from '../../api/service.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { ComplaintSlaCard } from '../complaints/complaint-sla-card.tsx';
import { ServiceSettingsCard } from './service-settings-card.tsx';

/** One editable row: km and months, saved together. */
function IntervalRow({ row, editable }: { row: ServiceIntervalRow; editable: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSetServiceInterval();
  const [km, setKm] = useState<number>(row.intervalKm);
  const [months, setMonths] = useState<number>(row.intervalMonths);
  const errors = fieldErrors(save.error);
  const changed = km !== row.intervalKm || months !== row.intervalMonths;
  const name = row.modelId
    ? [row.makeName, row.modelName].filter(Boolean).join(' ')
    : t('service.intervals.default');
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={row.modelId ? 400 : 600}>
          {name}
        </Text>
      </Table.Td>
      <Table.Td>
        {editable ? (
          <NumberInput
            aria-label={`${name}: ${t('service.intervals.km')}`}
            value={km}
            onChange={(value) => setKm(Number(value))}
            min={1000}
            max={100_000}
            step={1000}
            thousandSeparator=" "
            error={errors.intervalKm}
            maw={160}
          />
        ) : (
          format.km(row.intervalKm)
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <NumberInput
            aria-label={`${name}: ${t('service.intervals.months')}`}
            value={months}
            onChange={(value) => setMonths(Number(value))}
            min={1}
            max={60}
            error={errors.intervalMonths}
            maw={120}
          />
        ) : (
          format.number(row.intervalMonths)
        )}
      </Table.Td>
      {editable && (
        <Table.Td>
          <Button
            size="xs"
            disabled={!changed}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { modelId: row.modelId, intervalKm: km, intervalMonths: months },
                {
                  onSuccess: () =>
                    notifications.show({ color: 'teal', message: t('service.intervals.saved') }),
                },
              )
            }
          >
            {t('service.intervals.save')}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** Gives a catalogue model without an interval of its own one (the default's values to start). */
function AddModelCard({ rows }: { rows: ServiceIntervalRow[] }) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const save = useSetServiceInterval();
  const [modelId, setModelId] = useState<string | null>(null);
  const fallback = rows.find((row) => row.modelId === null);
  const [km, setKm] = useState<number>(fallback?.intervalKm ?? 15_000);
  const [months, setMonths] = useState<number>(fallback?.intervalMonths ?? 12);
  const listed = new Set(rows.map((row) => row.modelId));
  const options = (catalog.data?.makes ?? []).map((make) => ({
    group: make.name,
    items: make.models
      .filter((model) => !listed.has(model.id))
      .map((model) => ({ value: model.id, label: `${make.name} ${model.name}` })),
  }));
  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('service.intervals.addModel')}
      </Title>
      <Group align="flex-end">
        <Select
          label={t('service.intervals.model')}
          data={options}
          value={modelId}
          onChange={setModelId}
          searchable
          miw={260}
        />
        <NumberInput
          label={t('service.intervals.km')}
          value={km}
          onChange={(value) => setKm(Number(value))}
          min={1000}
          max={100_000}
          step={1000}
          thousandSeparator=" "
          maw={160}
        />
        <NumberInput
          label={t('service.intervals.months')}
          value={months}
          onChange={(value) => setMonths(Number(value))}
          min={1}
          max={60}
          maw={120}
        />
        <Button
          disabled={!modelId}
          loading={save.isPending}
          onClick={() =>
            modelId &&
            save.mutate(
              { modelId, intervalKm: km, intervalMonths: months },
              { onSuccess: () => setModelId(null) },
            )
          }
        >
          {t('service.intervals.add')}
        </Button>
      </Group>
      <FormError error={save.error} />
    </Card>
  );
}

/** Service intervals per catalogue model: "every N km or M months, whichever first". */
export function ServiceIntervalsPage() {
  const { t } = useTranslation();
  usePageTitle(t('service.intervals.title'));
  const intervals = useServiceIntervals();
  const editable = useCan('catalog:write');
  return (
    <Stack>
      <div>
        <Title order={2}>{t('service.intervals.title')}</Title>
        <Text c="dimmed" size="sm" maw={820}>
          {t('service.intervals.intro')}
        </Text>
      </div>
      {intervals.isError && (
        <QueryError error={intervals.error} onRetry={() => intervals.refetch()} />
      )}
      {intervals.data && (
        <Card>
          <Table striped data-testid="service-intervals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.intervals.model')}</Table.Th>
                <Table.Th>{t('service.intervals.km')}</Table.Th>
                <Table.Th>{t('service.intervals.months')}</Table.Th>
                {editable && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {intervals.data.map((row) => (
                <IntervalRow
                  key={`${row.modelId ?? 'default'}-${row.intervalKm}-${row.intervalMonths}`}
                  row={row}
                  editable={editable}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {editable && intervals.data && <AddModelCard rows={intervals.data} />}
      <ServiceSettingsCard />
      <ComplaintSlaCard />
    </Stack>
  );
}
