import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { clubKpisExportUrl } from '../../api/analytics.ts';
import { useClubKpis } from '../../api/club.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { percent } from './percent.ts';

/** Seed 002's two club KPIs against their targets, per club and home dealer. */
export function ClubKpiCard() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const kpis = useClubKpis();
  const data = kpis.data;
  const pct = (value: number | null) => percent(value, i18n.language);

  return (
    <Card data-testid="club-kpis">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('club.kpis.title')}
          </Title>
          {data && (
            <Group gap="sm">
              <Text size="xs" c="dimmed" data-testid="club-kpis-as-of">
                {t('club.kpis.asOf', { date: format.date(data.asOf) })}
                {data.keptAsOf &&
                  ` · ${t('club.kpis.keptAsOf', { time: format.dateTime(data.keptAsOf) })}`}
              </Text>
              <ExportButtons
                xlsx={clubKpisExportUrl('xlsx')}
                csv={clubKpisExportUrl('csv')}
                testId="club-kpis-export"
              />
            </Group>
          )}
        </Group>
        {kpis.isError && <QueryError error={kpis.error} onRetry={() => void kpis.refetch()} />}
        {data && data.items.length === 0 && <EmptyNote>{t('club.kpis.empty')}</EmptyNote>}
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('club.kpis.club')}</Table.Th>
                  <Table.Th ta="right">{t('club.kpis.members')}</Table.Th>
                  <Table.Th ta="right">
                    {t('club.kpis.dormantShare')}
                    <Text size="xs" c="dimmed" fw={400}>
                      {t('club.kpis.dormantTarget', { target: pct(data.targets.dormantShareMax) })}
                    </Text>
                  </Table.Th>
                  <Table.Th ta="right">
                    {t('club.kpis.repurchaseRate')}
                    <Text size="xs" c="dimmed" fw={400}>
                      {t('club.kpis.repurchaseTarget', {
                        target: pct(data.targets.repurchaseRateMin),
                      })}
                    </Text>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((row) => (
                  <Table.Tr key={`${row.clubId}-${row.dealerCode ?? ''}`}>
                    <Table.Td fw={row.dealerCode ? 400 : 600}>
                      {row.clubCode} · {row.dealerCode ?? t('club.kpis.wholeClub')}
                    </Table.Td>
                    <Table.Td ta="right">{format.number(row.members)}</Table.Td>
                    <Table.Td ta="right">
                      <Badge
                        variant="light"
                        color={
                          row.dormantShare !== null &&
                          row.dormantShare > data.targets.dormantShareMax
                            ? 'red'
                            : 'teal'
                        }
                      >
                        {pct(row.dormantShare)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Badge
                        variant="light"
                        color={
                          row.repurchaseRate !== null &&
                          row.repurchaseRate < data.targets.repurchaseRateMin
                            ? 'red'
                            : 'teal'
                        }
                      >
                        {pct(row.repurchaseRate)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
