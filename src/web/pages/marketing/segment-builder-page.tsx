import {
  ActionIcon,
  Badge,
  Box,
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
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFolderPlus, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useSaveSegment,
  useSegmentCount,
  useSegmentPreview,
  useSegments,
  useUpdateSegment,
  type Condition,
  type Segment,
} from '../../api/marketing.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { newRow, parseJsonCondition, rowKinds, type Row, type RowKind } from './condition-rows.ts';
import {
  addChild,
  changeNode,
  editorToTree,
  isGroup,
  maxGroupChildren,
  maxGroupLevels,
  newGroup,
  removeNode,
  summary,
  treeToEditor,
  type EditorNode,
  type Group,
} from './condition-tree.ts';

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
            value={row.field}
            data={(['last_name', 'first_name', 'gender', 'preferred_language'] as const).map(
              (field) => ({ value: field, label: t(`marketing.fields.${field}`) }),
            )}
            onChange={(value) => value && set({ field: value as Row['field'] })}
          />
          <Select
            aria-label={t('marketing.builder.operator')}
            w={150}
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
    case 'json':
      return (
        <Textarea
          aria-label={t('marketing.segments.editor.json')}
          placeholder='{ "type": "address", "part": "city", "values": ["Moscow"] }'
          miw={360}
          style={{ flex: 1 }}
          ff="monospace"
          autosize
          minRows={2}
          maxRows={12}
          value={row.json}
          error={
            row.json.trim() && !parseJsonCondition(row.json)
              ? t('marketing.segments.editor.badJson')
              : undefined
          }
          onChange={(event) => set({ json: event.currentTarget.value })}
        />
      );
  }
}

/** What a row asks, short, for the one-line summary of the logic. */
function useRowWords() {
  const { t } = useTranslation();
  return (row: Row): string => {
    const label = t(`marketing.rows.${row.kind}`);
    const period = `${row.amount} ${t(`marketing.units.${row.unit}`)}`;
    switch (row.kind) {
      case 'serviceWithin':
      case 'purchaseWithin':
        return `${label} ${period}`;
      case 'field':
        return `${t(`marketing.fields.${row.field}`)} ${t(`marketing.operators.${row.op}`)}${
          row.op === 'is_empty' ? '' : ` “${row.text}”`
        }`;
      case 'consent':
        return `${label} ${t(`marketing.channels.${(row.values[0] ?? 'email') as 'email'}`)}`;
      case 'lifecycle':
        return `${label}: ${row.values.map((stage) => t(`marketing.stages.${stage as 'owner'}`)).join(', ')}`;
      case 'vehicle':
      case 'interest':
        return `${label} ${row.text}`.trim();
      case 'birthday':
        return `${label}: ${row.amount}`;
      case 'json':
        return `${label} (${parseJsonCondition(row.json)?.type ?? '?'})`;
      default:
        return label;
    }
  };
}

type TreeActions = {
  change: (id: number, change: (node: EditorNode) => EditorNode) => void;
  remove: (id: number) => void;
  add: (groupId: number, node: EditorNode) => void;
};

function RowLine({ row, actions }: { row: Row; actions: TreeActions }) {
  const { t } = useTranslation();
  return (
    <MantineGroup gap="xs" wrap="wrap" align="center" data-testid="segment-row">
      <Checkbox
        label={t('marketing.builder.not')}
        checked={row.not}
        onChange={(event) => {
          const not = event.currentTarget.checked;
          actions.change(row.id, (node) => ({ ...node, not }));
        }}
      />
      <Text w={260} size="sm">
        {t(`marketing.rows.${row.kind}`)}
      </Text>
      <RowEditor row={row} onChange={(next) => actions.change(row.id, () => next)} />
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={t('marketing.builder.remove')}
        onClick={() => actions.remove(row.id)}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </MantineGroup>
  );
}

/** One group: its combinator and `not`, its rows and sub-groups indented inside its border. */
function GroupBox({
  group,
  level,
  actions,
}: {
  group: Group;
  level: number;
  actions: TreeActions;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<RowKind | null>(null);
  const full = group.children.length >= maxGroupChildren;
  const color = group.op === 'and' ? 'blue' : 'grape';
  return (
    <Box
      data-testid="segment-group"
      data-level={level}
      role="group"
      aria-label={t(`marketing.segments.editor.${group.op === 'and' ? 'allOf' : 'anyOf'}`)}
      p="sm"
      style={{
        border: '1px solid var(--mantine-color-gray-3)',
        borderLeft: `4px solid var(--mantine-color-${group.not ? 'red' : color}-6)`,
        borderRadius: 'var(--mantine-radius-sm)',
        background: level > 1 ? 'var(--mantine-color-gray-0)' : undefined,
      }}
    >
      <Stack gap="xs">
        <MantineGroup gap="xs" data-testid="group-head">
          <Checkbox
            label={t('marketing.builder.not')}
            aria-label={t('marketing.segments.editor.notGroup')}
            checked={group.not}
            onChange={(event) => {
              const not = event.currentTarget.checked;
              actions.change(group.id, (node) => ({ ...node, not }));
            }}
          />
          <SegmentedControl
            size="xs"
            color={color}
            aria-label={t('marketing.segments.editor.combine')}
            value={group.op}
            onChange={(value) =>
              actions.change(group.id, (node) =>
                isGroup(node) ? { ...node, op: value as Group['op'] } : node,
              )
            }
            data={[
              { value: 'and', label: t('marketing.segments.editor.allOf') },
              { value: 'or', label: t('marketing.segments.editor.anyOf') },
            ]}
          />
          {level > 1 && (
            <ActionIcon
              variant="subtle"
              color="red"
              ml="auto"
              aria-label={t('marketing.segments.editor.removeGroup')}
              onClick={() => actions.remove(group.id)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </MantineGroup>
        {group.children.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('marketing.segments.editor.empty')}
          </Text>
        )}
        {group.children.map((child) =>
          isGroup(child) ? (
            <GroupBox key={child.id} group={child} level={level + 1} actions={actions} />
          ) : (
            <RowLine key={child.id} row={child} actions={actions} />
          ),
        )}
        <MantineGroup gap="xs" data-testid="group-actions">
          <Select
            placeholder={t('marketing.builder.addCondition')}
            aria-label={t('marketing.builder.addCondition')}
            size="xs"
            value={adding}
            data={rowKinds.map((kind) => ({ value: kind, label: t(`marketing.rows.${kind}`) }))}
            onChange={(value) => setAdding(value as RowKind | null)}
          />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={!adding || full}
            onClick={() => {
              if (!adding) return;
              actions.add(group.id, newRow(adding));
              setAdding(null);
            }}
          >
            {t('marketing.builder.add')}
          </Button>
          {level < maxGroupLevels && (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconFolderPlus size={14} />}
              disabled={full}
              // a group inside a group of the same kind changes nothing: offer the other kind
              onClick={() => actions.add(group.id, newGroup(group.op === 'and' ? 'or' : 'and'))}
            >
              {t('marketing.segments.editor.addGroup')}
            </Button>
          )}
        </MantineGroup>
      </Stack>
    </Box>
  );
}

// seed 004's dormant customers as the starting example: a visit in 2 years, none in 6 months
const starter = (): Group => ({
  ...newGroup('and', [
    { ...newRow('serviceWithin'), amount: 2, unit: 'years' },
    { ...newRow('serviceWithin'), not: true },
  ]),
  bare: true,
});

/**
 * Build a segment from groups of conditions ("all of" / "any of", nested) and watch the number
 * of matching customers; open a saved one, change it, or read and edit its tree as JSON.
 */
export function SegmentBuilderPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('marketing.builder.title'));
  const canWrite = useCan('marketing:write');
  const rowWords = useRowWords();
  const [root, setRoot] = useState<Group>(starter);
  const [mode, setMode] = useState<'visual' | 'json'>('visual');
  const [jsonText, setJsonText] = useState('');
  const [opened, setOpened] = useState<Segment | null>(null);
  const [name, setName] = useState('');
  const definition = useMemo<Condition | null>(
    () => (mode === 'visual' ? editorToTree(root) : parseJsonCondition(jsonText)),
    [mode, root, jsonText],
  );
  const [debounced] = useDebouncedValue(definition, 400);
  const count = useSegmentCount(debounced);
  const preview = useSegmentPreview(debounced);
  const segments = useSegments();
  const save = useSaveSegment();
  const update = useUpdateSegment();

  const actions: TreeActions = {
    change: (id, change) => setRoot((current) => changeNode(current, id, change)),
    remove: (id) => setRoot((current) => removeNode(current, id)),
    add: (groupId, node) => setRoot((current) => addChild(current, groupId, node)),
  };

  const switchMode = (next: 'visual' | 'json') => {
    if (next === mode) return;
    if (next === 'json') {
      setJsonText(JSON.stringify(editorToTree(root), null, 2));
      setMode('json');
      return;
    }
    const tree = parseJsonCondition(jsonText);
    // an unreadable text stays in the JSON view; an empty one starts the editor afresh
    if (!tree && jsonText.trim() && jsonText.trim() !== 'null') return;
    setRoot(tree ? treeToEditor(tree) : { ...newGroup('and'), bare: true });
    setMode('visual');
  };

  const open = (segment: Segment) => {
    setRoot(treeToEditor(segment.definition));
    setMode('visual');
    setOpened(segment);
    setName(segment.name);
    window.scrollTo({ top: 0 });
  };

  const startOver = () => {
    setRoot({ ...newGroup('and'), bare: true });
    setMode('visual');
    setOpened(null);
    setName('');
  };

  const jsonInvalid = mode === 'json' && jsonText.trim() !== '' && !definition;

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
            <MantineGroup gap="sm">
              <SegmentedControl
                aria-label={t('marketing.segments.editor.view')}
                value={mode}
                onChange={(value) => switchMode(value as 'visual' | 'json')}
                data={[
                  { value: 'visual', label: t('marketing.segments.editor.visual') },
                  { value: 'json', label: t('marketing.segments.editor.jsonView') },
                ]}
              />
              {opened && (
                <Text size="sm" data-testid="opened-segment">
                  {t('marketing.segments.editing', { name: opened.name })}
                </Text>
              )}
              <Button size="xs" variant="subtle" onClick={startOver}>
                {t('marketing.segments.startOver')}
              </Button>
            </MantineGroup>
            <MantineGroup gap="xs" data-testid="segment-count">
              <Text fw={600}>{t('marketing.builder.matching')}</Text>
              <Badge size="lg" variant="light">
                {count.data ? format.number(count.data.count) : '—'}
              </Badge>
              {count.isFetching && <Loader size="xs" />}
            </MantineGroup>
          </MantineGroup>
          {mode === 'visual' ? (
            <>
              <GroupBox group={root} level={1} actions={actions} />
              {definition && (
                <Text size="sm" c="dimmed" data-testid="segment-logic">
                  {summary(root, {
                    all: t('marketing.segments.editor.allOf'),
                    any: t('marketing.segments.editor.anyOf'),
                    not: t('marketing.builder.not'),
                    row: rowWords,
                  })}
                </Text>
              )}
            </>
          ) : (
            <Textarea
              aria-label={t('marketing.segments.editor.treeJson')}
              description={t('marketing.segments.editor.treeJsonHint')}
              ff="monospace"
              autosize
              minRows={8}
              maxRows={30}
              value={jsonText}
              error={jsonInvalid ? t('marketing.segments.editor.badJson') : undefined}
              onChange={(event) => setJsonText(event.currentTarget.value)}
            />
          )}
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
            {opened && (
              <Button
                disabled={!definition || !name.trim()}
                loading={update.isPending}
                onClick={() =>
                  definition &&
                  update.mutate(
                    {
                      id: opened.id,
                      name: name.trim(),
                      description: opened.description,
                      definition,
                    },
                    { onSuccess: (segment) => setOpened(segment) },
                  )
                }
              >
                {t('marketing.segments.saveChanges')}
              </Button>
            )}
            <Button
              variant={opened ? 'light' : 'filled'}
              disabled={!definition || !name.trim()}
              loading={save.isPending}
              onClick={() =>
                definition &&
                save.mutate(
                  { name: name.trim(), definition },
                  {
                    onSuccess: () => {
                      setName('');
                      setOpened(null);
                    },
                  },
                )
              }
            >
              {opened ? t('marketing.segments.saveAsNew') : t('marketing.builder.save')}
            </Button>
          </MantineGroup>
          {save.isError && <FormError error={save.error} />}
          {update.isError && <FormError error={update.error} />}
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
                <Table.Td ta="right">
                  <Button size="xs" variant="subtle" onClick={() => open(segment)}>
                    {t('marketing.segments.open')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
