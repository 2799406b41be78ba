/**
 * Text as it arrives from another system's export or a spreadsheet, made safe to store and
 * to count: the same name typed two ways must be one directorate, and nothing invisible may
 * change what a value means or how it is shown. Pure; used on every cell of an import.
 */

// Invisible characters with no meaning in a name or a summary, which make "Café" and
// "Ca\u200Bfé" two directorates: zero-width space, non-joiner, joiner, word joiner, BOM, and
// the directional marks LRM, RLM and ALM (they only hint at display order).
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF\u200E\u200F\u061C]/g;

// Bidirectional embedding, override and isolate controls reorder what is shown (U+202E can
// make "exe.txt" read "txt.exe"), so a value holding one is refused rather than guessed at.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

// Other control characters; a NUL cannot even be stored. Tab and line breaks are allowed in
// free text only.
const CONTROL_IN_NAME = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const ONLY_PLAIN_ASCII = /^[\x20-\x7E]*$/;

/** Unicode NFC, invisible characters removed, outer spaces trimmed. */
export function normaliseCell(value: string): string {
  if (ONLY_PLAIN_ASCII.test(value)) return value.trim();
  return value.normalize('NFC').replace(INVISIBLE, '').trim();
}

/** A name (of a unit, workspace, category) written one way: inner runs of spaces become one. */
export function normaliseName(value: string): string {
  return value.replace(/\s{2,}/g, ' ');
}

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a (normalised) cell cannot be stored as text, or null when it can. */
export function textProblem(value: string, options: { multiline: boolean; maxLength: number }): string | null {
  if (!ONLY_PLAIN_ASCII.test(value)) {
    const bidi = BIDI_CONTROL.exec(value);
    if (bidi) return `text without the invisible direction control ${codePoint(bidi[0])}, which changes how the text is shown; delete it`;
    const control = (options.multiline ? CONTROL_IN_TEXT : CONTROL_IN_NAME).exec(value);
    if (control) return `text without the control character ${codePoint(control[0])}${options.multiline ? '' : ' (this column is one line)'}; delete it`;
  }
  const length = [...value].length;
  if (length > options.maxLength) return `at most ${options.maxLength} characters; this has ${length}`;
  return null;
}

// A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before
// one) as a formula, so an exported summary could run "=HYPERLINK(…)" on a council PC.
// Such a cell is written with a leading apostrophe, which spreadsheets hide; a leading
// apostrophe before what would be guarded is one already escaped, so it is escaped again
// — which keeps guarding reversible for every value.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A text cell as exported: guarded against running as a spreadsheet formula. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of guardFormula, applied to text cells on import. */
export function unguardFormula(value: string): string {
  return value.charCodeAt(0) === 39 && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
