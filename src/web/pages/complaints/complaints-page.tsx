import {
  Anchor,
  Card,
  Group,
  NumberInput,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  complaintCategories,
  severities,
  type ComplaintCategory,
  type Severity,
} from '../../../modules/complaints/schema.ts';
import { useComplaints, type ComplaintQuery } from '../../api/complaints.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ComplaintStatusBadge, SeverityBadge } from './complaint-badges.tsx';
import { ComplaintModal } from './complaint-modal.tsx';

const pageSize = 50;
type Filter = 'active' | 'overdue' | 'all';

/** The complaints of the user's dealers: those still handled first, by the time they are due. */
export function ComplaintsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('service.complaints.title'));
  const [filter, setFilter] = useState<Filter>('active');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [category, setCategory] = useState<ComplaintCategory | null>(null);
  const [number, setNumber] = useState<number | null>(null);
  // a number the customer gives finds his complaint whatever its state
  const byState = number === null ? filter : 'all';
  const query: ComplaintQuery = {
    ...(byState === 'active' ? { active: 'true' } : {}),
    ...(byState === 'overdue' ? { overdue: 'true' } : {}),
    severity,
    category,
    number,
    offset: (page - 1) * pageSize,
  };
  const complaints = useComplaints(query);
  const tx = t as unknown as (key: string) => string;
  const choices = (values: readonly string[], vocabulary: string) =>
    values.map((value) => ({ value, label: tx(`service.${vocabulary}.${value}`) }));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('service.complaints.title')}
        </Title>
        <SegmentedControl
          value={filter}
          onChange={(value) => {
            setFilter(value as Filter);
            setPage(1);
          }}
          data={[
            { value: 'active', label: t('service.complaints.active') },
            { value: 'overdue', label: t('service.complaints.overdueOnly') },
            { value: 'all', label: t('service.complaints.all') },
          ]}
        />
      </Group>
      <Group gap="sm" align="flex-end">
        <NumberInput
          label={t('service.complaints.number')}
          value={number ?? ''}
          onChange={(value) => {
            setNumber(typeof value === 'number' && value > 0 ? value : null);
            setPage(1);
          }}
          min={1}
          allowDecimal={false}
          hideControls
          maw={120}
        />
        <Select
          label={t('service.complaints.severity')}
          placeholder={t('service.complaints.all')}
          data={choices(severities, 'severity')}
          value={severity}
          onChange={(value) => {
            setSeverity(value as Severity | null);
            setPage(1);
          }}
          clearable
        />
        <Select
          label={t('service.complaints.category')}
          placeholder={t('service.complaints.all')}
          data={choices(complaintCategories, 'complaintCategory')}
          value={category}
          onChange={(value) => {
            setCategory(value as ComplaintCategory | null);
            setPage(1);
          }}
          clearable
        />
      </Group>
      {complaints.isError && (
        <QueryError error={complaints.error} onRetry={() => void complaints.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={860}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="complaints-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.complaints.number')}</Table.Th>
                <Table.Th>{t('service.complaints.subject')}</Table.Th>
                <Table.Th>{t('service.complaints.customer')}</Table.Th>
                <Table.Th>{t('service.complaints.severity')}</Table.Th>
                <Table.Th>{t('service.complaints.status')}</Table.Th>
                <Table.Th>{t('service.complaints.responsible')}</Table.Th>
                <Table.Th>{t('service.complaints.due')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(complaints.data?.items ?? []).map((complaint) => (
                <Table.Tr key={complaint.id}>
                  <Table.Td className="num">{complaint.number}</Table.Td>
                  <Table.Td>
                    <UnstyledButton onClick={() => setOpenId(complaint.id)}>
                      <Text size="sm" fw={600} c="blue">
                        {complaint.subject}
                      </Text>
                    </UnstyledButton>
                    <Text size="xs" c="dimmed">
                      {complaint.dealerCode} ·{' '}
                      {tx(`service.complaintCategory.${complaint.category}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${complaint.customer.id}`} size="sm">
                      {complaint.customer.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={complaint.severity} />
                  </Table.Td>
                  <Table.Td>
                    <ComplaintStatusBadge status={complaint.status} overdue={complaint.overdue} />
                  </Table.Td>
                  <Table.Td>{complaint.responsible?.name}</Table.Td>
                  <Table.Td className="num">{format.dateTime(complaint.dueAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {complaints.isSuccess && complaints.data.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('service.complaints.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {complaints.data && complaints.data.total > pageSize && (
        <Pagination
          total={Math.ceil(complaints.data.total / pageSize)}
          value={page}
          onChange={setPage}
        />
      )}
      <ComplaintModal complaintId={openId} onClose={() => setOpenId(null)} />
    </Stack>
  );
}
