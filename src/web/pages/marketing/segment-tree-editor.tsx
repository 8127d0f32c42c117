import {
  ActionIcon,
  Box,
  Button,
  Checkbox,
  Group as MantineGroup,
  Menu,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsMove,
  IconFolderPlus,
  IconGripVertical,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RowEditor, useRowWords } from './condition-row-editor.tsx';
import { newRow, rowKinds, type Row, type RowKind } from './condition-rows.ts';
import {
  addChild,
  changeNode,
  groupNumbers,
  isGroup,
  maxGroupChildren,
  maxGroupLevels,
  moveNode,
  moveTargets,
  moveWithinGroup,
  newGroup,
  parentOf,
  removeNode,
  summary,
  type EditorNode,
  type Group,
  type SummaryWords,
} from './condition-tree.ts';

/** What every group and row of the drawn tree shares: the whole tree, and how to change it. */
type Tree = {
  root: Group;
  /** "Group 2": the groups numbered in reading order, shown in their heads and the move menu */
  numbers: Map<number, number>;
  change: (id: number, change: (node: EditorNode) => EditorNode) => void;
  remove: (id: number) => void;
  add: (groupId: number, node: EditorNode) => void;
  move: (id: number, groupId: number) => void;
  shift: (id: number, step: -1 | 1) => void;
  /** the node being dragged, if any, and the group it would drop into */
  drag: { id: number; over: number | null } | null;
  setDrag: (drag: { id: number; over: number | null } | null) => void;
};

function useGroupLabel(numbers: Map<number, number>) {
  const { t } = useTranslation();
  return (group: Group) => {
    const number = numbers.get(group.id) ?? 0;
    const how = `${group.not ? 'Not' : ''}${group.op === 'and' ? 'All' : 'Any'}` as const;
    return t(`marketing.segments.editor.target${how}`, { number });
  };
}

/** Up, down, "Move to…" a listed group, and a handle to drag the node into another group. */
function MoveControls({ node, tree }: { node: EditorNode; tree: Tree }) {
  const { t } = useTranslation();
  const label = useGroupLabel(tree.numbers);
  const place = parentOf(tree.root, node.id);
  const targets = moveTargets(tree.root, node.id);
  return (
    <MantineGroup gap={2} wrap="nowrap" data-testid="move-controls">
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={t('marketing.segments.editor.drag')}
        title={t('marketing.segments.editor.drag')}
        draggable
        style={{ cursor: 'grab' }}
        onDragStart={(event: DragEvent) => {
          event.dataTransfer.effectAllowed = 'move';
          // some browsers start no drag without data
          event.dataTransfer.setData('text/plain', String(node.id));
          tree.setDrag({ id: node.id, over: null });
        }}
        onDragEnd={() => tree.setDrag(null)}
      >
        <IconGripVertical size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={t('marketing.segments.editor.moveUp')}
        disabled={!place || place.index === 0}
        onClick={() => tree.shift(node.id, -1)}
      >
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={t('marketing.segments.editor.moveDown')}
        disabled={!place || place.index === place.parent.children.length - 1}
        onClick={() => tree.shift(node.id, 1)}
      >
        <IconArrowDown size={16} />
      </ActionIcon>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('marketing.segments.editor.moveTo')}
            disabled={targets.length === 0}
          >
            <IconArrowsMove size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('marketing.segments.editor.moveTo')}</Menu.Label>
          {targets.map((group) => (
            <Menu.Item key={group.id} onClick={() => tree.move(node.id, group.id)}>
              {label(group)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </MantineGroup>
  );
}

function RowLine({ row, tree }: { row: Row; tree: Tree }) {
  const { t } = useTranslation();
  return (
    <MantineGroup gap="xs" wrap="wrap" align="center" data-testid="segment-row">
      <Checkbox
        label={t('marketing.builder.not')}
        checked={row.not}
        onChange={(event) => {
          const not = event.currentTarget.checked;
          tree.change(row.id, (node) => ({ ...node, not }));
        }}
      />
      <Text w={260} size="sm">
        {t(`marketing.rows.${row.kind}`)}
      </Text>
      <RowEditor row={row} onChange={(next) => tree.change(row.id, () => next)} />
      <MantineGroup gap={2} wrap="nowrap">
        <MoveControls node={row} tree={tree} />
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('marketing.builder.remove')}
          onClick={() => tree.remove(row.id)}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </MantineGroup>
    </MantineGroup>
  );
}

/** One group: its combinator and `not`, its rows and sub-groups indented inside its border. */
function GroupBox({ group, level, tree }: { group: Group; level: number; tree: Tree }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<RowKind | null>(null);
  const full = group.children.length >= maxGroupChildren;
  const color = group.op === 'and' ? 'blue' : 'grape';
  const dropHere = tree.drag?.over === group.id;
  // the innermost group under the pointer decides, so that a drop never lands in an outer one
  const onDragOver = (event: DragEvent) => {
    if (!tree.drag) return;
    event.stopPropagation();
    const accepts = moveTargets(tree.root, tree.drag.id).some((target) => target.id === group.id);
    if (accepts) event.preventDefault();
    const over = accepts ? group.id : null;
    if (tree.drag.over !== over) tree.setDrag({ ...tree.drag, over });
  };
  const onDrop = (event: DragEvent) => {
    if (!tree.drag) return;
    event.preventDefault();
    event.stopPropagation();
    tree.move(tree.drag.id, group.id);
    tree.setDrag(null);
  };
  return (
    <Box
      data-testid="segment-group"
      data-level={level}
      role="group"
      aria-label={t(`marketing.segments.editor.${group.op === 'and' ? 'allOf' : 'anyOf'}`)}
      p="sm"
      onDragOver={onDragOver}
      onDrop={onDrop}
      style={{
        border: `1px ${dropHere ? 'dashed var(--mantine-color-blue-6)' : 'solid var(--mantine-color-gray-3)'}`,
        borderLeft: `4px solid var(--mantine-color-${group.not ? 'red' : color}-6)`,
        borderRadius: 'var(--mantine-radius-sm)',
        background: dropHere
          ? 'var(--mantine-color-blue-0)'
          : level > 1
            ? 'var(--mantine-color-gray-0)'
            : undefined,
      }}
    >
      <Stack gap="xs">
        <MantineGroup gap="xs" data-testid="group-head">
          <Text size="xs" fw={600} c="dimmed" data-testid="group-name">
            {t('marketing.segments.editor.groupName', { number: tree.numbers.get(group.id) })}
          </Text>
          <Checkbox
            label={t('marketing.builder.not')}
            aria-label={t('marketing.segments.editor.notGroup')}
            checked={group.not}
            onChange={(event) => {
              const not = event.currentTarget.checked;
              tree.change(group.id, (node) => ({ ...node, not }));
            }}
          />
          <SegmentedControl
            size="xs"
            color={color}
            aria-label={t('marketing.segments.editor.combine')}
            value={group.op}
            onChange={(value) =>
              tree.change(group.id, (node) =>
                isGroup(node) ? { ...node, op: value as Group['op'] } : node,
              )
            }
            data={[
              { value: 'and', label: t('marketing.segments.editor.allOf') },
              { value: 'or', label: t('marketing.segments.editor.anyOf') },
            ]}
          />
          {level > 1 && (
            <MantineGroup gap={2} ml="auto" wrap="nowrap">
              <MoveControls node={group} tree={tree} />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('marketing.segments.editor.removeGroup')}
                onClick={() => tree.remove(group.id)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </MantineGroup>
          )}
        </MantineGroup>
        {group.children.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('marketing.segments.editor.empty')}
          </Text>
        )}
        {group.children.map((child) =>
          isGroup(child) ? (
            <GroupBox key={child.id} group={child} level={level + 1} tree={tree} />
          ) : (
            <RowLine key={child.id} row={child} tree={tree} />
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
              tree.add(group.id, newRow(adding));
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
              onClick={() => tree.add(group.id, newGroup(group.op === 'and' ? 'or' : 'and'))}
            >
              {t('marketing.segments.editor.addGroup')}
            </Button>
          )}
        </MantineGroup>
      </Stack>
    </Box>
  );
}

/**
 * The visual editor of a condition tree: groups ("all of" / "any of", negated or not, nested)
 * of condition rows; rows and groups move up, down, or into another group by menu or by drag.
 * Used by the segment builder and by the condition step of journeys.
 */
export function SegmentTreeEditor({
  value,
  onChange,
}: {
  value: Group;
  onChange: (root: Group) => void;
}) {
  const [drag, setDrag] = useState<Tree['drag']>(null);
  const numbers = useMemo(() => groupNumbers(value), [value]);
  const apply = (next: Group) => {
    if (next !== value) onChange(next);
  };
  const tree: Tree = {
    root: value,
    numbers,
    change: (id, change) => apply(changeNode(value, id, change)),
    remove: (id) => apply(removeNode(value, id)),
    add: (groupId, node) => apply(addChild(value, groupId, node)),
    move: (id, groupId) => apply(moveNode(value, id, groupId)),
    shift: (id, step) => apply(moveWithinGroup(value, id, step)),
    drag,
    setDrag,
  };
  return <GroupBox group={value} level={1} tree={tree} />;
}

/** The words of the one-line summary in the user's language (also for the journey's cards). */
export function useSummaryWords(): SummaryWords {
  const { t } = useTranslation();
  const rowWords = useRowWords();
  return {
    all: t('marketing.segments.editor.allOf'),
    any: t('marketing.segments.editor.anyOf'),
    not: t('marketing.builder.not'),
    row: rowWords,
  };
}

/** The logic in one line ("All of: A, Any of: (B, not C)") for the marketer to read. */
export function TreeSummary({ root }: { root: Group }) {
  const words = useSummaryWords();
  return (
    <Text size="sm" c="dimmed" data-testid="segment-logic">
      {summary(root, words)}
    </Text>
  );
}
