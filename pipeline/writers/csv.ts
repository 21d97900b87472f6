/**
 * CSV (RFC 4180): a header row, every string quoted, integers bare, LF, UTF-8
 * without BOM. A null is an empty unquoted field and an empty string is "",
 * so readers that are told so can tell them apart (see README).
 *
 * By default cells hold the exact text. With `csvExcelSafe`, a text cell that
 * begins with a character a spreadsheet reads as the start of a formula (=, +,
 * -, @, tab, carriage return) gets a leading apostrophe, which Excel and
 * LibreOffice read as "this is text"; so does a cell that already begins with
 * an apostrophe, so that removing one leading apostrophe from every cell that
 * has one always gives the exact text back.
 */
import { stringify } from 'csv-stringify/sync';
import { writeWhole } from './batches.js';
import { textFile } from './text-file.js';
import type { Row, Writer } from './writer.js';

const OPTIONS = { quoted_string: true, record_delimiter: 'unix', eof: true } as const;

/** The first characters that make a spreadsheet run a cell (OWASP "CSV injection"), and the apostrophe that escapes them. */
export const FORMULA_START = /^[=+\-@\t\r']/;
export const excelSafe = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
/** The exact text of an excel-safe cell. */
export const unescapeExcelSafe = (value: string): string => (value.startsWith("'") ? value.slice(1) : value);

/** How the CSV files treat formula-like cells, in the words the metadata and the card use. */
export const csvCellsNote = (safe: boolean): string =>
  safe
    ? 'Spreadsheet-safe: a text cell that begins with =, +, -, @, a tab, a carriage return or an apostrophe carries one extra leading apostrophe, so that spreadsheets show it as text; remove one leading apostrophe from every text cell that has one to get the exact text.'
    : 'Cells hold the exact text, even one that begins with =, +, -, @, a tab or a carriage return, which a spreadsheet may run as a formula: open the file in a spreadsheet only through its import dialog with every column as text, or build with --csv-excel-safe.';

const optionsFor = (safe: boolean | undefined) => (safe ? { ...OPTIONS, cast: { string: excelSafe } } : OPTIONS);

export const csv: Writer = {
  format: 'csv',
  extension: 'csv',
  mediatype: 'text/csv',
  text(table, options = {}) {
    const columns = table.columns.map((c) => c.name);
    const settings = optionsFor(options.csvExcelSafe);
    return (rows) => stringify(rows as Row[], { columns, header: false, ...settings });
  },
  // The header row alone: csv-stringify writes it for an empty list of records too.
  open: (path, table, context) => textFile(path, csv.text!(table, context), stringify([], { columns: table.columns.map((c) => c.name), header: true, ...OPTIONS })),
  write: (path, table, rows, context) => writeWhole(csv)(path, table, rows, context),
};
