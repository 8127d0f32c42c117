import { describe, expect, it } from 'vitest';
import { ownOwner } from './owner-scope.ts';

describe("a user's own owner level", () => {
  it('is his dealer, else his brand, else the group', () => {
    expect(ownOwner({ dealerId: 'd1', brandId: 'b1' })).toEqual({
      ownerLevel: 'dealer',
      dealerId: 'd1',
      brandId: null,
    });
    expect(ownOwner({ dealerId: null, brandId: 'b1' })).toEqual({
      ownerLevel: 'brand',
      dealerId: null,
      brandId: 'b1',
    });
    expect(ownOwner({ dealerId: null, brandId: null })).toEqual({
      ownerLevel: 'group',
      dealerId: null,
      brandId: null,
    });
  });
});
