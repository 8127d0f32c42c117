import { Card, Group, Select, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.ts';
import { useClaimsIndex } from '../../api/complaints.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useSession } from '../../session/session-context.tsx';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Complaints per 100 service visits and per 100 sales, per dealer and month. */
export function ClaimsIndexPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('service.complaints.claimsIndex'));
  const now = new Date();
  const [from, setFrom] = useState<string | null>(
    isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1))),
  );
  const [to, setTo] = useState<string | null>(isoDay(now));
  const me = useSession();
  const dealers = useDealers();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const claims = useClaimsIndex(from ?? isoDay(now), to ?? isoDay(now), dealerCode);
  const period = { from: from ?? isoDay(now), to: to ?? isoDay(now), dealerCode };
  const dealerChoices = dealerOptions(dealers.data);
  const rate = (value: number | null) => (value === null ? '—' : format.number(value));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('service.complaints.claimsIndex')}
        </Title>
        <Group gap="sm">
          {/* staff of one dealer see only its figures: no dealer to choose */}
          {!me.dealerId && dealerChoices.length > 1 && (
            <Select
              label={t('service.complaints.dealer')}
              placeholder={t('service.visitList.allDealers')}
              data={dealerChoices}
              value={dealerCode}
              onChange={setDealerCode}
              clearable
              searchable
            />
          )}
          <DateField label={t('service.complaints.from')} value={from} onChange={setFrom} />
          <DateField label={t('service.complaints.to')} value={to} onChange={setTo} />
          <ExportButtons
            xlsx={withQuery('/api/analytics/claims-index/export', { ...period, format: 'xlsx' })}
            csv={withQuery('/api/complaints/claims-index', { ...period, format: 'csv' })}
            testId="claims-index"
          />
        </Group>
      </Group>
      {claims.isError && <QueryError error={claims.error} onRetry={() => void claims.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" striped data-testid="claims-index-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.complaints.dealer')}</Table.Th>
                <Table.Th>{t('service.complaints.month')}</Table.Th>
                <Table.Th ta="right">{t('service.complaints.title')}</Table.Th>
                <Table.Th ta="right">{t('service.complaints.visits')}</Table.Th>
                <Table.Th ta="right">{t('service.complaints.perHundredVisits')}</Table.Th>
                <Table.Th ta="right">{t('service.complaints.sales')}</Table.Th>
                <Table.Th ta="right">{t('service.complaints.perHundredSales')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(claims.data?.rows ?? []).map((row) => (
                <Table.Tr key={`${row.dealerCode}:${row.month}`}>
                  <Table.Td>{row.dealerCode}</Table.Td>
                  <Table.Td className="num">{row.month}</Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(row.complaints)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(row.visits)}
                  </Table.Td>
                  <Table.Td ta="right" className="num" fw={600}>
                    {rate(row.perHundredVisits)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(row.sales)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {rate(row.perHundredSales)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {claims.isSuccess && claims.data.rows.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('service.complaints.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
