/** A column of a CSV file: its (Japanese) header and how to read the cell from a row. */
export type CsvColumn<T> = [header: string, cell: (row: T) => unknown];

const BOM = '\uFEFF';

/**
 * RFC 4180 CSV in UTF-8 with a BOM and CRLF line ends, so Excel opens Japanese text correctly.
 * Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with `'`.
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): Buffer {
  const lines = new Array<string>(rows.length + 1);
  lines[0] = columns.map(([h]) => quote(h)).join(',');
  for (let i = 0; i < rows.length; i++) lines[i + 1] = columns.map(([, cell]) => csvCell(cell(rows[i]))).join(',');
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

export function csvCell(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return csvCell(value.join('; '));
  const text = String(value);
  return quote(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Plain text (README) with a BOM and CRLF, for Windows Notepad. */
export function toText(text: string): Buffer {
  return Buffer.from(`${BOM}${text.replace(/\r?\n/g, '\r\n')}`, 'utf8');
}
