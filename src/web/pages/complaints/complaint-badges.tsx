import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ComplaintStatus, Severity } from '../../../modules/complaints/schema.ts';

const severityColour: Record<Severity, string> = {
  low: 'gray',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};
const statusColour: Record<ComplaintStatus, string> = {
  open: 'red',
  investigating: 'yellow',
  resolved: 'teal',
  closed: 'gray',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={severityColour[severity]}>
      {t(`service.severity.${severity}`)}
    </Badge>
  );
}

export function ComplaintStatusBadge({
  status,
  overdue,
}: {
  status: ComplaintStatus;
  overdue?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Badge size="sm" variant="dot" color={statusColour[status]}>
        {t(`service.complaintStatus.${status}`)}
      </Badge>
      {overdue && (
        <Badge size="sm" color="red" ml={4}>
          {t('service.complaints.overdue')}
        </Badge>
      )}
    </>
  );
}
