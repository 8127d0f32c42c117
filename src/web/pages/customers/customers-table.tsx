import { Badge, Group, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import {
  IconBuilding,
  IconChevronDown,
  IconChevronUp,
  IconSelector,
  IconUser,
} from '@tabler/icons-react';
import { memo, useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CustomerListItem, CustomerSort } from '../../api/types.ts';
import { stageColors } from '../../components/badges.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { formatPhone } from '../../lib/phone-format.ts';

type SortColumn = 'name' | 'created' | 'updated';

type Props = {
  items: CustomerListItem[] | undefined;
  rows: number;
  sort: CustomerSort | undefined;
  onSort: (sort: CustomerSort | undefined) => void;
  stale: boolean;
};

/** Names sort A→Z first; dates newest first. A third click returns to the server's order. */
function nextSort(column: SortColumn, current: CustomerSort | undefined): CustomerSort | undefined {
  const first: CustomerSort = column === 'name' ? 'name' : `-${column}`;
  const second: CustomerSort = column === 'name' ? '-name' : column;
  if (current === first) return second;
  if (current === second) return undefined;
  return first;
}

function SortHeader(props: {
  column: SortColumn;
  sort: CustomerSort | undefined;
  onSort: Props['onSort'];
  children: ReactNode;
  visibleFrom?: 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const active = props.sort?.replace('-', '') === props.column;
  const descending = props.sort?.startsWith('-');
  const Icon = !active ? IconSelector : descending ? IconChevronDown : IconChevronUp;
  return (
    <Table.Th
      visibleFrom={props.visibleFrom}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
    >
      <UnstyledButton
        onClick={() => props.onSort(nextSort(props.column, props.sort))}
        aria-label={t('customers.sortBy', { column: String(props.children) })}
      >
        <Group gap={4} wrap="nowrap">
          <Text fw={600} size="sm">
            {props.children}
          </Text>
          <Icon size={14} stroke={1.8} color={active ? undefined : 'var(--mantine-color-gray-5)'} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function CustomersTable({ items, rows, sort, onSort, stale }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const navigate = useNavigate();
  const openCustomer = useCallback((id: string) => void navigate(`/customers/${id}`), [navigate]);

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        fz="sm"
        style={{ opacity: stale ? 0.55 : 1, transition: 'opacity 120ms' }}
        data-testid="customers-table"
      >
        <Table.Thead>
          <Table.Tr>
            <SortHeader column="name" sort={sort} onSort={onSort}>
              {t('customers.columns.name')}
            </SortHeader>
            <Table.Th>{t('customers.columns.stage')}</Table.Th>
            <Table.Th>{t('customers.columns.phone')}</Table.Th>
            {/* dealers and created from lg: with the navigation beside it, the table of a
                1024 px tablet has the width of a 768 px one */}
            <Table.Th visibleFrom="lg">{t('customers.columns.dealers')}</Table.Th>
            <Table.Th visibleFrom="lg">{t('customers.columns.assigned')}</Table.Th>
            <SortHeader column="created" sort={sort} onSort={onSort} visibleFrom="lg">
              {t('customers.columns.created')}
            </SortHeader>
            <SortHeader column="updated" sort={sort} onSort={onSort}>
              {t('customers.columns.updated')}
            </SortHeader>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {!items &&
            Array.from({ length: Math.min(rows, 12) }, (_, index) => (
              <Table.Tr key={index}>
                <Table.Td colSpan={7}>
                  <Skeleton height={30} radius="sm" />
                </Table.Td>
              </Table.Tr>
            ))}
          {items?.map((customer) => (
            <CustomerRow
              key={customer.id}
              customer={customer}
              stage={label('stage', customer.lifecycleStage)}
              format={format}
              onOpen={openCustomer}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type RowProps = {
  customer: CustomerListItem;
  stage: string;
  format: Formatters;
  onOpen: (id: string) => void;
};

/**
 * One row with as few components as possible: a page holds up to 100 of them and must render
 * at once on a dealer's laptop.
 */
const CustomerRow = memo(function CustomerRow({ customer, stage, format, onOpen }: RowProps) {
  const secondLine = [customer.email, customer.city].filter(Boolean).join(' · ');
  const Icon = customer.kind === 'company' ? IconBuilding : IconUser;
  return (
    <Table.Tr
      className="clickable-row"
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('a')) return;
        onOpen(customer.id);
      }}
    >
      <Table.Td>
        <div className="name-cell">
          <Icon size={16} color="var(--mantine-color-gray-6)" />
          <div>
            <Link to={`/customers/${customer.id}`} className="row-link">
              {customer.displayName}
            </Link>
            {secondLine && <div className="row-detail">{secondLine}</div>}
          </div>
        </div>
      </Table.Td>
      <Table.Td>
        <Badge color={stageColors[customer.lifecycleStage]} size="sm">
          {stage}
        </Badge>
      </Table.Td>
      <Table.Td className="num">{customer.phone ? formatPhone(customer.phone) : ''}</Table.Td>
      <Table.Td visibleFrom="lg">{customer.dealerCodes.join(', ')}</Table.Td>
      <Table.Td visibleFrom="lg" className="truncate-cell">
        {customer.assignedTo?.name ?? ''}
      </Table.Td>
      <Table.Td visibleFrom="lg" className="num">
        {format.date(customer.createdAt)}
      </Table.Td>
      <Table.Td className="num">{format.date(customer.updatedAt)}</Table.Td>
    </Table.Tr>
  );
});
