import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneCall } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  lapsedOwnersExportUrl,
  retentionExportUrl,
  useCreateLapsedTasks,
  useLapsedOwners,
  useRetention,
  type LapsedOwner,
  type Retention,
} from '../../api/aftersales.ts';
import { errorMessage } from '../../api/error-message.ts';
import { dealerOptions, useDealers, useDealerUsers } from '../../api/org.ts';
import {
  DateField,
  DateTimeField,
  toIso,
  tomorrowAt,
  type LocalDateTime,
} from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';

const pageSize = 50;

/**
 * The call centre's worklist of owners who stopped coming to service (issue 4's retention
 * view): filter by dealer and day, pick owners and hand them out as call tasks.
 */
export function LapsedOwnersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('aftersales.lapsed.title'));
  const canCall = useCan('tasks:write');
  const canAssign = useCan('tasks:assign');
  const canReadAnalytics = useCan('analytics:read');
  const canService = useCan('service:write');
  // the worklist as a file: the API's rule; names and contacts in it need customers:export
  const canExport = useCan('retention:read');
  const canExportNames = useCan('customers:export');
  // the per-dealer figures are for managers and advisors (the API's own rule)
  const canSeeSummary = canReadAnalytics || canService;
  const dealers = useDealers();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [dueAt, setDueAt] = useState<LocalDateTime | null>(tomorrowAt(10));
  const [assignee, setAssignee] = useState<string | null>(null);
  // the agents to choose from: the chosen dealer's people, or the only dealer's
  const onlyDealer = dealers.data?.length === 1 ? dealers.data[0]!.code : null;
  const colleagues = useDealerUsers(dealerCode ?? onlyDealer, canAssign);
  const filters = { asOf: asOf ?? undefined, dealerCode: dealerCode ?? undefined };
  const owners = useLapsedOwners({
    ...filters,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const retention = useRetention(asOf ?? undefined, canSeeSummary);
  const createTasks = useCreateLapsedTasks();
  const items = owners.data?.items ?? [];
  const total = owners.data?.total ?? 0;
  const pages = Math.ceil(total / pageSize);
  const pageIds = [...new Set(items.map((item) => item.customer.id))];
  const allPicked = pageIds.length > 0 && pageIds.every((id) => picked.has(id));

  const refilter = () => {
    setPage(1);
    setPicked(new Set());
  };
  const toggle = (customerId: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(customerId)) next.delete(customerId);
      else next.add(customerId);
      return next;
    });
  const onCreate = () => {
    if (!dueAt) return;
    createTasks.mutate(
      {
        customerIds: [...picked],
        dueAt: toIso(dueAt),
        ...(assignee ? { assigneeUserId: assignee } : {}),
        ...(asOf ? { asOf } : {}),
      },
      {
        onSuccess: (result) => {
          setPicked(new Set());
          notifications.show({
            color: 'teal',
            message: t('aftersales.lapsed.created', {
              created: result.created.length,
              skipped: result.skipped.length,
              notLapsed: result.notLapsed.length,
            }),
          });
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('aftersales.lapsed.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          {t('aftersales.lapsed.intro')}
        </Text>
      </div>
      {canSeeSummary && retention.data && retention.data.dealers.length > 0 && (
        <RetentionSummary
          retention={retention.data}
          exportUrl={(kind) => retentionExportUrl(asOf ?? undefined, kind)}
        />
      )}
      <Group gap="sm" align="flex-end">
        <Select
          label={t('aftersales.lapsed.dealer')}
          placeholder={t('common.all')}
          data={dealerOptions(dealers.data)}
          value={dealerCode}
          onChange={(value) => {
            setDealerCode(value);
            setAssignee(null);
            refilter();
          }}
          searchable
          clearable
          w={240}
        />
        <DateField
          label={t('aftersales.lapsed.asOf')}
          value={asOf}
          onChange={(value) => {
            setAsOf(value);
            refilter();
          }}
        />
      </Group>
      {canCall && (
        <Card data-testid="lapsed-actions">
          <Group gap="sm" align="flex-end">
            <DateTimeField
              label={t('aftersales.lapsed.dueAt')}
              value={dueAt}
              onChange={setDueAt}
              required
            />
            {canAssign && (
              <Select
                label={t('aftersales.lapsed.assignee')}
                placeholder={t('aftersales.lapsed.me')}
                data={(colleagues.data ?? []).map((user) => ({
                  value: user.id,
                  label: `${user.displayName} · ${t(`roles.${user.role}`)}`,
                }))}
                value={assignee}
                onChange={setAssignee}
                searchable
                clearable
                w={280}
              />
            )}
            <Button
              leftSection={<IconPhoneCall size={16} />}
              disabled={picked.size === 0 || !dueAt}
              loading={createTasks.isPending}
              onClick={onCreate}
            >
              {t('aftersales.lapsed.createTasks', { count: picked.size })}
            </Button>
          </Group>
        </Card>
      )}
      {owners.isSuccess && (
        <Group justify="space-between" align="center">
          <Text size="sm" fw={600} data-testid="lapsed-count">
            {t('aftersales.lapsed.count', { count: format.number(total) })}
          </Text>
          {canExport && total > 0 && (
            <Group gap="xs">
              {!canExportNames && (
                <Text size="xs" c="dimmed" maw={360}>
                  {t('aftersales.lapsed.exportWithoutNames')}
                </Text>
              )}
              <ExportButtons
                testId="lapsed-export"
                xlsx={lapsedOwnersExportUrl(filters, 'xlsx')}
                csv={lapsedOwnersExportUrl(filters, 'csv')}
              />
            </Group>
          )}
        </Group>
      )}
      {owners.isError && <QueryError error={owners.error} onRetry={() => void owners.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="lapsed-owners">
            <Table.Thead>
              <Table.Tr>
                {canCall && (
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label={t('aftersales.lapsed.pickPage')}
                      checked={allPicked}
                      indeterminate={!allPicked && pageIds.some((id) => picked.has(id))}
                      onChange={() =>
                        setPicked((current) => {
                          const next = new Set(current);
                          for (const id of pageIds) {
                            if (allPicked) next.delete(id);
                            else next.add(id);
                          }
                          return next;
                        })
                      }
                    />
                  </Table.Th>
                )}
                <Table.Th>{t('aftersales.lapsed.customer')}</Table.Th>
                <Table.Th>{t('aftersales.lapsed.car')}</Table.Th>
                <Table.Th>{t('aftersales.lapsed.dealer')}</Table.Th>
                <Table.Th>{t('aftersales.lapsed.purchased')}</Table.Th>
                <Table.Th>{t('aftersales.lapsed.lastVisit')}</Table.Th>
                <Table.Th>{t('aftersales.lapsed.serviceDue')}</Table.Th>
                <Table.Th ta="right">{t('aftersales.lapsed.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.vehicle.id}>
                  {canCall && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('aftersales.lapsed.pick', {
                          name: item.customer.displayName,
                        })}
                        checked={picked.has(item.customer.id)}
                        onChange={() => toggle(item.customer.id)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/customers/${item.customer.id}`}
                      size="sm"
                      fw={600}
                    >
                      {item.customer.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/vehicles/${item.vehicle.id}`} size="sm">
                      {[item.vehicle.makeName, item.vehicle.modelName].filter(Boolean).join(' ')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{item.dealerCode}</Table.Td>
                  <Table.Td className="num">{format.date(item.purchaseDate)}</Table.Td>
                  <Table.Td className="num">
                    {item.lastVisitDate
                      ? format.date(item.lastVisitDate)
                      : t('aftersales.lapsed.never')}
                  </Table.Td>
                  <Table.Td className="num">
                    {item.serviceDueDate ? format.date(item.serviceDueDate) : t('common.notSet')}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    <LifetimeValue item={item} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {owners.isSuccess && items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('aftersales.lapsed.none')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {pages > 1 && <Pagination value={page} onChange={setPage} total={pages} />}
    </Stack>
  );
}

/** One figure per currency, the dealer's first: amounts in different currencies never add up. */
function LifetimeValue({ item }: { item: LapsedOwner }) {
  const format = useFormat();
  if (item.lifetimeValue.length === 0) return format.money(0, item.currency);
  return (
    <Stack gap={0} align="flex-end">
      {item.lifetimeValue.map((line) => (
        <span key={line.currency}>{format.money(line.amountMinor, line.currency)}</span>
      ))}
    </Stack>
  );
}

function RetentionSummary(props: {
  retention: Retention;
  exportUrl: (format: 'csv' | 'xlsx') => string;
}) {
  const { retention } = props;
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card padding={0} data-testid="retention-summary">
      <Group justify="space-between" px="md" pt="sm">
        <Text fw={600} size="sm">
          {t('aftersales.lapsed.summary')} · {format.date(retention.asOf)}
        </Text>
        <ExportButtons
          testId="retention-export"
          xlsx={props.exportUrl('xlsx')}
          csv={props.exportUrl('csv')}
        />
      </Group>
      <Text size="xs" c="dimmed" px="md">
        {t('aftersales.lapsed.summaryNote')}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('aftersales.lapsed.dealer')}</Table.Th>
              <Table.Th ta="right">{t('aftersales.lapsed.sold')}</Table.Th>
              <Table.Th ta="right">{t('aftersales.lapsed.servicedYear1')}</Table.Th>
              <Table.Th ta="right">{t('aftersales.lapsed.lapsedCount')}</Table.Th>
              {[1, 2, 3].map((year) => (
                <Table.Th key={year} ta="right">
                  {t('aftersales.lapsed.loyaltyYear', { year })}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {retention.dealers.map((dealer) => (
              <Table.Tr key={dealer.dealerCode}>
                <Table.Td fw={600}>{dealer.dealerCode}</Table.Td>
                <Table.Td ta="right" className="num">
                  {format.number(dealer.soldVehicles)}
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {format.number(dealer.servicedInYear1)}
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {format.number(dealer.lapsed)}
                </Table.Td>
                {dealer.loyalty.map((year) => (
                  <Table.Td key={year.year} ta="right" className="num">
                    {year.share === null ? t('common.notSet') : format.percent(year.share)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
