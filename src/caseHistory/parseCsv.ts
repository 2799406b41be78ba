import Papa from 'papaparse';
import { CASE_HISTORY_FILES_V2, filesOf, FORMAT_FILE, type CaseHistoryFileName, type FormatVersion } from './format.ts';
import type { ImportProblem } from './problems.ts';
import { normaliseCell } from './text.ts';

/** A data row and the line it started on, so every problem can name it. */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export interface ParsedFile {
  file: CaseHistoryFileName;
  records: CsvRecord[];
}

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** What is wrong with a file over the size limit, saying its size and the limit. */
export const fileTooLarge = (file: string, size: number, maxBytes: number): ImportProblem => ({
  file, row: null, column: null, value: null,
  expected: `the file is ${megabytes(size)}; the largest file one import takes is ${megabytes(maxBytes)}. Split it by reporting year and import each part, or raise the limit (redress import --max-file-mb)`,
});

/** Recognises the files people most often send by mistake, to say what they sent. */
function sniffBinary(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 8);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'a ZIP archive (an Excel .xlsx workbook is one): save it as CSV UTF-8 first';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'an old Excel .xls workbook: save it as CSV UTF-8 first';
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'a PDF document';
  const sample = bytes.subarray(0, 65536);
  if (sample.includes(0)) return 'a binary file, not text';
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(sample);
  const replaced = decoded.split('\uFFFD').length - 1;
  if (replaced > 0) return 'text that is not UTF-8 (save it as "CSV UTF-8")';
  return null;
}

/**
 * Checks one file's bytes and header and parses its rows. Every problem found is returned
 * rather than thrown, so one run reports them all.
 */
export function parseCaseHistoryFile(
  file: CaseHistoryFileName,
  bytes: Buffer,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
  version: FormatVersion = 1,
): { parsed: ParsedFile | null; problems: ImportProblem[] } {
  const whole = (expected: string): { parsed: null; problems: ImportProblem[] } => ({
    parsed: null,
    problems: [{ file, row: null, column: null, value: null, expected }],
  });
  if (bytes.length > maxBytes) return { parsed: null, problems: [fileTooLarge(file, bytes.length, maxBytes)] };
  if (bytes.length === 0) return whole('the file is empty; expected a header row and at least one row');
  const binary = sniffBinary(bytes);
  if (binary) return whole(`this is ${binary}; expected a CSV text file`);

  // papaparse (about five times faster than csv-parse here: ADR 6), with the delimiter fixed
  // so a one-column file is not "detected" as something else.
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  const ends: number[] = [];
  const quoteProblems: { index: number; message: string }[] = [];
  Papa.parse<string[]>(text, {
    delimiter: ',',
    skipEmptyLines: 'greedy',
    step: (result) => {
      for (const e of result.errors) quoteProblems.push({ index: rows.length, message: e.code === 'MissingQuotes' ? 'a quoted cell is never closed' : e.message });
      rows.push(result.data);
      ends.push(result.meta.cursor);
    },
  });
  if (rows.length === 0) return whole('the file is empty; expected a header row and at least one row');

  const header = rows[0]!.map(normaliseCell);
  const spec = filesOf(version)[file]!;
  const known = new Set(spec.columns.map((c) => c.name));
  const inVersion2 = new Set(CASE_HISTORY_FILES_V2[file].columns.map((c) => c.name));
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  header.forEach((name) => {
    if (!known.has(name)) {
      const hint = inVersion2.has(name) ? ` (${name} is a column of format version 2: declare it in ${FORMAT_FILE})` : '';
      problems.push({ file, row: 1, column: name, value: null, expected: `unknown column; the columns of ${file} are: ${[...known].join(', ')}${hint}` });
    } else if (seen.has(name)) {
      problems.push({ file, row: 1, column: name, value: null, expected: 'this column appears twice in the header' });
    }
    seen.add(name);
  });
  for (const column of spec.columns) {
    if (column.required === true && !seen.has(column.name)) {
      problems.push({ file, row: 1, column: column.name, value: null, expected: 'required column missing from the header row' });
    }
  }
  // An optional file with no rows means none (the exporter writes one so); contacts.csv must have rows.
  if (rows.length === 1 && spec.required) {
    problems.push({ file, row: null, column: null, value: null, expected: 'the file has a header row but no data rows' });
  }
  if (problems.length > 0) return { parsed: null, problems };

  const records: CsvRecord[] = new Array(rows.length - 1);
  // A record starts where the previous one ended (papaparse gives that offset), past any
  // blank lines; its line is 1 + the line breaks before it, a CRLF counting once.
  const lineStarts = new Array<number>(rows.length);
  let offset = 0;
  let line = 1;
  const advanceTo = (end: number) => {
    for (; offset < end; offset++) {
      const c = text.charCodeAt(offset);
      if (c === 10 || (c === 13 && text.charCodeAt(offset + 1) !== 10)) line++;
    }
  };
  for (let i = 0; i < rows.length; i++) {
    for (let c = text.charCodeAt(offset); c === 13 || c === 10; c = text.charCodeAt(offset)) advanceTo(offset + 1);
    lineStarts[i] = line;
    advanceTo(ends[i]!);
  }
  for (const q of quoteProblems) {
    problems.push({ file, row: lineStarts[q.index] ?? null, column: null, value: null, expected: `not readable as CSV: ${q.message}` });
  }
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length !== header.length) {
      problems.push({ file, row: lineStarts[i]!, column: null, value: null, expected: `a cell for each of the ${header.length} columns of the header; this row has ${row.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) values[header[c]!] = normaliseCell(row[c]!);
    records[i - 1] = { line: lineStarts[i]!, values };
  }
  if (problems.length > 0) return { parsed: null, problems };
  return { parsed: { file, records }, problems };
}
