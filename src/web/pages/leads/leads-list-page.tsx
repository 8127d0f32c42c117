import {
  Anchor,
  Card,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  leadStages,
  temperatures,
  type LeadStage,
  type Temperature,
} from '../../../modules/leads/schema.ts';
import { useLeadSources, useLeads } from '../../api/leads.ts';
import { useDealers } from '../../api/org.ts';
import { leadsExportUrl } from '../../api/list-exports.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useSession } from '../../session/session-context.tsx';
import { StageBadge, TemperatureBadge } from './lead-badges.tsx';
import { useSourceName } from './source-name.ts';

const pageSize = 50;

/** Every lead the user may see, most recently changed first, with filters. */
export function LeadsListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const sourceName = useSourceName();
  usePageTitle(t('leads.list.title'));
  const sources = useLeadSources();
  const [stage, setStage] = useState<LeadStage | null>(null);
  const [temperature, setTemperature] = useState<Temperature | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [qualified, setQualified] = useState<'true' | 'false' | null>(null);
  const [assignee, setAssignee] = useState<'me' | 'none' | null>(null);
  const [dealerId, setDealerId] = useState<string | null>(null);
  const [createdFrom, setCreatedFrom] = useState('');
  const [createdTo, setCreatedTo] = useState('');
  const [campaign, setCampaign] = useState('');
  const [campaignTyped] = useDebouncedValue(campaign.trim(), 300);
  const [page, setPage] = useState(1);
  // staff above one dealer choose which of their dealers to look at
  const severalDealers = !['dealer', 'own'].includes(useSession().scope);
  const dealers = useDealers();
  // one set of filters for the page and the export, so the file holds what the list shows
  const filters = {
    dealerId: dealerId ?? undefined,
    createdFrom: createdFrom || undefined,
    createdTo: createdTo || undefined,
    campaign: campaignTyped || undefined,
    stage: stage ?? undefined,
    temperature: temperature ?? undefined,
    source: source ?? undefined,
    qualified: qualified ?? undefined,
    assignee: assignee ?? undefined,
  };
  const leads = useLeads({ ...filters, offset: (page - 1) * pageSize, limit: pageSize });
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: string | null) => {
      set(value as T);
      setPage(1);
    };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('leads.list.title')}
        </Title>
        <ExportButtons
          xlsx={leadsExportUrl(filters, 'xlsx')}
          csv={leadsExportUrl(filters, 'csv')}
          testId="leads-export"
          requires="customers:export"
          hint={t('listExport.hint')}
        />
      </Group>
      <Group>
        <Select
          aria-label={t('leads.list.stage')}
          placeholder={t('leads.list.anyStage')}
          data={leadStages.map((value) => ({ value, label: t(`leads.stage.${value}`) }))}
          value={stage}
          onChange={filter(setStage)}
          clearable
          w={180}
        />
        <Select
          aria-label={t('leads.list.temperature')}
          placeholder={t('leads.list.anyTemperature')}
          data={temperatures.map((value) => ({ value, label: t(`leads.temperature.${value}`) }))}
          value={temperature}
          onChange={filter(setTemperature)}
          clearable
          w={180}
        />
        <Select
          aria-label={t('leads.list.source')}
          placeholder={t('leads.list.anySource')}
          data={(sources.data?.items ?? []).map((item) => ({
            value: item.key,
            label: sourceName(item.key),
          }))}
          value={source}
          onChange={filter(setSource)}
          clearable
          w={200}
        />
        <Select
          aria-label={t('leads.list.qualified')}
          placeholder={t('leads.list.anyQualification')}
          data={[
            { value: 'true', label: t('leads.list.onlyQualified') },
            { value: 'false', label: t('leads.list.onlyUnqualified') },
          ]}
          value={qualified}
          onChange={filter(setQualified)}
          clearable
          w={220}
        />
        <Select
          aria-label={t('leads.list.consultant')}
          placeholder={t('leads.list.anyone')}
          data={[
            { value: 'me', label: t('leads.list.mine') },
            { value: 'none', label: t('leads.list.unassigned') },
          ]}
          value={assignee}
          onChange={filter(setAssignee)}
          clearable
          w={180}
        />
        {severalDealers && (
          <Select
            aria-label={t('leads.list.dealer')}
            placeholder={t('leads.list.anyDealer')}
            data={(dealers.data ?? [])
              .filter((dealer) => dealer.kind === 'dealer')
              .map((dealer) => ({ value: dealer.id, label: `${dealer.code} · ${dealer.name}` }))}
            value={dealerId}
            onChange={filter(setDealerId)}
            searchable
            clearable
            w={220}
          />
        )}
        <Group gap={6} wrap="nowrap">
          <Text size="sm" c="dimmed">
            {t('leads.list.cameIn')}
          </Text>
          <TextInput
            type="date"
            aria-label={t('leads.list.createdFrom')}
            title={t('leads.list.createdFrom')}
            value={createdFrom}
            max={createdTo || undefined}
            onChange={(event) => filter(setCreatedFrom)(event.currentTarget.value)}
            w={160}
            data-testid="leads-created-from"
          />
          <Text size="sm" c="dimmed">
            –
          </Text>
          <TextInput
            type="date"
            aria-label={t('leads.list.createdTo')}
            title={t('leads.list.createdTo')}
            value={createdTo}
            min={createdFrom || undefined}
            onChange={(event) => filter(setCreatedTo)(event.currentTarget.value)}
            w={160}
            data-testid="leads-created-to"
          />
        </Group>
        <TextInput
          aria-label={t('leads.list.campaign')}
          placeholder={t('leads.list.campaign')}
          value={campaign}
          onChange={(event) => filter(setCampaign)(event.currentTarget.value)}
          w={200}
          data-testid="leads-campaign"
        />
      </Group>
      {leads.isError && <QueryError error={leads.error} onRetry={() => void leads.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={800}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="leads-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leads.list.customer')}</Table.Th>
                <Table.Th>{t('leads.list.stage')}</Table.Th>
                <Table.Th>{t('leads.list.temperature')}</Table.Th>
                <Table.Th>{t('leads.list.source')}</Table.Th>
                <Table.Th>{t('leads.list.consultant')}</Table.Th>
                <Table.Th>{t('leads.list.dealer')}</Table.Th>
                <Table.Th>{t('leads.list.qualified')}</Table.Th>
                <Table.Th>{t('leads.list.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(leads.data?.items ?? []).map((lead) => (
                <Table.Tr key={lead.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/leads/${lead.id}`} size="sm" fw={600}>
                      {lead.customer.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StageBadge stage={lead.stage} />
                  </Table.Td>
                  <Table.Td>
                    <TemperatureBadge temperature={lead.temperature} />
                  </Table.Td>
                  <Table.Td>{sourceName(lead.source)}</Table.Td>
                  <Table.Td>{lead.assignee?.name ?? t('leads.list.unassigned')}</Table.Td>
                  <Table.Td>{lead.dealer?.code ?? ''}</Table.Td>
                  <Table.Td>
                    {lead.qualified ? (
                      <IconCheck size={16} aria-label={t('leads.list.yes')} />
                    ) : (
                      <Text size="xs" c="dimmed">
                        {t('leads.list.no')} ({lead.missing.length})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.date(lead.updatedAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {leads.isSuccess && leads.data.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('leads.list.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {leads.data && leads.data.total > pageSize && (
        <Pagination
          total={Math.ceil(leads.data.total / pageSize)}
          value={page}
          onChange={setPage}
        />
      )}
    </Stack>
  );
}
