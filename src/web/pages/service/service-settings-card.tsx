import { Button, Card, Group, NumberInput, Table, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useServiceSettings,
  useUpdateServiceSettings,
  type ServiceSettings,
} from '../../api/service.ts';
import { FormError } from '../../components/form-error.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';

type Key = keyof ServiceSettings;
const fields: { key: Key; min: number; max: number; step: number; decimals: number }[] = [
  { key: 'followUpDelayDays', min: 0, max: 60, step: 1, decimals: 0 },
  { key: 'reminderLeadDays', min: 0, max: 120, step: 1, decimals: 0 },
  { key: 'defaultDailyKm', min: 1, max: 2000, step: 1, decimals: 1 },
];

/**
 * The group's after-sales settings: when the after-visit call falls due, how early a service
 * reminder comes, and the daily mileage assumed for cars without readings. Everyone sees them;
 * those who run the process (service:manage) change them.
 */
export function ServiceSettingsCard() {
  const { t } = useTranslation();
  const settings = useServiceSettings();
  const editable = useCan('service:manage');
  return (
    <Card data-testid="service-settings">
      <Title order={3} size="h4" mb="sm">
        {t('service.settings.title')}
      </Title>
      {settings.isError && (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {settings.data &&
        (editable ? (
          <SettingsForm key={JSON.stringify(settings.data)} saved={settings.data} />
        ) : (
          <SettingsTable settings={settings.data} />
        ))}
    </Card>
  );
}

function SettingsTable({ settings }: { settings: ServiceSettings }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table fz="sm" withRowBorders={false}>
      <Table.Tbody>
        {fields.map(({ key }) => (
          <Table.Tr key={key}>
            <Table.Td c="dimmed">{t(`service.settings.${key}`)}</Table.Td>
            <Table.Td className="num">{format.number(settings[key])}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SettingsForm({ saved }: { saved: ServiceSettings }) {
  const { t } = useTranslation();
  const update = useUpdateServiceSettings();
  const errors = fieldErrors(update.error);
  const [values, setValues] = useState<ServiceSettings>(saved);
  // only what changed is sent: two administrators editing different settings keep both
  const changes = Object.fromEntries(
    fields.filter(({ key }) => values[key] !== saved[key]).map(({ key }) => [key, values[key]]),
  ) as Partial<ServiceSettings>;
  const changed = Object.keys(changes).length > 0;
  return (
    <>
      <Group align="flex-end">
        {fields.map(({ key, min, max, step, decimals }) => (
          <NumberInput
            key={key}
            label={t(`service.settings.${key}`)}
            value={values[key]}
            onChange={(value) =>
              setValues((current) => ({ ...current, [key]: Number(value) || 0 }))
            }
            min={min}
            max={max}
            step={step}
            decimalScale={decimals}
            error={errors[key]}
            maw={260}
          />
        ))}
        <Button
          disabled={!changed}
          loading={update.isPending}
          onClick={() =>
            update.mutate(changes, {
              onSuccess: () =>
                notifications.show({ color: 'teal', message: t('service.settings.saved') }),
            })
          }
        >
          {t('service.settings.save')}
        </Button>
      </Group>
      <FormError error={update.error} shownPaths={(path) => path in errors} />
    </>
  );
}
