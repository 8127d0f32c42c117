import {
  Anchor,
  Badge,
  Card,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClubMembers, useClubs } from '../../api/club.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ClubKpiCard } from './club-kpi-card.tsx';
import { useTierName } from './tier-name.ts';

const pageSize = 50;

/** The club members the user may see, with the club KPIs above (the reactivation worklist
 *  is the "dormant only" filter). */
export function ClubMembersPage() {
  const { t } = useTranslation();
  const tierName = useTierName();
  const format = useFormat();
  usePageTitle(t('club.members.title'));
  const clubs = useClubs();
  const [clubId, setClubId] = useState<string | null>(null);
  const [tier, setTier] = useState<string | null>(null);
  const [dormant, setDormant] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const members = useClubMembers({
    clubId: clubId ?? undefined,
    tier: tier ?? undefined,
    dormant: (dormant as 'true' | 'false' | null) ?? undefined,
    q: q || undefined,
    offset: (page - 1) * pageSize,
  });
  const tiers = [
    ...new Map(
      (clubs.data?.items ?? [])
        .filter((club) => !clubId || club.id === clubId)
        .flatMap((club) => club.tiers)
        .map((item) => [item.code, { value: item.code, label: tierName(item) }]),
    ).values(),
  ];
  const reset = () => setPage(1);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('club.members.title')}
      </Title>
      <ClubKpiCard />
      <Group gap="sm">
        <TextInput
          aria-label={t('club.members.search')}
          placeholder={t('club.members.search')}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            reset();
          }}
          w={240}
        />
        <Select
          aria-label={t('club.enrol.club')}
          placeholder={t('club.members.allClubs')}
          data={(clubs.data?.items ?? []).map((club) => ({ value: club.id, label: club.name }))}
          value={clubId}
          onChange={(value) => {
            setClubId(value);
            setTier(null);
            reset();
          }}
          clearable
          w={220}
        />
        <Select
          aria-label={t('club.members.tier')}
          placeholder={t('club.members.allTiers')}
          data={tiers}
          value={tier}
          onChange={(value) => {
            setTier(value);
            reset();
          }}
          clearable
          w={180}
        />
        <Select
          aria-label={t('club.dormant')}
          placeholder={t('club.members.anyActivity')}
          data={[
            { value: 'true', label: t('club.members.dormantOnly') },
            { value: 'false', label: t('club.members.awakeOnly') },
          ]}
          value={dormant}
          onChange={(value) => {
            setDormant(value);
            reset();
          }}
          clearable
          w={200}
        />
      </Group>
      {members.isError && (
        <QueryError error={members.error} onRetry={() => void members.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={820}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="club-members-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('club.members.number')}</Table.Th>
                <Table.Th>{t('club.members.name')}</Table.Th>
                <Table.Th>{t('club.members.dealer')}</Table.Th>
                <Table.Th>{t('club.members.tier')}</Table.Th>
                <Table.Th ta="right">{t('club.members.balance')}</Table.Th>
                <Table.Th>{t('club.members.joined')}</Table.Th>
                <Table.Th>{t('club.members.lastActivity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(members.data?.items ?? []).map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>{member.memberNumber}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${member.customer.id}`} size="sm">
                      {member.customer.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{member.homeDealerCode}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{tierName(member.tier)}</Badge>
                  </Table.Td>
                  <Table.Td ta="right">{format.number(member.balance)}</Table.Td>
                  <Table.Td>{format.date(member.joinedOn)}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {format.date(member.lastActivityOn)}
                      {member.dormant && (
                        <Badge color="orange" variant="light" size="sm">
                          {t('club.dormant')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {members.isSuccess && members.data.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('club.members.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {members.data && members.data.total > pageSize && (
        <Pagination
          total={Math.ceil(members.data.total / pageSize)}
          value={page}
          onChange={setPage}
        />
      )}
    </Stack>
  );
}
