import { describe, expect, it } from 'vitest';
import { Prng, weighted } from './prng.ts';

describe('the seeded generator behind the demo data', () => {
  it('repeats itself for the same seed and stream, and only then', () => {
    const draw = (seed: number, stream = 0) => {
      const rng = new Prng(seed, stream);
      return Array.from({ length: 5 }, () => rng.next32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1)).not.toEqual(draw(1, 1));
  });

  it('spreads integers evenly over their range', () => {
    const rng = new Prng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.int(0, 9)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(9_500);
    for (const count of counts) expect(count).toBeLessThan(10_500);
  });

  it('makes version 4 UUIDs', () => {
    const rng = new Prng(3);
    const ids = new Set(Array.from({ length: 10_000 }, () => rng.uuid()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('counts its ids up, so index inserts land at the right edge of the B-tree', () => {
    const rng = new Prng(5);
    const ids = Array.from({ length: 1_000 }, () => rng.uuid());
    expect([...ids].sort()).toEqual(ids);
    // another stream of the same seed starts elsewhere
    expect(new Prng(5, 1).uuid().slice(0, 8)).not.toBe(ids[0]!.slice(0, 8));
  });

  it('picks weighted items in proportion', () => {
    const rng = new Prng(11);
    const table = weighted({ a: 1, b: 3 });
    let b = 0;
    for (let i = 0; i < 40_000; i++) if (table.pick(rng) === 'b') b++;
    expect(b / 40_000).toBeCloseTo(0.75, 1);
  });
});
