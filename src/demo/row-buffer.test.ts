import { describe, expect, it } from 'vitest';
import { arrayLiteral, RowBuffer } from './row-buffer.ts';

const spec = {
  name: 'things',
  columns: [
    ['id', 'uuid'],
    ['label', 'text'],
    ['count', 'int'],
    ['tags', 'text[]'],
    ['flag', 'bool'],
  ],
} as const;

describe('rows kept as PostgreSQL array literals', () => {
  it('quotes text, leaves ids and numbers bare, writes NULL for nothing', () => {
    expect(arrayLiteral(['a', null, 'say "hi"', 'back\\slash', '{x,y}'], 'text')).toBe(
      '{"a",NULL,"say \\"hi\\"","back\\\\slash","{x,y}"}',
    );
    expect(arrayLiteral([1, null, 3], 'int')).toBe('{1,NULL,3}');
    expect(arrayLiteral([['golf', 'a "b"'], []], 'text[]')).toBe(
      '{"{\\"golf\\",\\"a \\\\\\"b\\\\\\"\\"}","{}"}',
    );
  });

  it('gives the same literals whether rows were sealed on the way or not', () => {
    const sealed = new RowBuffer(spec);
    const open = new RowBuffer(spec);
    for (let i = 0; i < 10; i++) {
      const row = [
        `00000000-0000-4000-8000-00000000000${i}`,
        `n°${i}, "x"`,
        i,
        ['t', String(i)],
        i % 2 === 0,
      ] as const;
      sealed.push(...row);
      open.push(...row);
      if (i % 3 === 0) sealed.seal();
    }
    expect(sealed.arrayLiterals()).toEqual(open.arrayLiterals());
    expect(open.rows()[2]).toMatchObject({ label: 'n°2, "x"', count: 2, flag: true });
    expect(() => sealed.rows()).toThrow();
  });
});
