import { describe, expect, it } from 'vitest';
import type { Condition } from '../../api/marketing.ts';
import { newRow, type Row } from './condition-rows.ts';
import {
  addChild,
  changeNode,
  editorToTree,
  isGroup,
  maxGroupLevels,
  newGroup,
  removeNode,
  sameTree,
  summary,
  treeToEditor,
  type EditorNode,
  type Group,
} from './condition-tree.ts';

const twoYears = { from: { ago: { amount: 2, unit: 'years' as const } } };
const sixMonths = { from: { ago: { amount: 6, unit: 'months' as const } } };

/** Leaves a row of its own shows, and the row's kind. */
const rowLeaves: [Condition, Row['kind']][] = [
  [{ type: 'service', when: twoYears }, 'serviceWithin'],
  [{ type: 'service', when: twoYears, average: { min: 1_500_000 } }, 'serviceAverage'],
  [
    { type: 'service', when: sixMonths, average: { min: 250_050, max: 1_000_099 } },
    'serviceAverage',
  ],
  [{ type: 'purchase', when: { from: { ago: { amount: 3, unit: 'weeks' } } } }, 'purchaseWithin'],
  [{ type: 'vehicle', makes: ['BMW', 'Mini'] }, 'vehicle'],
  [{ type: 'vehicle', models: ['X5'] }, 'vehicle'],
  [{ type: 'vehicle', makes: ['BMW'], models: ['X5', 'X6'] }, 'vehicle'],
  [{ type: 'lifecycle', stages: ['owner', 'lost'] }, 'lifecycle'],
  [{ type: 'consent', channel: 'sms', purpose: 'marketing', granted: true }, 'consent'],
  [{ type: 'field', field: 'last_name', op: 'eq', values: ['Иванов'] }, 'field'],
  [{ type: 'field', field: 'first_name', op: 'starts_with', values: ['Ан'] }, 'field'],
  [{ type: 'field', field: 'gender', op: 'is_empty', values: [] }, 'field'],
  [{ type: 'anniversary', of: 'birthday', nextDays: 14 }, 'birthday'],
  [{ type: 'tag', set: 'interests', op: 'any', values: ['golf', 'offroad'] }, 'interest'],
  [{ type: 'club', minBalance: 500, tags: ['hobby:golf'] }, 'club'],
  [{ type: 'club' }, 'club'],
];

/** Leaves (or options of them) no row edits: they must come back unchanged, as JSON rows. */
const otherLeaves: Condition[] = [
  { type: 'service', when: { to: { ago: { amount: 6, unit: 'months' } } } },
  { type: 'service', when: twoYears, visitTypes: ['warranty'] },
  { type: 'service', count: { min: 3 } },
  { type: 'purchase', when: { from: { date: '2024-01-01' } }, condition: 'new' },
  { type: 'vehicle', ageYears: { min: 5 } },
  { type: 'vehicle', makes: ['Rolls, Royce'] },
  { type: 'consent', channel: 'phone', purpose: 'surveys', granted: true },
  { type: 'consent', channel: 'email', purpose: 'marketing', granted: false },
  { type: 'field', field: 'last_name', op: 'in', values: ['A', 'B'] },
  { type: 'field', field: 'occupation', op: 'contains', values: ['doctor'] },
  { type: 'field', field: 'last_name', op: 'eq', values: [' padded '] },
  { type: 'number', field: 'age', range: { min: 30, max: 40 } },
  { type: 'date', field: 'created_at', window: { from: { ago: { amount: 1, unit: 'years' } } } },
  { type: 'tag', set: 'categories', op: 'all', values: ['vip'] },
  { type: 'tag', set: 'interests', op: 'none', values: ['golf'] },
  { type: 'contact', channel: 'phone', present: true },
  { type: 'address', part: 'city', values: ['Москва'] },
  { type: 'dealer', dealerIds: ['0b4c6f4e-1f43-4c1a-9d7c-4fd0f5d3a001'] },
  { type: 'order', statuses: ['confirmed'], count: { min: 1 } },
  { type: 'lead', when: sixMonths, stages: ['test_drive'] },
  { type: 'activity', channels: ['call'], directions: ['inbound'] },
  { type: 'anniversary', of: 'vehicle_purchase', from: '12-20', to: '01-10', years: { min: 3 } },
  { type: 'anniversary', of: 'birthday', nextDays: 7, years: { min: 50, max: 50 } },
  { type: 'list', listId: '0b4c6f4e-1f43-4c1a-9d7c-4fd0f5d3a002' },
  { type: 'club', clubId: '0b4c6f4e-1f43-4c1a-9d7c-4fd0f5d3a003', dormant: true },
  { type: 'club', minBalance: 0 },
];

const leaves: Condition[] = [...rowLeaves.map(([leaf]) => leaf), ...otherLeaves];

const roundTrip = (tree: Condition) => editorToTree(treeToEditor(tree));

function nodes(group: Group): EditorNode[] {
  return group.children.flatMap((child) => (isGroup(child) ? [child, ...nodes(child)] : [child]));
}

describe('a saved segment opens in the builder and comes back unchanged', () => {
  it('shows each leaf a row can edit as that row', () => {
    for (const [leaf, kind] of rowLeaves) {
      const root = treeToEditor(leaf);
      expect(root.children).toHaveLength(1);
      expect(root.children[0]).toMatchObject({ kind, not: false });
      expect(roundTrip(leaf)).toEqual(leaf);
    }
  });

  it('keeps every other leaf as it was, in a JSON row', () => {
    for (const leaf of otherLeaves) {
      const root = treeToEditor(leaf);
      expect(root.children[0]).toMatchObject({ kind: 'json' });
      expect(roundTrip(leaf)).toEqual(leaf);
    }
  });

  it('keeps `not` on a leaf as the row’s not', () => {
    for (const leaf of leaves) {
      const tree: Condition = { type: 'not', condition: leaf };
      expect(treeToEditor(tree).children[0]).toMatchObject({ not: true });
      expect(roundTrip(tree)).toEqual(tree);
    }
  });

  it('keeps groups of one, negated groups and `not` of `not`', () => {
    const leaf = rowLeaves[0]![0];
    const shapes: Condition[] = [
      { type: 'and', conditions: [leaf] },
      { type: 'or', conditions: [leaf] },
      { type: 'not', condition: { type: 'and', conditions: [leaf, leaf] } },
      { type: 'not', condition: { type: 'or', conditions: [{ type: 'not', condition: leaf }] } },
      { type: 'not', condition: { type: 'not', condition: leaf } },
      { type: 'and', conditions: [{ type: 'not', condition: { type: 'not', condition: leaf } }] },
    ];
    for (const tree of shapes) expect(roundTrip(tree)).toEqual(tree);
  });

  it('opens seed 004’s dormant segment as two rows, the second negated', () => {
    const dormant: Condition = {
      type: 'and',
      conditions: [
        { type: 'service', when: twoYears },
        { type: 'not', condition: { type: 'service', when: sixMonths } },
        { type: 'service', when: twoYears, average: { min: 1_500_000 } },
      ],
    };
    const root = treeToEditor(dormant);
    expect(root).toMatchObject({ op: 'and', not: false, bare: false });
    expect(root.children.map((c) => [c.kind, c.not])).toEqual([
      ['serviceWithin', false],
      ['serviceWithin', true],
      ['serviceAverage', false],
    ]);
    expect(editorToTree(root)).toEqual(dormant);
  });

  it('draws groups down to the editor’s last level and keeps deeper ones as JSON', () => {
    // a chain of groups, each holding a leaf and the next group; the last holds two leaves
    const chain = (levels: number, negate: boolean): Condition => {
      let tree: Condition = { type: 'or', conditions: [leaves[1]!, leaves[5]!] };
      for (let level = levels - 1; level >= 1; level -= 1) {
        const inner: Condition = negate ? { type: 'not', condition: tree } : tree;
        tree = { type: level % 2 ? 'and' : 'or', conditions: [leaves[level]!, inner] };
      }
      return tree;
    };
    for (const negate of [false, true]) {
      const drawn = treeToEditor(chain(maxGroupLevels, negate));
      expect(nodes(drawn).filter(isGroup)).toHaveLength(maxGroupLevels - 1);
      expect(nodes(drawn).some((node) => node.kind === 'json')).toBe(false);
      expect(editorToTree(drawn)).toEqual(chain(maxGroupLevels, negate));

      const deeper = treeToEditor(chain(maxGroupLevels + 2, negate));
      expect(nodes(deeper).filter(isGroup)).toHaveLength(maxGroupLevels - 1);
      expect(nodes(deeper).filter((node) => node.kind === 'json')).toHaveLength(1);
      expect(editorToTree(deeper)).toEqual(chain(maxGroupLevels + 2, negate));
    }
  });

  it('round-trips 500 random trees within the schema’s limits', () => {
    let seed = 20261205;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const grow = (depth: number): Condition => {
      const r = random();
      if (depth >= 9 || r < 0.45) return pick(leaves);
      if (r < 0.6) return { type: 'not', condition: grow(depth + 1) };
      const size = 1 + Math.floor(random() * 4);
      return {
        type: random() < 0.5 ? 'and' : 'or',
        conditions: Array.from({ length: size }, () => grow(depth + 1)),
      };
    };
    for (let i = 0; i < 500; i += 1) {
      const tree = grow(0);
      expect(roundTrip(tree)).toEqual(tree);
    }
  });
});

describe('the marketer edits the tree', () => {
  it('starts with one condition given bare, and a group once there are two', () => {
    const first = { ...newRow('consent') };
    let root: Group = { ...newGroup('and', [first]), bare: true };
    expect(editorToTree(root)).toEqual({
      type: 'consent',
      channel: 'email',
      purpose: 'marketing',
      granted: true,
    });
    root = addChild(root, root.id, { ...newRow('lifecycle') });
    expect(editorToTree(root)).toMatchObject({ type: 'and', conditions: [{}, {}] });
  });

  it('builds "A and (B or not C)" and leaves incomplete rows and empty groups out', () => {
    const a: Row = { ...newRow('field'), op: 'eq', text: 'Петрова' };
    const b: Row = { ...newRow('field'), field: 'first_name', op: 'starts_with', text: 'Анна1' };
    const c: Row = { ...newRow('consent'), not: true };
    const sub = newGroup('or');
    let root: Group = { ...newGroup('and', [a]), bare: true };
    root = addChild(root, root.id, sub);
    // the new group is empty, and a row without its value does not count yet
    root = addChild(root, sub.id, { ...newRow('field'), field: 'first_name' });
    expect(editorToTree(root)).toEqual({
      type: 'field',
      field: 'last_name',
      op: 'eq',
      values: ['Петрова'],
    });
    root = addChild(root, sub.id, b);
    root = addChild(root, sub.id, c);
    const incomplete = (root.children[1] as Group).children[0]!;
    root = removeNode(root, incomplete.id);
    const tree: Condition = {
      type: 'and',
      conditions: [
        { type: 'field', field: 'last_name', op: 'eq', values: ['Петрова'] },
        {
          type: 'or',
          conditions: [
            { type: 'field', field: 'first_name', op: 'starts_with', values: ['Анна1'] },
            {
              type: 'not',
              condition: { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
            },
          ],
        },
      ],
    };
    expect(editorToTree(root)).toEqual(tree);
    expect(roundTrip(tree)).toEqual(tree);
    root = changeNode(root, sub.id, (node) => ({ ...node, not: true }));
    expect(editorToTree(root)).toMatchObject({ conditions: [{}, { type: 'not' }] });
    expect(
      summary(root, { all: 'All of', any: 'Any of', not: 'not', row: (row) => row.kind }),
    ).toBe('All of: field, not Any of: (field, not consent)');
    // the root stays, whatever is asked
    expect(removeNode(root, root.id)).toBe(root);
  });

  it('compares trees whatever the order of their keys', () => {
    expect(sameTree({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameTree({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameTree([1], { 0: 1 })).toBe(false);
  });
});
