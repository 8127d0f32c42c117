import { describe, expect, it } from 'vitest';
import { csvDocument, csvField } from './csv.ts';

describe('csvField', () => {
  it('leaves plain text alone and writes nothing for no value', () => {
    expect(csvField('Иванов')).toBe('Иванов');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes a comma, quote or line break (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('joins a list with spaces', () => {
    expect(csvField(['MSK01', 'SPB02'])).toBe('MSK01 SPB02');
  });

  it('defuses formula-looking text but not signed numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('+7 916 123-45-67')).toBe('+7 916 123-45-67');
    expect(csvField('-5')).toBe('-5');
    expect(csvField('-12.50')).toBe('-12.50');
    // starts like a number but is an expression: a spreadsheet would run it
    expect(csvField("+1+cmd|' /C calc'!A0")).toBe("'+1+cmd|' /C calc'!A0");
    expect(csvField('-2+3')).toBe("'-2+3");
  });

  it('writes a whole file: byte order mark, CRLF line ends, every field through csvField', () => {
    expect(
      csvDocument([
        ['name', 'note'],
        ['Иванов', 'a,b'],
        [null, '=1+1'],
      ]),
    ).toBe('\ufeffname,note\r\nИванов,"a,b"\r\n,\'=1+1\r\n');
  });
});
