import { Button, Card, Group, Pagination, Select, Stack, Text, Title } from '@mantine/core';
import { EmptyState } from '@mantine/core';
import { IconUserPlus, IconUserSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCustomerList } from '../../api/customers.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { CustomerFilters } from './customer-filters.tsx';
import { CustomersTable } from './customers-table.tsx';
import { pageSizes, useListParams } from './use-list-params.ts';
import { usePageTitle } from '../../components/page-title.ts';

export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const canCreate = useCan('customers:write');
  const { params, query, update, filtered } = useListParams();
  const list = useCustomerList(query);
  usePageTitle(t('customers.title'));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / params.size));
  const from = total === 0 ? 0 : query.offset + 1;
  const to = Math.min(query.offset + params.size, total);
  // "1,000+" when a search stopped counting, "≈ 12,300" for an estimate
  const totalText = list.data?.totalCapped
    ? t('customers.totalAtLeast', { total: format.number(total) })
    : `${list.data?.totalExact === false ? '≈ ' : ''}${format.number(total)}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="baseline">
          <Title order={2}>{t('customers.title')}</Title>
          {list.data && (
            <Text c="dimmed" size="sm" data-testid="customers-total">
              {t('customers.total', {
                total: totalText,
              })}
            </Text>
          )}
        </Group>
        {canCreate && (
          <Button component={Link} to="/customers/new" leftSection={<IconUserPlus size={18} />}>
            {t('nav.newCustomer')}
          </Button>
        )}
      </Group>

      <CustomerFilters
        params={params}
        update={update}
        filtered={filtered}
        searching={list.isFetching && list.isPlaceholderData}
      />

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <Card p={0}>
        {list.data && list.data.items.length === 0 ? (
          <EmptyState
            py={48}
            icon={<IconUserSearch size={32} stroke={1.5} />}
            withIndicatorBackground
            title={t('customers.emptyTitle')}
            description={filtered ? t('customers.emptyFiltered') : t('customers.emptyAll')}
          >
            <EmptyState.Actions>
              {filtered && (
                <Button
                  variant="default"
                  onClick={() =>
                    update({
                      q: '',
                      kind: undefined,
                      stage: undefined,
                      dealer: undefined,
                      mine: false,
                    })
                  }
                >
                  {t('customers.clearFilters')}
                </Button>
              )}
              {canCreate && (
                <Button
                  component={Link}
                  to="/customers/new"
                  leftSection={<IconUserPlus size={16} />}
                >
                  {t('nav.newCustomer')}
                </Button>
              )}
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          !list.isError && (
            <CustomersTable
              items={list.data?.items}
              rows={params.size}
              sort={params.sort}
              onSort={(sort) => update({ sort })}
              stale={list.isPlaceholderData}
            />
          )
        )}
      </Card>

      {total > 0 && (
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" className="num">
            {t('customers.range', {
              from: format.number(from),
              to: format.number(to),
              total: totalText,
            })}
          </Text>
          <Group gap="md">
            <Pagination
              total={pages}
              value={Math.min(params.page, pages)}
              onChange={(page) => {
                update({ page });
                window.scrollTo({ top: 0 });
              }}
              size="sm"
              siblings={1}
            />
            <Select
              w={90}
              size="xs"
              aria-label={t('customers.pageSize')}
              data={pageSizes.map(String)}
              value={String(params.size)}
              onChange={(value) => value && update({ size: Number(value) })}
            />
          </Group>
        </Group>
      )}
    </Stack>
  );
}
