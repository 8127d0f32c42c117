import { Anchor, Card, Group, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { visitTypes, type VisitType } from '../../../modules/service/schema.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useVisitList, type ServiceVisit } from '../../api/service.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { VisitActions } from './visit-actions.tsx';
import { VisitCancelModal } from './visit-cancel-modal.tsx';
import { CsiBadge, VisitDateCell, VisitTypeCell } from './visit-cells.tsx';
import { VisitCorrectionModal } from './visit-correction-modal.tsx';

const pageSize = 50;

/**
 * The repair orders of the user's dealers, newest first, by dealer, type and period, with the
 * owners' CSI on the after-visit calls: what a service manager looks through each week.
 */
export function VisitsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { options } = useVocabulary();
  usePageTitle(t('service.visitList.title'));
  const me = useSession();
  const dealers = useDealers();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [visitType, setVisitType] = useState<VisitType | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const canCorrect = useCan('service:write');
  const [correcting, setCorrecting] = useState<ServiceVisit | null>(null);
  const [cancelling, setCancelling] = useState<ServiceVisit | null>(null);
  const visits = useVisitList({
    dealerCode,
    visitType,
    from,
    to,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  // a filter change starts again at the first page
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };
  const dealerChoices = dealerOptions(dealers.data);
  const csi = visits.data?.csi;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('service.visitList.title')}
      </Title>
      <Group gap="sm" align="flex-end">
        {/* staff of one dealer see only its visits: no dealer to choose */}
        {!me.dealerId && dealerChoices.length > 1 && (
          <Select
            label={t('service.visitList.dealer')}
            placeholder={t('service.visitList.allDealers')}
            data={dealerChoices}
            value={dealerCode}
            onChange={filter(setDealerCode)}
            clearable
            searchable
          />
        )}
        <Select
          label={t('service.visits.type')}
          placeholder={t('service.visitList.allTypes')}
          data={options('visitType', visitTypes)}
          value={visitType}
          onChange={filter((value: string | null) => setVisitType(value as VisitType | null))}
          clearable
        />
        <DateField label={t('service.complaints.from')} value={from} onChange={filter(setFrom)} />
        <DateField label={t('service.complaints.to')} value={to} onChange={filter(setTo)} />
      </Group>
      {visits.isError && <QueryError error={visits.error} onRetry={() => void visits.refetch()} />}
      {visits.data && (
        <Text size="sm" c="dimmed" data-testid="visit-list-summary">
          {t('service.visitList.count', { count: visits.data.total })} ·{' '}
          {csi && csi.average !== null
            ? t('service.visitList.csi', {
                average: format.number(csi.average),
                count: csi.scored,
              })
            : t('service.visitList.noCsi')}
        </Text>
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="visit-list-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.visits.date')}</Table.Th>
                <Table.Th>{t('service.visitList.vehicle')}</Table.Th>
                <Table.Th>{t('service.visitList.customer')}</Table.Th>
                <Table.Th>{t('service.visits.type')}</Table.Th>
                <Table.Th>{t('service.visitList.advisor')}</Table.Th>
                <Table.Th ta="right">{t('service.visits.mileage')}</Table.Th>
                <Table.Th ta="right">{t('service.visits.total')}</Table.Th>
                <Table.Th>{t('service.visits.call')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(visits.data?.items ?? []).map((visit) => (
                <Table.Tr key={visit.id}>
                  <VisitDateCell visit={visit} />
                  <Table.Td>
                    <Anchor component={Link} to={`/vehicles/${visit.vehicle.id}`} size="sm">
                      {[visit.vehicle.makeName, visit.vehicle.modelName].filter(Boolean).join(' ')}
                    </Anchor>
                    {visit.vehicle.vin && (
                      <Text size="xs" c="dimmed" className="num">
                        {visit.vehicle.vin}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${visit.customer.id}`} size="sm">
                      {visit.customer.displayName}
                    </Anchor>
                  </Table.Td>
                  <VisitTypeCell visit={visit} />
                  <Table.Td>{visit.advisor?.name}</Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.km(visit.mileageKm)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.money(visit.totalMinor, visit.currency)}
                  </Table.Td>
                  <Table.Td>
                    <CallCell visit={visit} />
                  </Table.Td>
                  <Table.Td>
                    {canCorrect && (
                      <VisitActions
                        onCorrect={() => setCorrecting(visit)}
                        onCancel={() => setCancelling(visit)}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {visits.isSuccess && visits.data.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('service.visitList.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {visits.data && visits.data.total > pageSize && (
        <Pagination
          total={Math.ceil(visits.data.total / pageSize)}
          value={page}
          onChange={setPage}
        />
      )}
      <VisitCorrectionModal visit={correcting} onClose={() => setCorrecting(null)} />
      <VisitCancelModal visit={cancelling} onClose={() => setCancelling(null)} />
    </Stack>
  );
}

/** The after-visit call: its CSI score once made, else when it is due. */
function CallCell({ visit }: { visit: ServiceVisit }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!visit.followUp) return null;
  const score = visit.followUp.csiScore;
  if (score === null)
    return (
      <Text size="xs" c="dimmed">
        {t('service.visits.callDue', { date: format.date(visit.followUp.dueAt) })}
      </Text>
    );
  return <CsiBadge score={score} />;
}
