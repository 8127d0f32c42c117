import {
  Anchor,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  useJourneys,
  useReadyMadeJourneys,
  useSetJourneyEnabled,
  type Trigger,
} from '../../api/journeys.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { useReadyMadeText } from './ready-made-text.ts';

export function useTriggerLabel() {
  const { t } = useTranslation();
  return (trigger: Trigger) =>
    trigger.type === 'lifecycle'
      ? `${t(`journeys.event.${trigger.event}`)}${trigger.year ? ` · ${trigger.year}` : ''}`
      : trigger.type === 'model_arrived'
        ? `${t('journeys.triggerType.model_arrived')}: ${trigger.make} ${trigger.model}${trigger.trim ? ` ${trigger.trim}` : ''}`
        : t(`journeys.triggerType.${trigger.type}`);
}

/** The journeys of my dealer, brand or group: totals, on/off, and a start for a new one. */
export function JourneysPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('journeys.list.title'));
  const canWrite = useCan('journeys:write');
  const journeys = useJourneys();
  const readyMade = useReadyMadeJourneys();
  const setEnabled = useSetJourneyEnabled();
  const navigate = useNavigate();
  const triggerLabel = useTriggerLabel();
  const [template, setTemplate] = useState<string | null>(null);
  const readyMadeText = useReadyMadeText();

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('journeys.list.title')}
      </Title>
      <Text c="dimmed">{t('journeys.list.intro')}</Text>
      {canWrite && (
        <Card>
          <Group align="end">
            <Select
              label={t('journeys.list.fromTemplate')}
              w={360}
              clearable
              value={template}
              onChange={setTemplate}
              data={(readyMade.data ?? []).map((item) => ({
                value: item.key,
                label: readyMadeText(item).name,
              }))}
            />
            <Button
              onClick={() =>
                void navigate(template ? `/journeys/new?template=${template}` : '/journeys/new')
              }
            >
              {template ? t('journeys.list.new') : t('journeys.list.blank')}
            </Button>
          </Group>
        </Card>
      )}
      {journeys.error && (
        <QueryError error={journeys.error} onRetry={() => void journeys.refetch()} />
      )}
      {journeys.data && journeys.data.length === 0 && (
        <EmptyNote>{t('journeys.list.empty')}</EmptyNote>
      )}
      {journeys.data && journeys.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('journeys.list.name')}</Table.Th>
              <Table.Th>{t('journeys.list.trigger')}</Table.Th>
              <Table.Th ta="right">{t('journeys.list.entered')}</Table.Th>
              <Table.Th ta="right">{t('journeys.list.active')}</Table.Th>
              <Table.Th ta="right">{t('journeys.list.converted')}</Table.Th>
              <Table.Th>{t('journeys.list.enabled')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {journeys.data.map((journey) => (
              <Table.Tr key={journey.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/journeys/${journey.id}`}>
                    {journey.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{triggerLabel(journey.trigger)}</Table.Td>
                <Table.Td ta="right">{format.number(journey.totals.entered)}</Table.Td>
                <Table.Td ta="right">{format.number(journey.totals.active)}</Table.Td>
                <Table.Td ta="right">{format.number(journey.totals.converted)}</Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={t('journeys.list.enabled')}
                    checked={journey.enabled}
                    disabled={!canWrite || setEnabled.isPending}
                    onChange={(e) =>
                      setEnabled.mutate({ id: journey.id, enabled: e.currentTarget.checked })
                    }
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
