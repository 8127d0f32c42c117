import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { packFiguresOnce, scopeKey } from './pack-build.ts';
import type { PackFigures } from './pack-figures.ts';

const dealers = ['dealer-b', 'dealer-a'];
const actor = (changes: Partial<Actor>): Actor => ({ ...systemActor('job'), ...changes });
const brandX = actor({
  role: 'brand_manager',
  brandId: 'brand-x',
  scope: { level: 'brand', dealerIds: dealers },
});
const analystX = actor({
  role: 'analyst',
  brandId: 'brand-x',
  scope: { level: 'brand', dealerIds: dealers },
});
const brandY = actor({
  role: 'brand_manager',
  brandId: 'brand-y',
  scope: { level: 'brand', dealerIds: dealers },
});
const regionR1 = actor({
  role: 'region_manager',
  regionId: 'r1',
  scope: { level: 'region', dealerIds: dealers },
});

describe('report pack figures shared within a run', () => {
  it("never gives a brand manager the figures of a region with the same dealers, nor another brand's", () => {
    expect(scopeKey(brandX)).toBe(scopeKey(analystX));
    expect(new Set([scopeKey(brandX), scopeKey(brandY), scopeKey(regionR1)]).size).toBe(3);
  });

  it('computes once per scope: the brand X manager and analyst share, the region does not', async () => {
    const asked: Actor[] = [];
    // a stand-in for packFigures: records who it computed for
    const compute = async (_db: Db, who: Actor) => {
      asked.push(who);
      return {} as PackFigures;
    };
    const figuresOf = packFiguresOnce({} as Db, compute);
    for (const who of [brandX, analystX, regionR1, brandY]) await figuresOf(who, '2026-03-02');
    expect(asked).toEqual([brandX, regionR1, brandY]);
  });
});
