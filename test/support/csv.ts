import Papa from 'papaparse';

/** A CSV file's rows as arrays of cells (header first), for comparing exports. */
export function csvRows(input: Buffer | string): string[][] {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: 'greedy' }).data;
}

/** A CSV file's rows keyed by its header. */
export function csvRecords(input: Buffer | string): Record<string, string>[] {
  const [header = [], ...rows] = csvRows(input);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}
