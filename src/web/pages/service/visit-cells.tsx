import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ServiceVisit } from '../../api/service.ts';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

/** Table cells a repair order shows alike on the car's card and in the visit list. */

/** The visit day, with the dealer and its order number under it. */
export function VisitDateCell({ visit }: { visit: ServiceVisit }) {
  const format = useFormat();
  return (
    <Table.Td className="num">
      {format.date(visit.visitDate)}
      <Text size="xs" c="dimmed">
        {visit.dealerCode}
        {visit.orderNumber ? ` · ${visit.orderNumber}` : ''}
      </Text>
    </Table.Td>
  );
}

/** The kind of visit, and who paid when it was not the customer. */
export function VisitTypeCell({ visit }: { visit: ServiceVisit }) {
  const { label } = useVocabulary();
  return (
    <Table.Td>
      <Text size="sm">{label('visitType', visit.visitType)}</Text>
      {visit.paidBy !== 'customer' && (
        <Badge size="xs" color="orange">
          {label('payer', visit.paidBy)}
        </Badge>
      )}
    </Table.Td>
  );
}

/** The owner's CSI score of the after-visit call, coloured by how content he was. */
export function CsiBadge({ score }: { score: number }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={score >= 9 ? 'teal' : score >= 7 ? 'yellow' : 'red'}>
      {t('service.visits.csi', { score })}
    </Badge>
  );
}
