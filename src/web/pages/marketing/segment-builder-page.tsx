import {
  Badge,
  Button,
  Card,
  Group as MantineGroup,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
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
import { newRow, parseJsonCondition } from './condition-rows.ts';
import { editorToTree, newGroup, treeToEditor, type Group } from './condition-tree.ts';
import { SegmentTreeEditor, TreeSummary } from './segment-tree-editor.tsx';

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
              <SegmentTreeEditor value={root} onChange={setRoot} />
              {definition && <TreeSummary root={root} />}
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
