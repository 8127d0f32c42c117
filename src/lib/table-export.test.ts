import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportStream, type ExportTable } from './table-export.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A table of `count` rows that counts how many the writer has read. */
function countedTable(count: number): { table: ExportTable; pulled: () => number } {
  let pulled = 0;
  async function* rows() {
    for (let i = 0; i < count; i++) {
      pulled++;
      yield [`c-${i}`, `Иванов Иван ${i}`, i % 100, 'placeholder_name fake_phone'];
    }
  }
  return {
    table: {
      sheet: 'problems',
      header: ['customer_id', 'customer', 'score', 'problems'],
      rows: rows(),
      notes: [{ sheet: 'about', header: ['key', 'value'], rows: [['records', count]] }],
    },
    pulled: () => pulled,
  };
}

/** Waits until the writer has stopped reading rows (none read for 300 ms), at most 20 s. */
async function whenStalled(pulled: () => number): Promise<number> {
  let last = -1;
  for (let waited = 0; waited < 20_000 && pulled() !== last; waited += 300) {
    last = pulled();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return pulled();
}

describe('the shared CSV / XLSX writer', () => {
  it('reads no further ahead of a download that has stopped reading, then writes every row', async () => {
    const total = 20_000;
    const { table, pulled } = countedTable(total);
    const stream = exportStream('xlsx', table);
    stream.pause();
    // exceljs passes rows on to its compressor without waiting: unpaced, all 20,000 were read
    expect(await whenStalled(pulled)).toBeLessThan(total / 4);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf(stream)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('problems')!;
    expect(sheet.actualRowCount).toBe(total + 1);
    expect(sheet.getRow(total + 1).getCell(2).value).toBe(`Иванов Иван ${total - 1}`);
    const about = workbook.getWorksheet('about')!;
    expect(about.getRow(2).values).toEqual([undefined, 'records', total]);
  });

  it('writes the rows of a CSV without the note sheets', async () => {
    const { table } = countedTable(2);
    const text = (await bytesOf(exportStream('csv', table))).toString('utf8');
    expect(text).toBe(
      '\ufeffcustomer_id,customer,score,problems\r\n' +
        'c-0,Иванов Иван 0,0,placeholder_name fake_phone\r\n' +
        'c-1,Иванов Иван 1,1,placeholder_name fake_phone\r\n',
    );
  });
});
