import { Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStaffingGuide, type StaffingBand } from '../../api/staffing.ts';
import { withQuery } from '../../api/client.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';

function bandLabel(band: StaffingBand, t: TFunction, format: Formatters): string {
  const min = band.minTarget === null ? null : format.number(band.minTarget);
  const max = band.maxTarget === null ? null : format.number(band.maxTarget);
  if (min !== null && max !== null) return t('staffing.between', { min, max });
  if (min !== null) return t('staffing.from', { min });
  return t('staffing.under', { max: max ?? '' });
}

const exportUrl = (target: number | null, format: 'csv' | 'xlsx') =>
  withQuery('/api/analytics/staffing-guide/export', {
    annualTarget: target ?? undefined,
    format,
    ...(format === 'csv' ? { table: 'staffingGuide' } : {}),
  });

/** Seed 002's table: the dealer CRM team for an annual sales target. */
export function StaffingGuidePage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('staffing.title'));
  const [target, setTarget] = useState<number | null>(800);
  const guide = useStaffingGuide(target);
  const advice = guide.data?.advice ?? null;
  const count = (value: number | null) => (value === null ? '—' : format.number(value));

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('staffing.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          {t('staffing.intro')}
        </Text>
      </div>
      <Group align="flex-end" justify="space-between">
        <NumberInput
          label={t('staffing.target')}
          value={target ?? ''}
          onChange={(value) => setTarget(typeof value === 'number' ? value : null)}
          min={0}
          max={1_000_000}
          step={50}
          thousandSeparator=" "
          w={260}
        />
        <ExportButtons
          xlsx={exportUrl(target, 'xlsx')}
          csv={exportUrl(target, 'csv')}
          testId="staffing-export"
        />
      </Group>
      {guide.isError && <QueryError error={guide.error} onRetry={() => void guide.refetch()} />}
      {advice && (
        <Card data-testid="staffing-advice">
          <Stack gap={6}>
            <Title order={2} size="h4">
              {t('staffing.advice', { target: format.number(advice.annualTarget) })}
            </Title>
            <Group gap="xl">
              <Text>
                {t('staffing.managers')}: <b>{count(advice.managers)}</b>
              </Text>
              <Text>
                {t('staffing.loyalty')}: <b>{count(advice.loyaltySpecialists)}</b>
              </Text>
              <Text>
                {t('staffing.conquest')}: <b>{count(advice.conquestDataSpecialists)}</b>
              </Text>
              <Text>
                {t('staffing.total')}:{' '}
                <b>{advice.total === null ? t('staffing.notGiven') : count(advice.total)}</b>
              </Text>
            </Group>
            {advice.note && (
              <Text size="sm" c="dimmed">
                {t(`staffing.notes.${advice.note}`)}
              </Text>
            )}
          </Stack>
        </Card>
      )}
      <Card padding={0}>
        <Table verticalSpacing="sm" data-testid="staffing-bands">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staffing.band')}</Table.Th>
              <Table.Th ta="right">{t('staffing.managers')}</Table.Th>
              <Table.Th ta="right">{t('staffing.loyalty')}</Table.Th>
              <Table.Th ta="right">{t('staffing.conquest')}</Table.Th>
              <Table.Th>{t('staffing.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(guide.data?.bands ?? []).map((band) => {
              const current =
                advice !== null &&
                band.minTarget === advice.minTarget &&
                band.maxTarget === advice.maxTarget;
              return (
                <Table.Tr
                  key={`${band.minTarget}-${band.maxTarget}`}
                  bg={current ? 'var(--mantine-color-blue-light)' : undefined}
                  aria-current={current ? 'true' : undefined}
                >
                  <Table.Td>{bandLabel(band, t, format)}</Table.Td>
                  <Table.Td ta="right">{count(band.managers)}</Table.Td>
                  <Table.Td ta="right">{count(band.loyaltySpecialists)}</Table.Td>
                  <Table.Td ta="right">{count(band.conquestDataSpecialists)}</Table.Td>
                  <Table.Td>{band.note ? t(`staffing.notes.${band.note}`) : ''}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
