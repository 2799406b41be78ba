/**
 * What a person types in the case search box, made into a tsquery over contact.search_vector
 * (migration 018): every word must match somewhere, each word either as a name or reference
 * word ('simple', and as a prefix once it has 3 characters and is not a number, so "Hargre" finds Hargreaves) or
 * as a summary word ('english', stemmed). Someone who may not see names or summaries matches
 * references only (weight A), so a search cannot tell them whether a name is in the data.
 */
export interface TextSearch {
  /** The SQL tsquery expression; its values are appended to `params`. */
  tsquery: string;
}

export const MAX_WORDS = 8;

/** Null when the text has nothing searchable in it. */
export function textSearch(text: string, mayIdentify: boolean, params: unknown[]): TextSearch | null {
  const trimmed = text.trim().slice(0, 200);
  const words = (trimmed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  const weights = mayIdentify ? '' : 'A';
  const parts = words.map((w) => {
    // Letters and digits only, so the word cannot carry tsquery syntax.
    const prefix = w.length >= 3 && !/^\d+$/.test(w);
    params.push(prefix ? `${w}:*${weights}` : weights ? `${w}:${weights}` : w);
    const simple = `to_tsquery('simple', $${params.length})`;
    if (!mayIdentify) return simple;
    params.push(w);
    return `(${simple} || plainto_tsquery('english', $${params.length}))`;
  });
  return { tsquery: parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})` };
}
