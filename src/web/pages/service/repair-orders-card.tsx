import { Button, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { IconPhoneCall, IconTool } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVehicleVisits, type ServiceVisit } from '../../api/service.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { CancelledVisits } from './cancelled-visits.tsx';
import { FollowUpModal } from './follow-up-modal.tsx';
import { RecordVisitModal } from './record-visit-modal.tsx';
import { VisitActions } from './visit-actions.tsx';
import { VisitCancelModal } from './visit-cancel-modal.tsx';
import { CsiBadge, VisitDateCell, VisitTypeCell } from './visit-cells.tsx';
import { VisitCorrectionModal } from './visit-correction-modal.tsx';

/** The repair orders of the user's dealers for one car, with their lines and follow-up calls. */
export function RepairOrdersCard({ vehicleId, title }: { vehicleId: string; title: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canRecord = useCan('service:write');
  const canCall = useCan('tasks:write');
  const visits = useVehicleVisits(vehicleId);
  const [recording, setRecording] = useState(false);
  const [calling, setCalling] = useState<ServiceVisit | null>(null);
  const [correcting, setCorrecting] = useState<ServiceVisit | null>(null);
  const [cancelling, setCancelling] = useState<ServiceVisit | null>(null);
  const [showCancelled, setShowCancelled] = useState(false);
  const items = visits.data?.items ?? [];

  return (
    <SectionCard
      title={t('service.visits.title')}
      icon={<IconTool size={18} />}
      count={items.length}
      testId="repair-orders"
      actions={
        canRecord && (
          <Button size="xs" onClick={() => setRecording(true)}>
            {t('service.visits.record')}
          </Button>
        )
      }
    >
      {visits.isError ? (
        <QueryError error={visits.error} onRetry={() => void visits.refetch()} />
      ) : items.length === 0 ? (
        <EmptyNote>{t('service.visits.empty')}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.visits.date')}</Table.Th>
                <Table.Th>{t('service.visits.type')}</Table.Th>
                <Table.Th ta="right">{t('service.visits.mileage')}</Table.Th>
                <Table.Th ta="right">{t('service.visits.labour')}</Table.Th>
                <Table.Th ta="right">{t('service.visits.parts')}</Table.Th>
                <Table.Th ta="right">{t('service.visits.total')}</Table.Th>
                <Table.Th>{t('service.visits.call')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((visit) => (
                <Fragment key={visit.id}>
                  <Table.Tr>
                    <VisitDateCell visit={visit} />
                    <VisitTypeCell visit={visit} />
                    <Table.Td ta="right" className="num">
                      {format.km(visit.mileageKm)}
                    </Table.Td>
                    <Table.Td ta="right" className="num">
                      {visit.lines.length ? format.money(visit.labourMinor, visit.currency) : ''}
                    </Table.Td>
                    <Table.Td ta="right" className="num">
                      {visit.lines.length ? format.money(visit.partsMinor, visit.currency) : ''}
                    </Table.Td>
                    <Table.Td ta="right" className="num" fw={600}>
                      {format.money(visit.totalMinor, visit.currency)}
                    </Table.Td>
                    <Table.Td>
                      <FollowUpState
                        visit={visit}
                        canCall={canCall}
                        onCall={() => setCalling(visit)}
                      />
                    </Table.Td>
                    <Table.Td>
                      {canRecord && (
                        <VisitActions
                          onCorrect={() => setCorrecting(visit)}
                          onCancel={() => setCancelling(visit)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {visit.lines.length > 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={8} pt={0}>
                        <Stack gap={0} pl="md">
                          {visit.lines.map((line) => (
                            <Group key={line.lineNo} gap="xs" wrap="nowrap">
                              <Text size="xs" c="dimmed" w={70}>
                                {t(`service.lineKind.${line.kind}`)}
                              </Text>
                              <Text size="xs" className="mono" w={90}>
                                {line.code}
                              </Text>
                              <Text size="xs" style={{ flex: 1 }}>
                                {line.description} × {format.number(line.quantity)}
                              </Text>
                              <Text size="xs" className="num">
                                {format.money(line.amountMinor, visit.currency)}
                              </Text>
                            </Group>
                          ))}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RecordVisitModal
        vehicleId={vehicleId}
        title={title}
        opened={recording}
        onClose={() => setRecording(false)}
      />
      <Switch
        mt="sm"
        size="xs"
        label={t('service.correction.showCancelled')}
        checked={showCancelled}
        onChange={(event) => setShowCancelled(event.currentTarget.checked)}
      />
      {showCancelled && <CancelledVisits vehicleId={vehicleId} />}
      <FollowUpModal visit={calling} onClose={() => setCalling(null)} />
      <VisitCorrectionModal visit={correcting} onClose={() => setCorrecting(null)} />
      <VisitCancelModal visit={cancelling} onClose={() => setCancelling(null)} />
    </SectionCard>
  );
}

function FollowUpState({
  visit,
  canCall,
  onCall,
}: {
  visit: ServiceVisit;
  canCall: boolean;
  onCall: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!visit.followUp) return null;
  if (visit.followUp.csiScore !== null) {
    const score = visit.followUp.csiScore;
    return (
      <Stack gap={0}>
        <CsiBadge score={score} />
        {visit.followUp.comment && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {visit.followUp.comment}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="xs" c="dimmed">
        {t('service.visits.callDue', { date: format.date(visit.followUp.dueAt) })}
      </Text>
      {canCall && (
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPhoneCall size={14} />}
          onClick={onCall}
        >
          {t('service.visits.recordCall')}
        </Button>
      )}
    </Group>
  );
}
