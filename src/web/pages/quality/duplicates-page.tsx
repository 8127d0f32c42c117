import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Pagination,
  Progress,
  Radio,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useDecidePair,
  queuePageSize,
  useDuplicateQueue,
  useDuplicateRuns,
  useMerges,
  usePairComparison,
  useStartDuplicateRun,
  useUndoMerge,
  type ComparedCustomer,
  type DuplicatePair,
  type PairComparison,
  type QueueStatus,
} from '../../api/quality.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { valuesDisagree } from './compared-values.ts';
import { DuplicateSettingsCard } from './duplicate-settings-card.tsx';
import {
  comparedFieldVocabulary,
  customerColumnLabelKey,
  evidenceLevelKey,
  isEvidenceField,
} from './evidence-labels.ts';

const pairId = (pair: DuplicatePair) => `${pair.customerA.id}/${pair.customerB.id}`;

function RunPanel() {
  const { t } = useTranslation();
  const runs = useDuplicateRuns();
  const start = useStartDuplicateRun();
  const latest = runs.data?.[0];
  const running = latest?.status === 'running';
  return (
    <Card>
      <Group justify="space-between" align="center">
        <Stack gap={4} style={{ flex: 1 }}>
          {latest && running && (
            <>
              <Text size="sm">
                {t(`quality.duplicates.stage.${latest.stage}`, { defaultValue: latest.stage })}
              </Text>
              <Progress
                value={latest.total ? (100 * latest.done) / latest.total : 0}
                animated
                aria-label={t('quality.duplicates.run')}
              />
            </>
          )}
          {runs.isSuccess && !latest && (
            <Text size="sm" c="dimmed">
              {t('quality.duplicates.neverRun')}
            </Text>
          )}
          {latest && latest.status === 'done' && (
            <Text size="sm" c="dimmed">
              {t('quality.duplicates.lastRun', {
                customers: latest.customers,
                pairs: latest.pairs,
                merged: latest.autoMerged,
              })}
            </Text>
          )}
          {latest && latest.status === 'failed' && (
            <Text size="sm" c="red">
              {t('quality.duplicates.failed', { error: latest.error ?? '' })}
            </Text>
          )}
        </Stack>
        <Button
          leftSection={<IconSearch size={16} />}
          loading={start.isPending || running}
          onClick={() => start.mutate()}
        >
          {t('quality.duplicates.run')}
        </Button>
      </Group>
      {start.isError && <QueryError error={start.error} />}
    </Card>
  );
}

function ValueList({ values }: { values: string[] }) {
  if (values.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Stack gap={0}>
      {values.map((value, i) => (
        <Text size="sm" key={i}>
          {value}
        </Text>
      ))}
    </Stack>
  );
}

type Labels = {
  format: ReturnType<typeof useFormat>;
  label: ReturnType<typeof useVocabulary>['label'];
  leadStage: (stage: string) => string;
};

const listRows: {
  key: 'phones' | 'emails' | 'addresses' | 'vehicles' | 'leads' | 'dealers';
  values: (customer: ComparedCustomer, labels: Labels) => string[];
}[] = [
  { key: 'phones', values: (c) => c.phones.map((p) => p.raw || p.e164) },
  { key: 'emails', values: (c) => c.emails.map((e) => e.address) },
  { key: 'addresses', values: (c) => c.addresses.map((a) => a.text) },
  {
    key: 'vehicles',
    values: (c) => c.vehicles.map((v) => [v.name, v.vin].filter(Boolean).join(' · ')),
  },
  {
    key: 'leads',
    values: (c, { format, leadStage }) =>
      c.leads.map((l) =>
        [format.date(l.createdAt), leadStage(l.stage), l.dealer].filter(Boolean).join(' · '),
      ),
  },
  {
    key: 'dealers',
    values: (c, { label }) =>
      c.dealers.map(
        (d) => `${d.name} (${d.relations.map((r) => label('dealerRelation', r)).join(', ')})`,
      ),
  },
];

/** A profile value as the reader says it: vocabulary codes translated, lists joined. */
function shownValue(
  field: string,
  value: ComparedCustomer['fields'][string] | undefined,
  label: Labels['label'],
): string | number {
  if (value == null) return '—';
  const vocabulary = (comparedFieldVocabulary as Record<string, Parameters<Labels['label']>[0]>)[
    field
  ];
  const values = Array.isArray(value) ? value : [value];
  if (!vocabulary) return Array.isArray(value) ? value.join(', ') : value;
  return values.map((v) => label(vocabulary, String(v))).join(', ');
}

function Comparison({
  comparison,
  survivor,
  onSurvivor,
}: {
  comparison: PairComparison;
  survivor: string;
  onSurvivor: (id: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const labels: Labels = {
    format,
    label,
    leadStage: (stage) => t(`leads.stage.${stage}`, { defaultValue: stage }),
  };
  const [left, right] = comparison.customers;
  const fields = Object.keys(left.fields);
  const weightOf = (field: string) => comparison.explanation.filter((c) => c.field === field);
  const columnLabel = (column: string) => {
    const key = customerColumnLabelKey(column);
    return key ? t(key) : column;
  };
  const fieldLabel = (field: string) =>
    isEvidenceField(field) ? t(`quality.evidence.field.${field}`) : field;
  const levelLabel = (level: string) => {
    const key = evidenceLevelKey(level);
    return key ? t(`quality.evidence.level.${key}`) : level;
  };
  return (
    <Stack gap="sm">
      <Radio.Group value={survivor} onChange={onSurvivor}>
        <Table withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quality.duplicates.field')}</Table.Th>
              {[left, right].map((customer, i) => (
                <Table.Th key={customer.id}>
                  <Stack gap={4}>
                    <Anchor component={Link} to={`/customers/${customer.id}`}>
                      {i + 1}. {customer.displayName}
                    </Anchor>
                    <Radio value={customer.id} label={t('quality.duplicates.keep')} />
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((field) => {
              const a = left.fields[field];
              const b = right.fields[field];
              const shown = (v: typeof a) => shownValue(field, v, label);
              return (
                <Table.Tr key={field} bg={valuesDisagree(a, b) ? 'yellow.0' : undefined}>
                  <Table.Td>
                    <Text size="sm">{columnLabel(field)}</Text>
                  </Table.Td>
                  <Table.Td>{shown(a)}</Table.Td>
                  <Table.Td>{shown(b)}</Table.Td>
                </Table.Tr>
              );
            })}
            {listRows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{t(`quality.duplicates.${row.key}`)}</Table.Td>
                <Table.Td>
                  <ValueList values={row.values(left, labels)} />
                </Table.Td>
                <Table.Td>
                  <ValueList values={row.values(right, labels)} />
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>{t('quality.duplicates.created')}</Table.Td>
              <Table.Td>{format.dateTime(left.createdAt)}</Table.Td>
              <Table.Td>{format.dateTime(right.createdAt)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Radio.Group>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('quality.duplicates.field')}</Table.Th>
            <Table.Th />
            <Table.Th>{t('quality.duplicates.weight')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...new Set(comparison.explanation.map((c) => c.field))].map((field) =>
            weightOf(field).map((c) => (
              <Table.Tr key={`${field}-${c.level}`}>
                <Table.Td>{fieldLabel(field)}</Table.Td>
                <Table.Td>
                  <Tooltip
                    label={[
                      c.discounted ? t('quality.evidence.discounted') : '',
                      c.termAdjusted ? t('quality.evidence.termAdjusted') : '',
                    ]
                      .filter(Boolean)
                      .join('; ')}
                    disabled={!c.discounted && !c.termAdjusted}
                  >
                    <Badge variant="light" color={c.discounted ? 'gray' : undefined}>
                      {levelLabel(c.level)}
                    </Badge>
                  </Tooltip>
                  {c.discounted && (
                    <Text size="xs" c="dimmed">
                      {t('quality.evidence.discounted')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td c={c.weight >= 0 ? 'teal' : 'red'}>
                  {c.weight >= 0 ? '+' : ''}
                  {format.number(c.weight)}
                </Table.Td>
              </Table.Tr>
            )),
          )}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function RecentMerges() {
  const { t } = useTranslation();
  const format = useFormat();
  const merges = useMerges();
  const undo = useUndoMerge();
  if (!merges.data?.length) return null;
  return (
    <Card>
      <Title order={3} size="h5" mb="xs">
        {t('quality.duplicates.recent')}
      </Title>
      {undo.isError && <QueryError error={undo.error} />}
      <Table>
        <Table.Tbody>
          {merges.data.map((merge) => (
            <Table.Tr key={merge.id}>
              <Table.Td>{format.dateTime(merge.mergedAt)}</Table.Td>
              <Table.Td>
                {merge.loserName} →{' '}
                <Anchor component={Link} to={`/customers/${merge.survivorId}`}>
                  {merge.survivorName}
                </Anchor>{' '}
                {merge.automatic && (
                  <Badge variant="light">{t('quality.duplicates.automatic')}</Badge>
                )}
              </Table.Td>
              <Table.Td>
                {t('quality.duplicates.rowsMoved', {
                  count: Object.values(merge.moved).reduce((sum, n) => sum + n, 0),
                })}
              </Table.Td>
              <Table.Td>
                {merge.undoneAt ? (
                  <Text size="sm" c="dimmed">
                    {t('quality.duplicates.undone')}
                  </Text>
                ) : (
                  <Button
                    size="xs"
                    variant="subtle"
                    loading={undo.isPending && undo.variables === merge.id}
                    onClick={() => undo.mutate(merge.id)}
                  >
                    {t('quality.duplicates.undo')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/**
 * The steward's duplicate review: start a search over the base (with its progress), go through
 * the pairs with the keyboard, compare two records side by side with the evidence of each
 * field, and merge, reject or skip; recent merges can be undone.
 */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('quality.duplicates.title'));
  const [status, setStatus] = useState<QueueStatus>('open');
  const [page, setPage] = useState(1);
  const queue = useDuplicateQueue(status, page);
  const total = queue.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / queuePageSize));
  const decide = useDecidePair();
  const pairs = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const [selected, setSelected] = useState<string | null>(null);
  const current = pairs.find((pair) => pairId(pair) === selected) ?? pairs[0] ?? null;
  const comparison = usePairComparison(
    current ? { a: current.customerA.id, b: current.customerB.id } : null,
  );
  const [survivor, setSurvivor] = useState<string | null>(null);
  // decisions shrink the queue: a page past its end goes back to the last one there is
  useEffect(() => {
    if (queue.isSuccess && page > pages) setPage(pages);
  }, [queue.isSuccess, page, pages]);
  const survivorId =
    survivor && current && [current.customerA.id, current.customerB.id].includes(survivor)
      ? survivor
      : (current?.customerA.id ?? '');

  const move = useCallback(
    (step: number) => {
      if (!pairs.length) return;
      const index = current ? pairs.indexOf(current) : -1;
      const next = pairs[Math.min(Math.max(index + step, 0), pairs.length - 1)]!;
      setSelected(pairId(next));
    },
    [pairs, current],
  );
  const act = useCallback(
    (decision: 'merge' | 'not_duplicate' | 'skip' | 'reopen') => {
      if (!current || decide.isPending) return;
      // each view offers only the moves that change the pair: no "skip" of a skipped one
      if (decision === 'reopen' && status === 'open') return;
      if (decision === 'skip' && status !== 'open') return;
      if (decision === 'not_duplicate' && status === 'not_duplicate') return;
      const index = pairs.indexOf(current);
      const next = pairs[index + 1] ?? pairs[index - 1];
      decide.mutate(
        {
          a: current.customerA.id,
          b: current.customerB.id,
          decision,
          ...(decision === 'merge' ? { survivorId } : {}),
        },
        { onSuccess: () => setSelected(next ? pairId(next) : null) },
      );
    },
    [current, decide, pairs, survivorId, status],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'j') move(1);
      else if (key === 'k') move(-1);
      else if (key === 'm') act('merge');
      else if (key === 'n') act('not_duplicate');
      else if (key === 's') act('skip');
      else if (key === 'r') act('reopen');
      else if (key === '1' && current) setSurvivor(current.customerA.id);
      else if (key === '2' && current) setSurvivor(current.customerB.id);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, act, current]);

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('quality.duplicates.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          {t('quality.duplicates.intro')}
        </Text>
      </div>
      <RunPanel />
      <DuplicateSettingsCard />
      {queue.isError && <QueryError error={queue.error} onRetry={() => void queue.refetch()} />}
      {decide.isError && <QueryError error={decide.error} />}
      <Text size="xs" c="dimmed">
        {t('quality.duplicates.keys')}
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card p="xs">
            <SegmentedControl
              fullWidth
              size="xs"
              mb="xs"
              value={status}
              onChange={(value) => {
                setStatus(value as QueueStatus);
                setPage(1);
                setSelected(null);
              }}
              data={(['open', 'skipped', 'not_duplicate'] as const).map((value) => ({
                value,
                label: t(`quality.duplicates.status.${value}`),
              }))}
            />
            <Text fw={600} size="sm" mb="xs">
              {status === 'open'
                ? t('quality.duplicates.queue', { total: queue.data?.total ?? 0 })
                : `${t(`quality.duplicates.status.${status}`)} (${format.number(queue.data?.total ?? 0)})`}
            </Text>
            {queue.isSuccess && pairs.length === 0 && (
              <EmptyNote>{t('quality.duplicates.empty')}</EmptyNote>
            )}
            <ScrollArea.Autosize mah={640}>
              <Stack gap={2} role="listbox" aria-label={t('quality.duplicates.title')}>
                {pairs.map((pair) => {
                  const active = current && pairId(pair) === pairId(current);
                  return (
                    <UnstyledButton
                      key={pairId(pair)}
                      role="option"
                      aria-selected={active ?? false}
                      onClick={() => setSelected(pairId(pair))}
                      p="xs"
                      bg={active ? 'blue.0' : undefined}
                      style={{ borderRadius: 4 }}
                    >
                      <Group justify="space-between" wrap="nowrap">
                        <Text size="sm" lineClamp={2}>
                          {pair.customerA.displayName} · {pair.customerB.displayName}
                        </Text>
                        <Badge variant="light">{format.percent(pair.probability)}</Badge>
                      </Group>
                    </UnstyledButton>
                  );
                })}
              </Stack>
            </ScrollArea.Autosize>
            {total > queuePageSize && (
              <Stack gap={4} mt="xs" align="center">
                <Text size="xs" c="dimmed">
                  {t('quality.duplicates.range', {
                    from: format.number((page - 1) * queuePageSize + 1),
                    to: format.number(Math.min(page * queuePageSize, total)),
                    total: format.number(total),
                  })}
                </Text>
                <Pagination
                  size="sm"
                  total={pages}
                  value={Math.min(page, pages)}
                  onChange={(value) => {
                    setPage(value);
                    setSelected(null);
                  }}
                />
              </Stack>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {!current && <EmptyNote>{t('quality.duplicates.select')}</EmptyNote>}
          {current && (
            <Stack gap="sm">
              <Group justify="space-between">
                <Group gap="xs">
                  <Text size="sm">
                    {t('quality.duplicates.probability')}: {format.percent(current.probability)}
                  </Text>
                  {current.household && (
                    <Badge color="orange" variant="light">
                      {t('quality.duplicates.household')}
                    </Badge>
                  )}
                </Group>
                <Group gap="xs">
                  <Button loading={decide.isPending} onClick={() => act('merge')}>
                    {t('quality.duplicates.merge')}
                  </Button>
                  {status !== 'not_duplicate' && (
                    <Button variant="default" onClick={() => act('not_duplicate')}>
                      {t('quality.duplicates.notDuplicate')}
                    </Button>
                  )}
                  {status === 'open' ? (
                    <Button variant="subtle" onClick={() => act('skip')}>
                      {t('quality.duplicates.skip')}
                    </Button>
                  ) : (
                    <Button variant="default" onClick={() => act('reopen')}>
                      {t('quality.duplicates.reopen')}
                    </Button>
                  )}
                </Group>
              </Group>
              {comparison.isError && <QueryError error={comparison.error} />}
              {comparison.data && (
                <Comparison
                  comparison={comparison.data}
                  survivor={survivorId}
                  onSurvivor={setSurvivor}
                />
              )}
            </Stack>
          )}
          {decide.data && 'survivorName' in (decide.data ?? {}) && (
            <Alert color="teal" mt="sm">
              {t('quality.duplicates.merged', {
                name: (decide.data as { survivorName: string }).survivorName,
              })}
            </Alert>
          )}
        </Grid.Col>
      </Grid>
      <RecentMerges />
    </Stack>
  );
}
