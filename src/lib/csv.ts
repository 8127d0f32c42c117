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

/**
 * A whole CSV file from its rows (the header first): CRLF line ends, and a UTF-8 byte order mark
 * so spreadsheet programs read Cyrillic and Chinese correctly.
 */
export function csvDocument(rows: readonly (readonly unknown[])[]): string {
  return `\ufeff${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * Rows as CSV lines, each ended by CRLF, without the byte order mark: the parts of a file that is
 * streamed batch by batch after its `csvDocument` header.
 */
export function csvLines(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
