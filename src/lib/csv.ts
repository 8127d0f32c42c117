/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break; a list is joined with
 * spaces; formula-looking text is defused. Shared by every CSV export of the CRM.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  // A leading =, +, - or @ makes spreadsheet programs run the cell as a formula; a signed number
  // or a phone (+7 916 123-45-67) is left alone, but "+1+cmd|..." is not a number and is defused.
  if (/^[=+\-@]/.test(text) && !/^[+-][\d\s().-]*$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record as a CSV line: every field through csvField, ended by CRLF. */
export function csvLine(row: readonly unknown[]): string {
  return `${row.map(csvField).join(',')}\r\n`;
}

/**
 * A whole CSV file from its rows (the header first): CRLF line ends, and a UTF-8 byte order mark
 * so spreadsheet programs read Cyrillic and Chinese correctly. A streamed file is written line by
 * line by lib/table-export.ts.
 */
export function csvDocument(rows: readonly (readonly unknown[])[]): string {
  return `\ufeff${rows.map(csvLine).join('')}`;
}
