/**
 * Writes generated case history as a case-history CSV folder (contacts.csv, stages.csv,
 * ombudsman.csv). Rows are stringified in chunks and written through WriteStreams that
 * respect backpressure, so a million contacts never need a whole file in memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import {
  CONTACT_COLUMNS,
  OMBUDSMAN_COLUMNS,
  STAGE_COLUMNS,
  generateCaseHistory,
  type CaseHistoryOptions,
  type GeneratedCouncil,
} from './caseHistoryGenerator.ts';

/** Rows per stringify call: big enough to amortise the call, small enough to stay flat in memory. */
const CHUNK_ROWS = 5_000;

class ChunkedCsvFile {
  private readonly stream: WriteStream;
  private readonly columns: string[];
  private buffer: string[][] = [];
  count = 0;

  constructor(path: string, columns: readonly string[]) {
    this.columns = [...columns];
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async writeHeader(): Promise<void> {
    // Written as a record of its own so an empty file still has its header row.
    await this.write(stringify([this.columns]));
  }

  /** Buffers a row; returns a promise only when a chunk was written, so most rows cost no await. */
  push(row: Record<string, string>): Promise<void> | undefined {
    const cells: string[] = [];
    for (const c of this.columns) cells.push(row[c] ?? '');
    this.buffer.push(cells);
    this.count++;
    return this.buffer.length >= CHUNK_ROWS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = stringify(this.buffer);
    this.buffer = [];
    await this.write(text);
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Destroys the stream after a failure elsewhere so no file handle is left open. */
  abort(): void {
    this.stream.destroy();
  }

  private async write(text: string): Promise<void> {
    // once() rejects if the stream emits 'error' while we wait, so a full disk surfaces.
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

/** Generates case history and writes it to `folder` (created if missing). */
export async function writeCaseHistoryFolder(
  folder: string,
  opts: CaseHistoryOptions,
): Promise<{ contacts: number; stages: number; ombudsman: number }> {
  await mkdir(folder, { recursive: true });
  const contacts = new ChunkedCsvFile(join(folder, 'contacts.csv'), CONTACT_COLUMNS);
  const stages = new ChunkedCsvFile(join(folder, 'stages.csv'), STAGE_COLUMNS);
  const ombudsman = new ChunkedCsvFile(join(folder, 'ombudsman.csv'), OMBUDSMAN_COLUMNS);
  const files = [contacts, stages, ombudsman];
  try {
    for (const f of files) await f.writeHeader();
    for (const item of generateCaseHistory(opts)) {
      const pending = contacts.push(item.contact);
      if (pending) await pending;
      for (const s of item.stages) {
        const p = stages.push(s);
        if (p) await p;
      }
      for (const o of item.ombudsman) {
        const p = ombudsman.push(o);
        if (p) await p;
      }
    }
    for (const f of files) await f.close();
  } catch (err) {
    for (const f of files) f.abort();
    throw err;
  }
  return { contacts: contacts.count, stages: stages.count, ombudsman: ombudsman.count };
}

/** The council's organisation tree as flat rows, one per team (team '' for a service with none), for the importer to create. */
export function councilOrganisationRows(council: GeneratedCouncil): { directorate: string; service: string; team: string }[] {
  const rows: { directorate: string; service: string; team: string }[] = [];
  for (const d of council.organisation) {
    for (const s of d.services) {
      if (s.teams.length === 0) rows.push({ directorate: d.directorate, service: s.name, team: '' });
      for (const team of s.teams) rows.push({ directorate: d.directorate, service: s.name, team });
    }
  }
  return rows;
}
