/**
 * CSV as Japanese spreadsheet software reads it: UTF-8 with a byte-order mark (without it Excel
 * assumes Shift_JIS and garbles every kana), CRLF line ends, RFC 4180 quoting.
 */
export const BOM = '\uFEFF';

/** A text cell that starts like a formula is prefixed with ' so a spreadsheet shows it as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The file's text: BOM, header row, one row per record. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
