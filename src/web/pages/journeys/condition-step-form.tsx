import { Badge, Group, Loader, SegmentedControl, Select, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Step } from '../../api/journeys.ts';
import { useSegmentCount, useSegments, type Condition } from '../../api/marketing.ts';
import { useFormat } from '../../i18n/format.ts';
import { parseJsonCondition } from '../marketing/condition-rows.ts';
import {
  editorToTree,
  sameTree,
  treeToEditor,
  type Group as Tree,
} from '../marketing/condition-tree.ts';
import { SegmentTreeEditor, TreeSummary } from '../marketing/segment-tree-editor.tsx';

type ConditionStep = Extract<Step, { type: 'condition' }>;

const asJson = (condition: Condition) => JSON.stringify(condition, null, 2);

/**
 * The condition of a condition step, in the segment builder's visual editor (or as JSON, for
 * whoever prefers it), copied from a saved segment if wished, with the live count of customers
 * who satisfy it now. The step always holds its last complete condition.
 */
export function ConditionStepForm({
  step,
  onChange,
}: {
  step: ConditionStep;
  onChange: (step: Step) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const segments = useSegments();
  const [mode, setMode] = useState<'visual' | 'json'>('visual');
  const [root, setRoot] = useState<Tree>(() => treeToEditor(step.condition));
  const [text, setText] = useState(() => asJson(step.condition));
  // what the form shows; a change from outside (another step, a copied segment) redraws it,
  // the form's own changes coming back do not (that would lose rows not complete yet)
  const shown = useRef({ id: step.id, condition: step.condition });
  useEffect(() => {
    if (shown.current.id === step.id && sameTree(shown.current.condition, step.condition)) return;
    shown.current = { id: step.id, condition: step.condition };
    setRoot(treeToEditor(step.condition));
    setText(asJson(step.condition));
  }, [step.id, step.condition]);

  const emit = (condition: Condition) => {
    shown.current = { id: step.id, condition };
    onChange({ ...step, condition });
  };

  const definition = useMemo<Condition | null>(
    () => (mode === 'visual' ? editorToTree(root) : parseJsonCondition(text)),
    [mode, root, text],
  );
  const [debounced] = useDebouncedValue(definition, 400);
  const count = useSegmentCount(debounced);

  const switchMode = (next: 'visual' | 'json') => {
    if (next === mode) return;
    if (next === 'json') {
      setText(asJson(step.condition));
      setMode('json');
      return;
    }
    // an unreadable text stays in the JSON view
    const tree = parseJsonCondition(text);
    if (!tree) return;
    setRoot(treeToEditor(tree));
    setMode('visual');
  };

  return (
    <>
      <Select
        label={t('journeys.condition.fromSegment')}
        data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        onChange={(id) => {
          const segment = segments.data?.find((s) => s.id === id);
          if (!segment) return;
          emit(segment.definition);
          setRoot(treeToEditor(segment.definition));
          setText(asJson(segment.definition));
        }}
      />
      <Group justify="space-between" gap="xs">
        <SegmentedControl
          size="xs"
          aria-label={t('marketing.segments.editor.view')}
          value={mode}
          onChange={(value) => switchMode(value as 'visual' | 'json')}
          data={[
            { value: 'visual', label: t('marketing.segments.editor.visual') },
            { value: 'json', label: t('marketing.segments.editor.jsonView') },
          ]}
        />
        <Group
          gap="xs"
          data-testid="condition-count"
          title={t('journeys.condition.matchingNowHint')}
        >
          <Text size="sm">{t('journeys.condition.matchingNow')}</Text>
          <Badge variant="light">
            {count.data && definition ? format.number(count.data.count) : '—'}
          </Badge>
          {count.isFetching && <Loader size="xs" />}
        </Group>
      </Group>
      {mode === 'visual' ? (
        <div data-testid="condition-visual-editor">
          <Text size="xs" c="dimmed" mb="xs">
            {t('journeys.condition.visualHint')}
          </Text>
          <SegmentTreeEditor
            value={root}
            onChange={(next) => {
              setRoot(next);
              const tree = editorToTree(next);
              if (tree) emit(tree);
            }}
          />
          {definition ? (
            <TreeSummary root={root} />
          ) : (
            <Text size="sm" c="orange" mt="xs">
              {t('journeys.condition.incomplete')}
            </Text>
          )}
        </div>
      ) : (
        <Textarea
          label={t('journeys.condition.tree')}
          autosize
          minRows={6}
          ff="monospace"
          value={text}
          error={text.trim() && !definition ? t('journeys.condition.invalidJson') : undefined}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            const tree = parseJsonCondition(value);
            if (tree) emit(tree);
          }}
        />
      )}
    </>
  );
}
