import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'autocrm-dedupe-progress-'));

/** 6,000 people, every fifth one entered a second time with a typo: seconds of work. */
function peopleFile(): string {
  const given = [
    'Ivan',
    'Anna',
    'Pyotr',
    'Olga',
    'Sergei',
    'Maria',
    'John',
    'Wei',
    'Elena',
    'Oleg',
  ];
  const lines = ['id,first_name,last_name,birth_date,phone,city'];
  for (let n = 0; n < 6_000; n++) {
    const first = given[n % given.length]!;
    const last = `Surname${(n * 7) % 997}`;
    const born = `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`;
    const phone = `+7916${String(1_000_000 + n).slice(1)}`;
    lines.push(`p${n},${first},${last},${born},${phone},Moscow`);
    if (n % 5 === 0) lines.push(`d${n},${first},${last}a,${born},${phone},Moscow`);
  }
  const path = join(dir, 'people.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/**
 * `autocrm dedupe` tells a data steward how far it got: a bar redrawn in place on a terminal,
 * a line per stage when stderr goes to a file or a pipe. Both through the real CLI process; the
 * terminal is a real pseudo-terminal made by util-linux `script`.
 */
describe('the dedupe command shows its progress on stderr', () => {
  const input = peopleFile();

  it('draws a bar in place on a terminal, through every stage to 100 %', () => {
    expect(existsSync('/usr/bin/script'), 'util-linux script makes the terminal').toBe(true);
    const out = join(dir, 'clusters-tty.csv');
    const command = `node bin/autocrm.mjs dedupe ${input} --out ${out}`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    // every redraw starts with a carriage return and shows the bar, its share and the stage
    const draws = [...run.stdout.matchAll(/\r\[([# ]{30})\] (\d+)% ([a-z ]+?)\s*(?=\r|\n|$)/g)];
    expect(draws.length).toBeGreaterThanOrEqual(4);
    const stages = new Set(draws.map((draw) => draw[3]));
    for (const stage of ['normalising', 'comparing candidate pairs', 'scoring', 'clustering'])
      expect(stages).toContain(stage);
    const last = draws.at(-1)!;
    expect(last[1]).toBe('#'.repeat(30));
    expect(`${last[2]}% ${last[3]}`).toBe('100% clustering');
    // the bar moved: some draw before the end showed less than all
    expect(draws.some((draw) => Number(draw[2]) < 100)).toBe(true);
    const clusters = readFileSync(out, 'utf8').trim().split('\n');
    expect(clusters).toHaveLength(1 + 6_000 + 1_200);
  }, 240_000);

  it('writes one line per stage, and no bar, when stderr is not a terminal', () => {
    const out = join(dir, 'clusters-pipe.csv');
    const run = spawnSync('node', ['bin/autocrm.mjs', 'dedupe', input, '--out', out], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\r');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^7,200 records, utf-8; columns: /);
    for (const stage of ['normalising', 'comparing candidate pairs', 'scoring', 'clustering'])
      expect(lines).toContain(`${stage} ...`);
  }, 240_000);
});
