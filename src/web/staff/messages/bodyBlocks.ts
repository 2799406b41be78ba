/**
 * A message's body as the page shows it: paragraphs (blank lines between them, line breaks
 * kept) and "* " lists, as GOV.UK Notify writes them. Pure; the view escapes the text.
 */
export type BodyBlock = { kind: 'paragraph'; lines: string[] } | { kind: 'list'; items: string[] };

export function bodyBlocks(body: string): BodyBlock[] {
  return body.trim().split(/\n\s*\n/).filter((block) => block.trim() !== '').map((block) => {
    const lines = block.split('\n').map((line) => line.trimEnd());
    return lines.every((line) => line.startsWith('* '))
      ? { kind: 'list', items: lines.map((line) => line.slice(2)) }
      : { kind: 'paragraph', lines };
  });
}

/** A postal address typed on one line with commas, or on several lines: one line each. */
export function addressLines(address: string): string[] {
  const lines = address.includes('\n') ? address.split('\n') : address.split(',');
  return lines.map((line) => line.trim()).filter(Boolean);
}
