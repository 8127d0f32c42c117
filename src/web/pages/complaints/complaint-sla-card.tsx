import { Button, Card, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Severity } from '../../../modules/complaints/schema.ts';
import { useComplaintSla, useSetComplaintSla } from '../../api/complaints.ts';
import { FormError } from '../../components/form-error.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { SeverityBadge } from './complaint-badges.tsx';

/** Hours to resolve a complaint by severity; group administrators (service:manage) change them. */
export function ComplaintSlaCard() {
  const { t } = useTranslation();
  const sla = useComplaintSla();
  const editable = useCan('service:manage');
  return (
    <Card data-testid="complaint-sla">
      <Title order={3} size="h4">
        {t('service.complaintSla.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('service.complaintSla.intro')}
      </Text>
      {sla.isError && <QueryError error={sla.error} onRetry={() => void sla.refetch()} />}
      <Table fz="sm" withRowBorders={false}>
        <Table.Tbody>
          {(sla.data ?? []).map((row) => (
            <SlaRow
              key={`${row.severity}-${row.resolveHours}`}
              severity={row.severity}
              hours={row.resolveHours}
              editable={editable}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function SlaRow(props: { severity: Severity; hours: number; editable: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSetComplaintSla();
  const errors = fieldErrors(save.error);
  const [hours, setHours] = useState(props.hours);
  return (
    <Table.Tr>
      <Table.Td w={140}>
        <SeverityBadge severity={props.severity} />
      </Table.Td>
      <Table.Td>
        {props.editable ? (
          <Group gap="xs" align="flex-start">
            <NumberInput
              aria-label={`${t(`service.severity.${props.severity}`)}: ${t('service.complaintSla.hours')}`}
              value={hours}
              onChange={(value) => setHours(Number(value) || 0)}
              min={1}
              max={2000}
              allowDecimal={false}
              error={errors.resolveHours}
              maw={140}
            />
            <Button
              size="xs"
              mt={4}
              disabled={hours === props.hours}
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  { severity: props.severity, resolveHours: hours },
                  {
                    onSuccess: () =>
                      notifications.show({
                        color: 'teal',
                        message: t('service.complaintSla.saved'),
                      }),
                  },
                )
              }
            >
              {t('service.intervals.save')}
            </Button>
          </Group>
        ) : (
          <span className="num">
            {format.number(props.hours)} {t('service.complaintSla.hours')}
          </span>
        )}
        <FormError error={save.error} shownPaths={(path) => path in errors} />
      </Table.Td>
    </Table.Tr>
  );
}
