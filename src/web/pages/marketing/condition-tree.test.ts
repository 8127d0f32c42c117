import { describe, expect, it } from 'vitest';
import type { Condition } from '../../api/marketing.ts';
import { newRow, type Row } from './condition-rows.ts';
import {
  addChild,
  canMove,
  changeNode,
  editorToTree,
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
  [{ type: 'churn', maxPActive: 0.3 }, 'churn'],
  [{ type: 'churn', maxPActive: 0.29, segments: ['at_risk', 'hibernating'] }, 'churn'],
  [{ type: 'date', field: 'verified_at', window: twoYears }, 'verifiedWithin'],
  [{ type: 'campaign', response: 'clicked', when: sixMonths }, 'campaignResponse'],
  [{ type: 'campaign', response: 'attended', when: twoYears }, 'campaignResponse'],
];

/** Leaves (or options of them) no row edits: they must come back unchanged, as JSON rows. */
const otherLeaves: Condition[] = [
  { type: 'campaign', response: 'opened' },
  { type: 'campaign', response: 'clicked', when: sixMonths, count: { min: 2 } },
  {
    type: 'campaign',
    response: 'received',
    campaignIds: ['00000000-0000-4000-8000-000000000001'],
    when: sixMonths,
  },
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
  { type: 'date', field: 'verified_at', window: { to: { ago: { amount: 2, unit: 'years' } } } },
  { type: 'date', field: 'verified_at', window: { from: { date: '2025-01-01' } } },
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
  { type: 'churn', minPActive: 0.8 },
  { type: 'churn', maxPActive: 0.305 },
  { type: 'churn', maxPActive: 0.3, minRevenueAtRisk: 1_000_000 },
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

  it('builds "data not verified in the last 24 months" from one negated row, and opens it again', () => {
    const stale: Row = { ...newRow('verifiedWithin'), not: true };
    const root: Group = { ...newGroup('and', [stale]), bare: true };
    const tree: Condition = {
      type: 'not',
      condition: {
        type: 'date',
        field: 'verified_at',
        window: { from: { ago: { amount: 24, unit: 'months' } } },
      },
    };
    expect(editorToTree(root)).toEqual(tree);
    const opened = treeToEditor(tree);
    expect(opened.children[0]).toMatchObject({
      kind: 'verifiedWithin',
      not: true,
      amount: 24,
      unit: 'months',
    });
    expect(editorToTree(opened)).toEqual(tree);
  });

  it('compares trees whatever the order of their keys', () => {
    expect(sameTree({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameTree({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameTree([1], { 0: 1 })).toBe(false);
  });
});

describe('the marketer moves rows and groups between groups', () => {
  const field = (text: string): Row => ({ ...newRow('field'), op: 'eq', text });
  const leaf = (text: string): Condition => ({
    type: 'field',
    field: 'last_name',
    op: 'eq',
    values: [text],
  });
  /** All of: A, B, Group 2 (any of: C, Group 3 (all of: D)) */
  const build = () => {
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map(field) as [Row, Row, Row, Row];
    const inner = newGroup('and', [d]);
    const any = newGroup('or', [c, inner]);
    const root = newGroup('and', [a, b, any]);
    return { root, a, b, c, d, any, inner };
  };

  it('moves a row into another group, keeping its id, and the tree follows', () => {
    const { root, a, any } = build();
    const moved = moveNode(root, a.id, any.id);
    expect(parentOf(moved, a.id)?.parent.id).toBe(any.id);
    expect(parentOf(moved, a.id)?.index).toBe(2);
    expect(editorToTree(moved)).toEqual({
      type: 'and',
      conditions: [
        leaf('B'),
        {
          type: 'or',
          conditions: [leaf('C'), { type: 'and', conditions: [leaf('D')] }, leaf('A')],
        },
      ],
    });
    // the same row object, not a copy: its edits and React key stay
    expect((moved.children[1] as Group).children[2]).toBe(a);
    // the tree given is left as it was
    expect(root.children).toHaveLength(3);
  });

  it('moves a row out of a group to a given place', () => {
    const { root, c } = build();
    const moved = moveNode(root, c.id, root.id, 0);
    expect(moved.children.map((node) => node.id)[0]).toBe(c.id);
    expect(editorToTree(moved)).toMatchObject({
      conditions: [leaf('C'), leaf('A'), leaf('B'), {}],
    });
  });

  it('keeps the `not` of what it moves', () => {
    const { root, any, inner } = build();
    let tree = changeNode(root, inner.id, (node) => ({ ...node, not: true }));
    tree = moveNode(tree, inner.id, tree.id);
    expect(editorToTree(tree)).toMatchObject({
      conditions: [{}, {}, { type: 'or' }, { type: 'not', condition: { type: 'and' } }],
    });
    expect(parentOf(tree, any.id)?.parent.id).toBe(tree.id);
  });

  it('moves a group with everything inside it', () => {
    const { root, b, d, any, inner } = build();
    let tree = moveNode(root, b.id, inner.id);
    tree = moveNode(tree, inner.id, tree.id, 0);
    expect(tree.children[0]).toMatchObject({
      id: inner.id,
      children: [{ id: d.id }, { id: b.id }],
    });
    expect((tree.children[2] as Group).id).toBe(any.id);
    expect(editorToTree(tree)).toEqual({
      type: 'and',
      conditions: [
        { type: 'and', conditions: [leaf('D'), leaf('B')] },
        leaf('A'),
        { type: 'or', conditions: [leaf('C')] },
      ],
    });
  });

  it('refuses to put a group into itself or a group inside it, or to move the root', () => {
    const { root, any, inner } = build();
    expect(canMove(root, any.id, any.id)).toBe(false);
    expect(canMove(root, any.id, inner.id)).toBe(false);
    expect(canMove(root, root.id, any.id)).toBe(false);
    expect(moveNode(root, any.id, inner.id)).toBe(root);
    expect(moveNode(root, root.id, inner.id)).toBe(root);
    // nor into a row, or a group that is not there
    expect(moveNode(root, any.id, root.children[0]!.id)).toBe(root);
    expect(moveNode(root, any.id, 987654321)).toBe(root);
  });

  it('refuses a move that would take a group below the editor’s last level, or into a full group', () => {
    // a chain of groups down to the last level, and a group of two levels beside it
    let deepest = newGroup('and', [field('X')]);
    const top = deepest;
    for (let level = 3; level <= maxGroupLevels; level += 1) {
      const next = newGroup('or', [field('Y')]);
      deepest.children.push(next);
      deepest = next;
    }
    const pair = newGroup('or', [newGroup('and', [field('Z')])]);
    const row = field('R');
    const root = newGroup('and', [top, pair, row]);
    expect(canMove(root, row.id, deepest.id)).toBe(true);
    expect(canMove(root, pair.id, deepest.id)).toBe(false);
    expect(canMove(root, pair.id, top.id)).toBe(true);

    const full = newGroup(
      'or',
      Array.from({ length: maxGroupChildren }, () => field('F')),
    );
    const withFull = newGroup('and', [full, row]);
    expect(canMove(withFull, row.id, full.id)).toBe(false);
    // moving inside the full group itself stays possible
    expect(moveWithinGroup(withFull, full.children[0]!.id, 1)).not.toBe(withFull);
  });

  it('leaves the emptied group in place, counting for nothing until it is filled again', () => {
    const { root, b, d, inner } = build();
    const moved = moveNode(root, d.id, root.id);
    expect(parentOf(moved, inner.id)).not.toBeNull();
    expect((parentOf(moved, inner.id)!.parent.children[1] as Group).children).toEqual([]);
    expect(editorToTree(moved)).toEqual({
      type: 'and',
      conditions: [leaf('A'), leaf('B'), { type: 'or', conditions: [leaf('C')] }, leaf('D')],
    });
    const refilled = moveNode(moved, b.id, inner.id);
    expect(editorToTree(refilled)).toMatchObject({
      conditions: [
        {},
        { type: 'or', conditions: [{}, { type: 'and', conditions: [leaf('B')] }] },
        {},
      ],
    });
  });

  it('moves up and down within a group, and not past its ends', () => {
    const { root, a, b, any } = build();
    const down = moveWithinGroup(root, a.id, 1);
    expect(down.children.map((node) => node.id)).toEqual([b.id, a.id, any.id]);
    expect(moveWithinGroup(down, a.id, -1).children.map((node) => node.id)).toEqual([
      a.id,
      b.id,
      any.id,
    ]);
    expect(moveWithinGroup(root, a.id, -1)).toBe(root);
    expect(moveWithinGroup(root, any.id, 1)).toBe(root);
    expect(moveWithinGroup(root, root.id, 1)).toBe(root);
  });

  it('numbers the groups in reading order and offers the other groups a node may go to', () => {
    const { root, a, c, any, inner } = build();
    expect([...groupNumbers(root).entries()]).toEqual([
      [root.id, 1],
      [any.id, 2],
      [inner.id, 3],
    ]);
    expect(moveTargets(root, a.id).map((group) => group.id)).toEqual([any.id, inner.id]);
    expect(moveTargets(root, c.id).map((group) => group.id)).toEqual([root.id, inner.id]);
    // a group goes neither into itself nor inside itself, and already is in the root
    expect(moveTargets(root, any.id)).toEqual([]);
    expect(moveTargets(root, inner.id).map((group) => group.id)).toEqual([root.id]);
  });

  it('gives back the single condition bare when the root keeps just one after a move', () => {
    const a = field('A');
    const sub = newGroup('or', [field('B')]);
    const root: Group = { ...newGroup('and', [a, sub]), bare: true };
    const moved = moveNode(root, a.id, sub.id);
    expect(editorToTree(moved)).toEqual({ type: 'or', conditions: [leaf('B'), leaf('A')] });
  });
});
