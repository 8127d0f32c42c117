import type { Condition } from '../../api/marketing.ts';
import { newId, newRow, rowCondition, type Row, type RowKind } from './condition-rows.ts';

/**
 * The builder's model of a segment: groups ("all of" / "any of", optionally negated) holding
 * condition rows and further groups. `treeToEditor` and `editorToTree` convert between it and
 * the API's condition tree so that a saved segment of any shape comes back exactly as it was:
 * a node no row can show (a leaf kind or option the rows lack, `not` of `not`, a group nested
 * deeper than the editor draws) becomes a `json` row holding that node, not an approximation.
 */

/** Group levels the editor draws, the root being level 1. With a `not` on every group and row
 * this is a tree of depth 9, inside the schema's limit of 10 (segment.schemas.ts). */
export const maxGroupLevels = 4;
/** The schema's limit on the children of one `and` / `or`. */
export const maxGroupChildren = 50;

export type Group = {
  id: number;
  kind: 'group';
  op: 'and' | 'or';
  not: boolean;
  children: EditorNode[];
  /** the root only: the tree was a single condition, given back without a group around it
   * while the root holds one complete condition */
  bare: boolean;
};
export type EditorNode = Row | Group;

export const isGroup = (node: EditorNode): node is Group => node.kind === 'group';

export function newGroup(op: Group['op'] = 'and', children: EditorNode[] = []): Group {
  return { id: newId(), kind: 'group', op, not: false, children, bare: false };
}

type Leaf = Exclude<Condition, { type: 'and' | 'or' | 'not' }>;

/** Deep equality of two JSON values, whatever the order of their keys. */
export function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameTree(item, b[index]));
  }
  const left = Object.entries(a).filter(([, value]) => value !== undefined);
  const right = Object.entries(b).filter(([, value]) => value !== undefined);
  return (
    left.length === right.length &&
    left.every(([key, value]) => sameTree(value, (b as Record<string, unknown>)[key]))
  );
}

const editableFields: readonly string[] = [
  'first_name',
  'last_name',
  'gender',
  'preferred_language',
];
const editableOperators: readonly string[] = ['eq', 'contains', 'starts_with', 'is_empty'];
const editableStages: readonly string[] = ['prospect', 'customer', 'owner', 'lost'];
const editableChannels: readonly string[] = ['email', 'sms', 'phone', 'post', 'messenger'];

/** "in the last N units", the one window the rows edit */
function since(when: unknown): Pick<Row, 'amount' | 'unit'> | null {
  const ago = (when as { from?: { ago?: { amount: number; unit: Row['unit'] } } } | undefined)?.from
    ?.ago;
  return ago ? { amount: ago.amount, unit: ago.unit } : null;
}

/** The row that would show this leaf; whether it shows it exactly is checked by the caller. */
function candidateRow(leaf: Leaf): Row | null {
  const row = (kind: RowKind, patch: Partial<Row>): Row => ({ ...newRow(kind), ...patch });
  switch (leaf.type) {
    case 'service': {
      const window = since(leaf.when);
      if (!window) return null;
      if (!leaf.average) return row('serviceWithin', window);
      // the row takes the receipt in major units (roubles, yuan); the tree has minor units
      const { min, max } = leaf.average;
      return row('serviceAverage', {
        ...window,
        min: min === undefined ? '' : min / 100,
        max: max === undefined ? '' : max / 100,
      });
    }
    case 'purchase': {
      const window = since(leaf.when);
      return window ? row('purchaseWithin', window) : null;
    }
    case 'date': {
      const window = leaf.field === 'verified_at' ? since(leaf.window) : null;
      return window ? row('verifiedWithin', window) : null;
    }
    case 'vehicle':
      return row('vehicle', {
        text: (leaf.makes ?? []).join(', '),
        values: [(leaf.models ?? []).join(', ')],
      });
    case 'lifecycle':
      return leaf.stages.every((stage) => editableStages.includes(stage))
        ? row('lifecycle', { values: [...leaf.stages] })
        : null;
    case 'consent':
      return editableChannels.includes(leaf.channel)
        ? row('consent', { values: [leaf.channel] })
        : null;
    case 'field':
      return editableFields.includes(leaf.field) && editableOperators.includes(leaf.op)
        ? row('field', {
            field: leaf.field as Row['field'],
            op: leaf.op as Row['op'],
            text: leaf.values[0] ?? '',
          })
        : null;
    case 'anniversary':
      return leaf.of === 'birthday' && leaf.nextDays !== undefined
        ? row('birthday', { amount: leaf.nextDays })
        : null;
    case 'tag':
      return row('interest', { text: leaf.values.join(', ') });
    case 'club':
      return row('club', { amount: leaf.minBalance ?? 0, text: (leaf.tags ?? []).join(', ') });
    case 'churn':
      // other bounds than "below N %" and segments stay JSON (sameTree tells)
      return leaf.maxPActive === undefined
        ? null
        : row('churn', {
            amount: Math.round(leaf.maxPActive * 100),
            values: [...(leaf.segments ?? [])],
          });
    case 'campaign': {
      const window = since(leaf.when);
      return window ? row('campaignResponse', { ...window, values: [leaf.response] }) : null;
    }
    default:
      return null;
  }
}

export function jsonRow(condition: Condition): Row {
  return { ...newRow('json'), json: JSON.stringify(condition, null, 2) };
}

/** A leaf as a row: the row of its kind when that row gives back exactly this leaf, else JSON. */
export function leafRow(leaf: Leaf): Row {
  const row = candidateRow(leaf);
  return row && sameTree(rowCondition(row), leaf) ? row : jsonRow(leaf);
}

function groupOf(
  condition: Condition & { type: 'and' | 'or' },
  not: boolean,
  level: number,
): Group {
  return {
    ...newGroup(condition.type),
    not,
    children: condition.conditions.map((child) => toNode(child, level + 1)),
  };
}

/** `level` is the level a group would have here. */
function toNode(condition: Condition, level: number): EditorNode {
  switch (condition.type) {
    case 'and':
    case 'or':
      return level <= maxGroupLevels ? groupOf(condition, false, level) : jsonRow(condition);
    case 'not': {
      const inner = condition.condition;
      if (inner.type === 'and' || inner.type === 'or') {
        return level <= maxGroupLevels ? groupOf(inner, true, level) : jsonRow(condition);
      }
      if (inner.type === 'not') return jsonRow(condition);
      return { ...leafRow(inner), not: true };
    }
    default:
      return leafRow(condition);
  }
}

/** A saved segment's tree as the editor's root group. */
export function treeToEditor(condition: Condition): Group {
  if (condition.type === 'and' || condition.type === 'or') return groupOf(condition, false, 1);
  if (
    condition.type === 'not' &&
    (condition.condition.type === 'and' || condition.condition.type === 'or')
  ) {
    return groupOf(condition.condition, true, 1);
  }
  return { ...newGroup('and', [toNode(condition, 2)]), bare: true };
}

/** A node as a tree; null while nothing in it is complete (incomplete rows do not count). */
export function nodeCondition(node: EditorNode): Condition | null {
  if (!isGroup(node)) return rowCondition(node);
  const conditions = node.children
    .map(nodeCondition)
    .filter((condition): condition is Condition => condition !== null);
  if (conditions.length === 0) return null;
  const group: Condition =
    node.op === 'and' ? { type: 'and', conditions } : { type: 'or', conditions };
  return node.not ? { type: 'not', condition: group } : group;
}

/** The editor's root as the tree the API counts and saves; null while nothing is complete. */
export function editorToTree(root: Group): Condition | null {
  if (root.bare && !root.not) {
    const complete = root.children
      .map(nodeCondition)
      .filter((condition): condition is Condition => condition !== null);
    if (complete.length === 1) return complete[0]!;
  }
  return nodeCondition(root);
}

/** The tree with the node `id` replaced by what `change` makes of it (null removes it). */
export function changeNode(
  root: Group,
  id: number,
  change: (node: EditorNode) => EditorNode | null,
): Group {
  const visit = (node: EditorNode): EditorNode | null => {
    if (node.id === id) return change(node);
    if (!isGroup(node)) return node;
    return {
      ...node,
      children: node.children.map(visit).filter((child): child is EditorNode => child !== null),
    };
  };
  return (visit(root) as Group | null) ?? root;
}

export function removeNode(root: Group, id: number): Group {
  return root.id === id ? root : changeNode(root, id, () => null);
}

export function addChild(root: Group, groupId: number, child: EditorNode): Group {
  return changeNode(root, groupId, (node) =>
    isGroup(node) ? { ...node, children: [...node.children, child] } : node,
  );
}

export type SummaryWords = {
  all: string;
  any: string;
  not: string;
  row: (row: Row) => string;
};

/** The logic in one line, e.g. "All of: A, B, Any of: (C, not D)", for the marketer to read. */
export function summary(node: EditorNode, words: SummaryWords, top = true): string {
  if (!isGroup(node)) return `${node.not ? `${words.not} ` : ''}${words.row(node)}`;
  const inner = node.children.map((child) => summary(child, words, false)).join(', ');
  const head = `${node.not ? `${words.not} ` : ''}${node.op === 'and' ? words.all : words.any}`;
  return top ? `${head}: ${inner}` : `${head}: (${inner})`;
}

/** The group holding the node `id` and the node's place in it; null for the root or a stranger. */
export function parentOf(root: Group, id: number): { parent: Group; index: number } | null {
  for (const [index, child] of root.children.entries()) {
    if (child.id === id) return { parent: root, index };
    if (isGroup(child)) {
      const found = parentOf(child, id);
      if (found) return found;
    }
  }
  return null;
}

function findNode(node: EditorNode, id: number): EditorNode | null {
  if (node.id === id) return node;
  if (!isGroup(node)) return null;
  for (const child of node.children) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return null;
}

/** Levels of groups in a node: 0 for a row, 1 for a group of rows. */
function groupHeight(node: EditorNode): number {
  return isGroup(node) ? 1 + Math.max(0, ...node.children.map(groupHeight)) : 0;
}

/** The level of the group `id` (the root is 1), or 0 when there is no such group. */
function levelOf(root: Group, id: number, level = 1): number {
  if (root.id === id) return level;
  for (const child of root.children) {
    if (!isGroup(child)) continue;
    const found = levelOf(child, id, level + 1);
    if (found) return found;
  }
  return 0;
}

/**
 * Whether the node `id` may go into the group `targetId`: not the root, not into itself or a
 * group inside it (that would make a cycle), not into a full group, and not so deep that a
 * moved group would fall below the editor's last level.
 */
export function canMove(root: Group, id: number, targetId: number): boolean {
  if (id === root.id) return false;
  const node = findNode(root, id);
  const target = findNode(root, targetId);
  if (!node || !target || !isGroup(target)) return false;
  if (findNode(node, targetId)) return false;
  const from = parentOf(root, id);
  if (from?.parent.id !== targetId && target.children.length >= maxGroupChildren) return false;
  return levelOf(root, targetId) + groupHeight(node) <= maxGroupLevels;
}

/**
 * The tree with the node `id` taken out of its group and put into the group `targetId` at
 * `index` (the end when not given). The node keeps its id and everything in it; the group it
 * leaves stays, empty if that was its last child, as after removing a row: it counts for
 * nothing until something is added to it. A move `canMove` refuses gives the tree back as it was.
 */
export function moveNode(root: Group, id: number, targetId: number, index?: number): Group {
  if (!canMove(root, id, targetId)) return root;
  const node = findNode(root, id)!;
  const without = changeNode(root, id, () => null);
  return changeNode(without, targetId, (target) => {
    if (!isGroup(target)) return target;
    const children = [...target.children];
    const at =
      index === undefined ? children.length : Math.max(0, Math.min(index, children.length));
    children.splice(at, 0, node);
    return { ...target, children };
  });
}

/** The tree with the node `id` one place up (-1) or down (+1) in its group; at an end, unchanged. */
export function moveWithinGroup(root: Group, id: number, step: -1 | 1): Group {
  const place = parentOf(root, id);
  if (!place) return root;
  const to = place.index + step;
  if (to < 0 || to >= place.parent.children.length) return root;
  return moveNode(root, id, place.parent.id, to);
}

/** Every group of the tree numbered in reading order, the root being 1, for labels like "Group 2". */
export function groupNumbers(root: Group): Map<number, number> {
  const numbers = new Map<number, number>();
  const visit = (group: Group) => {
    numbers.set(group.id, numbers.size + 1);
    for (const child of group.children) if (isGroup(child)) visit(child);
  };
  visit(root);
  return numbers;
}

/** The groups the node `id` can be moved into, other than its own, in reading order. */
export function moveTargets(root: Group, id: number): Group[] {
  const own = parentOf(root, id)?.parent.id;
  const targets: Group[] = [];
  const visit = (group: Group) => {
    if (group.id !== own && canMove(root, id, group.id)) targets.push(group);
    for (const child of group.children) if (isGroup(child)) visit(child);
  };
  visit(root);
  return targets;
}
