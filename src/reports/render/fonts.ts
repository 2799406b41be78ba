import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The report's typeface, shipped in assets/fonts so that the PDF and the charts' PNGs look
 * the same on any server, whatever fonts it has: Liberation Sans 2 (SIL Open Font Licence),
 * which has Arial's metrics, so text measured for Arial fits and a reader with Arial sees
 * the same layout on screen.
 */

export const REPORT_FONT = 'Liberation Sans';
/** For CSS and SVG: the shipped font first, then what a reader's machine is likely to have. */
export const REPORT_FONT_STACK = `"${REPORT_FONT}", Arial, Helvetica, sans-serif`;

const FONT_DIR = fileURLToPath(new URL('../../../assets/fonts/', import.meta.url));
export const REPORT_FONT_FILES = {
  regular: `${FONT_DIR}LiberationSans-Regular.ttf`,
  bold: `${FONT_DIR}LiberationSans-Bold.ttf`,
} as const;

let fontFaces: string | null = null;

/** @font-face rules carrying the font itself (data: URLs), for a page printed with nothing fetched. */
export function embeddedFontFaces(): string {
  fontFaces ??= (Object.entries(REPORT_FONT_FILES) as [keyof typeof REPORT_FONT_FILES, string][]).map(([weight, file]) => `
@font-face {
  font-family: "${REPORT_FONT}";
  font-style: normal;
  font-weight: ${weight === 'bold' ? 700 : 400};
  src: url(data:font/ttf;base64,${readFileSync(file).toString('base64')}) format("truetype");
}`).join('\n');
  return fontFaces;
}
