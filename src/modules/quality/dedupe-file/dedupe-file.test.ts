import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/errors.ts';
import { dedupeFile } from './dedupe-file.service.ts';
import { readPersonFile } from './person-file-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'autocrm-dedupe-'));
let counter = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `input-${++counter}.csv`);
  writeFileSync(path, content);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** Windows-1251 bytes of a text (Node has no 1251 encoder; the table is Unicode order). */
function windows1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const code = char.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (code === 0x401) return 0xa8;
      if (code === 0x451) return 0xb8;
      throw new Error(`no 1251 byte for ${char}`);
    }),
  );
}

describe('a data steward de-duplicates a list before importing it', () => {
  it('writes a cluster for every row and the scored pairs with their explanation', async () => {
    const input = file(
      [
        'ID;ФИО;Дата рождения;Телефон;E-mail',
        '1;Иванов Александр Петрович;14.03.1985;8 916 123-45-67;a.ivanov@gmail.com',
        '2;Ivanov Alexander;1985-03-14;+7 (916) 1234567;',
        '3;Иванова Мария;22.07.1987;8 916 123-45-67;',
        '4;Петров Сергей;01.12.1990;+7 903 555 12 12;s.petrov@mail.ru',
      ].join('\n'),
    );
    const out = join(dir, 'clusters.csv');
    const pairs = join(dir, 'pairs.csv');
    const lines: string[] = [];
    const report = await dedupeFile(input, { out, pairs, log: (line) => lines.push(line) });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
      'record_id,cluster_id',
      '1,1',
      '2,1',
      '3,3',
      '4,4',
    ]);
    const pairLines = readFileSync(pairs, 'utf8').trim().split('\n');
    expect(pairLines[0]).toBe(
      'record_id_l,record_id_r,match_probability,match_weight,household,same_cluster,explanation',
    );
    // Swapped and transliterated: Александр (first name) against Alexander (written as surname).
    expect(pairLines[1]).toMatch(
      /^1,2,(?:1\.0+|0\.99\d+),[\d.]+,0,1,"?firstName=transliteration or diminutive \+/,
    );
    expect(report).toMatchObject({ records: 4, clusters: 3, duplicates: 1, encoding: 'utf-8' });
    expect(lines.join('\n')).toContain('ФИО→fullName');
  });

  it('takes --map for columns it does not know, and refuses a mapping to a missing column', async () => {
    const input = file(
      'code,who,tel\nA,John Smith,+44 7700 900123\nB,Smith John,+44 7700 900123\n',
    );
    const out = join(dir, 'mapped.csv');
    await dedupeFile(input, { out, map: 'code=id,who=full_name,tel=phone' });
    expect(readFileSync(out, 'utf8')).toBe('record_id,cluster_id\nA,A\nB,A\n');
    const error = await failure(dedupeFile(input, { out, map: 'nope=phone' }));
    expect(error.fields[0]!.message).toContain('no column «nope»');
  });

  it('refuses an empty file and a file with nothing to compare', async () => {
    expect((await failure(readPersonFile(file('')))).message).toBe('The file is empty');
    expect((await failure(readPersonFile(file('\n  \n')))).message).toBe('The file is empty');
    const nothing = await failure(readPersonFile(file('colour,size\nred,10\n')));
    expect(nothing.message).toContain('Nothing in the file can be compared');
  });

  it('reads Windows-1251 and GBK files and says so', async () => {
    const russian = await readPersonFile(
      file(windows1251('id,фамилия,имя\n1,Иванов,Пётр\n2,Сидорова,Анна\n')),
    );
    expect(russian.encoding).toBe('windows-1251');
    expect(russian.records[0]).toMatchObject({ lastName: 'Иванов', firstName: 'Пётр' });
    // GBK bytes of "id,姓名\n1,王伟\n2,李娜\n".
    const gbk = Buffer.from('69642cd0d5c3fb0a312ccdf5ceb00a322cc0eec4c80a', 'hex');
    const chinese = await readPersonFile(file(gbk));
    expect(chinese.encoding).toBe('gbk');
    expect(chinese.records.map((record) => record.fullName)).toEqual(['王伟', '李娜']);
  });

  it('refuses a file that is no text in any encoding it knows', async () => {
    const error = await failure(
      readPersonFile(
        file(Buffer.from([0x69, 0x64, 0x2c, 0x6e, 0x0a, 0x82, 0x0a, 0x84, 0x2c, 0x85, 0x0a])),
      ),
    );
    expect(error.message).toContain('encoding is not recognised');
  });

  it('names the ragged rows, huge cells and repeated ids by line and writes nothing', async () => {
    const huge = 'x'.repeat(10_000_001);
    const input = file(`id,name,phone\n1,Anna Lee,123456\n2,Bob\n3,${huge},1\n1,Anna Lee,123456\n`);
    const out = join(dir, 'never.csv');
    const error = await failure(dedupeFile(input, { out }));
    expect(error.fields.map((field) => field.path)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(error.fields[0]!.message).toBe('2 cells where the header has 3');
    expect(error.message).toContain('3 row(s) cannot be read');
    expect(() => readFileSync(out)).toThrow();
  });
});
