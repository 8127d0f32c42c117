import {
  Anchor,
  Button,
  Group,
  Modal,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ComplaintAction } from '../../../modules/complaints/transitions.ts';
import { useComplaint, useComplaintAction } from '../../api/complaints.ts';
import { FormError } from '../../components/form-error.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { ComplaintStatusBadge, SeverityBadge } from './complaint-badges.tsx';
import { ComplaintHandover } from './complaint-handover.tsx';

type Props = { complaintId: string | null; onClose: () => void };

/** One complaint: what it is about, its history, and the moves its state allows. */
export function ComplaintModal({ complaintId, onClose }: Props) {
  const { t } = useTranslation();
  const complaint = useComplaint(complaintId);
  const title = complaint.data
    ? `${t('service.complaints.number')} ${complaint.data.number} · ${complaint.data.subject}`
    : t('service.complaints.title');
  return (
    <Modal opened={complaintId !== null} onClose={onClose} title={title} size="lg">
      {complaint.isPending ? (
        <Skeleton height={200} />
      ) : complaint.isError ? (
        <QueryError error={complaint.error} onRetry={() => void complaint.refetch()} />
      ) : (
        <ComplaintDetails complaint={complaint.data} />
      )}
    </Modal>
  );
}

function ComplaintDetails({
  complaint,
}: {
  complaint: NonNullable<ReturnType<typeof useComplaint>['data']>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const canAct = useCan('complaints:write');
  const act = useComplaintAction();
  const errors = fieldErrors(act.error);
  const [note, setNote] = useState('');
  const tx = t as unknown as (key: string) => string;

  const run = (action: ComplaintAction) =>
    act.mutate(
      { id: complaint.id, action, note: note.trim() || null },
      {
        onSuccess: () => {
          setNote('');
          notifications.show({ color: 'teal', message: t('service.complaints.moved') });
        },
      },
    );

  const rows: [string, React.ReactNode][] = [
    [
      t('service.complaints.status'),
      <ComplaintStatusBadge key="s" status={complaint.status} overdue={complaint.overdue} />,
    ],
    [t('service.complaints.severity'), <SeverityBadge key="v" severity={complaint.severity} />],
    [
      t('service.complaints.customer'),
      <Anchor key="c" component={Link} to={`/customers/${complaint.customer.id}`} size="sm">
        {complaint.customer.displayName}
      </Anchor>,
    ],
    [t('service.complaints.dealer'), complaint.dealerCode],
    [
      t('service.complaints.vehicle'),
      complaint.vehicle ? (
        <Anchor key="car" component={Link} to={`/vehicles/${complaint.vehicle.id}`} size="sm">
          {[complaint.vehicle.makeName, complaint.vehicle.modelName].filter(Boolean).join(' ')}
        </Anchor>
      ) : (
        '—'
      ),
    ],
    [t('service.complaints.channel'), tx(`service.complaintChannel.${complaint.channel}`)],
    [t('service.complaints.category'), tx(`service.complaintCategory.${complaint.category}`)],
    [t('service.complaints.responsible'), complaint.responsible?.name ?? '—'],
    [t('service.complaints.opened'), format.dateTime(complaint.openedAt)],
    [t('service.complaints.due'), format.dateTime(complaint.dueAt)],
  ];
  if (complaint.resolution) rows.push([t('service.complaints.resolution'), complaint.resolution]);

  return (
    <Stack gap="md">
      {complaint.description && <Text size="sm">{complaint.description}</Text>}
      <Table fz="sm" verticalSpacing={4} withRowBorders={false}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Td c="dimmed" w={160}>
                {label}
              </Table.Td>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <div>
        <Text fw={600} size="sm" mb="xs">
          {t('service.complaints.history')}
        </Text>
        <Timeline bulletSize={12} lineWidth={2}>
          {complaint.events.map((event, index) => (
            <Timeline.Item
              key={`${event.at}:${index}`}
              title={tx(`service.complaintEvent.${event.kind}`)}
            >
              <Text size="xs" c="dimmed">
                {format.dateTime(event.at)}
                {event.user ? ` · ${event.user}` : ''}
                {event.toStatus ? ` · ${tx(`service.complaintStatus.${event.toStatus}`)}` : ''}
              </Text>
              {event.note && <Text size="sm">{event.note}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </div>
      <ComplaintHandover complaint={complaint} />
      {canAct && complaint.allowedActions.length > 0 && (
        <Stack gap="xs">
          <FormError error={act.error} shownPaths={(path) => path in errors} />
          <Textarea
            label={t('service.complaints.note')}
            description={t('service.complaints.noteRequired')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={10_000}
            error={errors.note}
          />
          <Group justify="flex-end">
            {complaint.allowedActions.map((action) => (
              <Button
                key={action}
                variant={action === 'reopen' ? 'default' : 'filled'}
                loading={act.isPending && act.variables?.action === action}
                onClick={() => run(action)}
              >
                {tx(`service.complaintAction.${action}`)}
              </Button>
            ))}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
