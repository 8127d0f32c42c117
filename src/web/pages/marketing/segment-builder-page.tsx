import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group as MantineGroup,
  Loader,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useSaveSegment,
  useSegmentCount,
  useSegmentPreview,
  useSegments,
} from '../../api/marketing.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import {
  groupCondition,
  newRow,
  rowKinds,
  type Group,
  type Row,
  type RowKind,
} from './condition-rows.ts';

function RowEditor({ row, onChange }: { row: Row; onChange: (row: Row) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<Row>) => onChange({ ...row, ...patch });
  const period = (
    <>
      <NumberInput
        aria-label={t('marketing.builder.amount')}
        w={80}
        min={0}
        max={200}
        value={row.amount}
        onChange={(value) => set({ amount: Number(value) || 0 })}
      />
      <Select
        aria-label={t('marketing.builder.unit')}
        w={120}
        value={row.unit}
        allowDeselect={false}
        data={(['days', 'weeks', 'months', 'years'] as const).map((unit) => ({
          value: unit,
          label: t(`marketing.units.${unit}`),
        }))}
        onChange={(value) => value && set({ unit: value as Row['unit'] })}
      />
    </>
  );
  switch (row.kind) {
    case 'serviceWithin':
    case 'purchaseWithin':
      return period;
    case 'serviceAverage':
      return (
        <>
          {period}
          <NumberInput
            w={120}
            min={0}
            placeholder={t('marketing.builder.from')}
            aria-label={t('marketing.builder.from')}
            value={row.min}
            onChange={(value) => set({ min: value === '' ? '' : Number(value) })}
          />
          <NumberInput
            w={120}
            min={0}
            placeholder={t('marketing.builder.to')}
            aria-label={t('marketing.builder.to')}
            value={row.max}
            onChange={(value) => set({ max: value === '' ? '' : Number(value) })}
          />
        </>
      );
    case 'vehicle':
      return (
        <>
          <TextInput
            placeholder={t('marketing.builder.makes')}
            aria-label={t('marketing.builder.makes')}
            value={row.text}
            onChange={(event) => set({ text: event.currentTarget.value })}
          />
          <TextInput
            placeholder={t('marketing.builder.models')}
            aria-label={t('marketing.builder.models')}
            value={row.values.join(',')}
            onChange={(event) => set({ values: [event.currentTarget.value] })}
          />
        </>
      );
    case 'lifecycle':
      return (
        <MultiSelect
          aria-label={t('marketing.rows.lifecycle')}
          miw={240}
          value={row.values}
          data={(['prospect', 'customer', 'owner', 'lost'] as const).map((stage) => ({
            value: stage,
            label: t(`marketing.stages.${stage}`),
          }))}
          onChange={(values) => set({ values })}
        />
      );
    case 'consent':
      return (
        <Select
          aria-label={t('marketing.rows.consent')}
          w={160}
          allowDeselect={false}
          value={row.values[0] ?? 'email'}
          data={(['email', 'sms', 'phone', 'post', 'messenger'] as const).map((channel) => ({
            value: channel,
            label: t(`marketing.channels.${channel}`),
          }))}
          onChange={(value) => value && set({ values: [value] })}
        />
      );
    case 'field':
      return (
        <>
          <Select
            aria-label={t('marketing.builder.field')}
            w={160}
            allowDeselect={false}
            value={row.field}
            data={(['last_name', 'first_name', 'gender', 'preferred_language'] as const).map(
              (field) => ({ value: field, label: t(`marketing.fields.${field}`) }),
            )}
            onChange={(value) => value && set({ field: value as Row['field'] })}
          />
          <Select
            aria-label={t('marketing.builder.operator')}
            w={150}
            allowDeselect={false}
            value={row.op}
            data={(['eq', 'contains', 'starts_with', 'is_empty'] as const).map((op) => ({
              value: op,
              label: t(`marketing.operators.${op}`),
            }))}
            onChange={(value) => value && set({ op: value as Row['op'] })}
          />
          {row.op !== 'is_empty' && (
            <TextInput
              aria-label={t('marketing.builder.value')}
              value={row.text}
              onChange={(event) => set({ text: event.currentTarget.value })}
            />
          )}
        </>
      );
    case 'birthday':
      return (
        <NumberInput
          aria-label={t('marketing.builder.days')}
          w={100}
          min={0}
          max={366}
          value={row.amount}
          onChange={(value) => set({ amount: Number(value) || 0 })}
        />
      );
    case 'club':
      return (
        <>
          <NumberInput
            aria-label={t('marketing.builder.minPoints')}
            placeholder={t('marketing.builder.minPoints')}
            w={140}
            min={0}
            value={row.amount || ''}
            onChange={(value) => set({ amount: Number(value) || 0 })}
          />
          <TextInput
            placeholder={t('marketing.builder.memberTags')}
            aria-label={t('marketing.builder.memberTags')}
            value={row.text}
            onChange={(event) => set({ text: event.currentTarget.value })}
          />
        </>
      );
    case 'interest':
      return (
        <TextInput
          placeholder={t('marketing.builder.interests')}
          aria-label={t('marketing.builder.interests')}
          value={row.text}
          onChange={(event) => set({ text: event.currentTarget.value })}
        />
      );
  }
}

/** Build a segment from rows of conditions and watch the number of matching customers. */
export function SegmentBuilderPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('marketing.builder.title'));
  const canWrite = useCan('marketing:write');
  // seed 004's dormant customers as the starting example: a visit in 2 years, none in 6 months
  const [group, setGroup] = useState<Group>(() => ({
    op: 'and',
    rows: [
      { ...newRow('serviceWithin'), amount: 2, unit: 'years' },
      { ...newRow('serviceWithin'), not: true },
    ],
  }));
  const [adding, setAdding] = useState<RowKind | null>(null);
  const [name, setName] = useState('');
  const definition = useMemo(() => groupCondition(group), [group]);
  const [debounced] = useDebouncedValue(definition, 400);
  const count = useSegmentCount(debounced);
  const preview = useSegmentPreview(debounced);
  const segments = useSegments();
  const save = useSaveSegment();

  const update = (row: Row) =>
    setGroup({ ...group, rows: group.rows.map((r) => (r.id === row.id ? row : r)) });

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('marketing.builder.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={720}>
          {t('marketing.builder.intro')}
        </Text>
      </div>
      <Card>
        <Stack gap="sm">
          <MantineGroup justify="space-between">
            <SegmentedControl
              value={group.op}
              onChange={(value) => setGroup({ ...group, op: value as Group['op'] })}
              data={[
                { value: 'and', label: t('marketing.builder.all') },
                { value: 'or', label: t('marketing.builder.any') },
              ]}
            />
            <MantineGroup gap="xs" data-testid="segment-count">
              <Text fw={600}>{t('marketing.builder.matching')}</Text>
              <Badge size="lg" variant="light">
                {count.data ? format.number(count.data.count) : '—'}
              </Badge>
              {count.isFetching && <Loader size="xs" />}
            </MantineGroup>
          </MantineGroup>
          {group.rows.map((row) => (
            <MantineGroup key={row.id} gap="xs" wrap="wrap" align="center">
              <Checkbox
                label={t('marketing.builder.not')}
                checked={row.not}
                onChange={(event) => update({ ...row, not: event.currentTarget.checked })}
              />
              <Text w={260} size="sm">
                {t(`marketing.rows.${row.kind}`)}
              </Text>
              <RowEditor row={row} onChange={update} />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('marketing.builder.remove')}
                onClick={() =>
                  setGroup({ ...group, rows: group.rows.filter((r) => r.id !== row.id) })
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </MantineGroup>
          ))}
          <MantineGroup gap="xs">
            <Select
              placeholder={t('marketing.builder.addCondition')}
              aria-label={t('marketing.builder.addCondition')}
              value={adding}
              data={rowKinds.map((kind) => ({ value: kind, label: t(`marketing.rows.${kind}`) }))}
              onChange={(value) => setAdding(value as RowKind | null)}
            />
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              disabled={!adding}
              onClick={() => {
                if (!adding) return;
                setGroup({ ...group, rows: [...group.rows, newRow(adding)] });
                setAdding(null);
              }}
            >
              {t('marketing.builder.add')}
            </Button>
          </MantineGroup>
          {count.isError && <QueryError error={count.error} />}
        </Stack>
      </Card>
      {canWrite && (
        <Card>
          <MantineGroup align="end">
            <TextInput
              label={t('marketing.builder.name')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <Button
              disabled={!definition || !name.trim()}
              loading={save.isPending}
              onClick={() =>
                definition &&
                save.mutate({ name: name.trim(), definition }, { onSuccess: () => setName('') })
              }
            >
              {t('marketing.builder.save')}
            </Button>
          </MantineGroup>
          {save.isError && <FormError error={save.error} />}
        </Card>
      )}
      <Card padding={0}>
        <Title order={2} size="h4" p="md">
          {t('marketing.builder.preview')}
        </Title>
        <Table verticalSpacing="xs">
          <Table.Tbody>
            {(preview.data?.items ?? []).map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td>
                  <Link to={`/customers/${member.id}`}>{member.displayName}</Link>
                </Table.Td>
                <Table.Td>{t(`marketing.stages.${member.lifecycleStage as 'owner'}`)}</Table.Td>
                <Table.Td>{member.email ?? member.phone ?? ''}</Table.Td>
                <Table.Td>{member.city ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {preview.data?.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('marketing.builder.nobody')}</EmptyNote>
          </Stack>
        )}
      </Card>
      <Card padding={0}>
        <Title order={2} size="h4" p="md">
          {t('marketing.segments.title')}
        </Title>
        <Table verticalSpacing="xs">
          <Table.Tbody>
            {(segments.data ?? []).map((segment) => (
              <Table.Tr key={segment.id}>
                <Table.Td>{segment.name}</Table.Td>
                <Table.Td ta="right">{format.number(segment.lastCount)}</Table.Td>
                <Table.Td>{format.date(segment.lastCountedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
