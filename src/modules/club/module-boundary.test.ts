import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every import specifier of the club module's own code (its tests may use other modules). */
function clubImports(): { file: string; from: string }[] {
  const folder = new URL('./', import.meta.url);
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
  );
  return files.flatMap((file) =>
    [...readFileSync(new URL(file, folder), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((match) => ({
      file,
      from: match[1]!,
    })),
  );
}

describe('the club module stays below analytics', () => {
  it('imports nothing of the analytics module (analytics imports the club rules: no cycle)', () => {
    const imports = clubImports();
    // the scan sees the club's imports at all (a broken pattern would find none and pass)
    expect(imports.some((entry) => entry.from === './dates.ts')).toBe(true);
    expect(imports.filter((entry) => /(^|\/)analytics(\/|$)/.test(entry.from))).toEqual([]);
  });
});
