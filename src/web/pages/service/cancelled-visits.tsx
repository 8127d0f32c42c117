import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCancelledVisits } from '../../api/service-corrections.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

/** The car's cancelled visits, struck through, with who cancelled them and why. */
export function CancelledVisits({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const cancelled = useCancelledVisits(vehicleId, true);
  if (cancelled.isError)
    return <QueryError error={cancelled.error} onRetry={() => void cancelled.refetch()} />;
  const items = cancelled.data?.items ?? [];
  if (cancelled.isSuccess && !items.length)
    return <EmptyNote>{t('service.correction.noneCancelled')}</EmptyNote>;
  return (
    <Table verticalSpacing={4} fz="sm" data-testid="cancelled-visits">
      <Table.Tbody>
        {items.map((visit) => (
          <Table.Tr key={visit.id}>
            <Table.Td className="num" td="line-through" c="dimmed">
              {format.date(visit.visitDate)} · {visit.dealerCode}
              {visit.orderNumber ? ` · ${visit.orderNumber}` : ''}
            </Table.Td>
            <Table.Td td="line-through" c="dimmed">
              {label('visitType', visit.visitType)}
            </Table.Td>
            <Table.Td ta="right" className="num" td="line-through" c="dimmed">
              {format.km(visit.mileageKm)}
            </Table.Td>
            <Table.Td>
              <Text size="xs">
                {t('service.correction.cancelledBy', {
                  name: visit.cancelledBy ?? '—',
                  date: format.date(visit.cancelledAt),
                  reason: visit.reason,
                })}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
