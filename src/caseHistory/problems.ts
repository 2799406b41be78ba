/** One thing wrong with an import, located precisely enough to fix in a spreadsheet. */
export interface ImportProblem {
  file: string;
  /** Line in the file (the header is line 1); null for a problem with the whole file. */
  row: number | null;
  column: string | null;
  value: string | null;
  expected: string;
}

export function describeProblem(p: ImportProblem): string {
  const where = [p.file, p.row === null ? null : `row ${p.row}`, p.column === null ? null : `column ${p.column}`]
    .filter(Boolean)
    .join(', ');
  const value = p.value === null ? '' : `${JSON.stringify(p.value)}: `;
  return `${where}: ${value}${p.expected}`;
}

export class ImportRejectedError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(
      `Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} found.\n` +
        problems.slice(0, 200).map(describeProblem).join('\n') +
        (problems.length > 200 ? `\n… and ${problems.length - 200} more` : ''),
    );
    this.name = 'ImportRejectedError';
  }
}
