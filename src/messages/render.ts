/**
 * Fills a message's wording with its values, GOV.UK Notify's way: ((name)) is replaced by
 * the value named `name`. Pure. A placeholder with no value is an error, not a blank gap in
 * a letter to a resident; wording a council edits is checked with `unknownPlaceholders` first.
 */
export type MessageValues = Readonly<Record<string, string>>;

const PLACEHOLDER = /\(\(([a-z_]+)\)\)/g;

export class MissingValueError extends Error {
  constructor(readonly names: string[]) {
    super(`The message needs ${names.map((n) => `((${n}))`).join(', ')}`);
  }
}

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The placeholders in `text` that are not among `allowed` (for checking a council's own wording). */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  return placeholdersIn(text).filter((name) => !allowed.includes(name));
}

export function fill(text: string, values: MessageValues): string {
  const missing = placeholdersIn(text).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new MissingValueError(missing);
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]!);
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

export function renderMessage(wording: RenderedMessage, values: MessageValues): RenderedMessage {
  // Every value the subject and body lack, named together.
  const missing = placeholdersIn(`${wording.subject}\n${wording.body}`).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new MissingValueError(missing);
  // A subject is one line whatever a value holds.
  return { subject: fill(wording.subject, values).replace(/\s+/g, ' ').trim(), body: fill(wording.body, values).trim() };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The HTML part of an email: paragraphs, "* " lists and web addresses as links, everything
 * else escaped. `largePrint` sets the text at 24px (a reasonable adjustment).
 */
export function bodyAsHtml(body: string, largePrint = false): string {
  const link = (text: string) => text.replace(/https?:\/\/[^\s<]+[^\s<.,;:)]/g, (url) => `<a href="${url}">${url}</a>`);
  const blocks = body.split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith('* '))) {
      return `<ul>${lines.map((line) => `<li>${link(escapeHtml(line.slice(2)))}</li>`).join('')}</ul>`;
    }
    return `<p>${lines.map((line) => link(escapeHtml(line))).join('<br>')}</p>`;
  });
  const size = largePrint ? '24px' : '19px';
  return `<div style="font-family: Arial, sans-serif; font-size: ${size}; line-height: 1.4">${blocks.join('\n')}</div>`;
}
