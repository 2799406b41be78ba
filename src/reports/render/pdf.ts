import { existsSync } from 'node:fs';
import type { AnnualReport } from '../annualReport.ts';
import { renderReportHtml } from './html.ts';
import { reportTitle } from './cells.ts';
import { embeddedFontFaces, REPORT_FONT_STACK } from './fonts.ts';

/**
 * The annual report as a PDF: the standalone HTML page printed by Chromium (Debian's, through
 * playwright-core; Playwright never downloads a browser). A4, the print stylesheet's page
 * breaks before each section, page numbers in the footer.
 */

export const CHROMIUM_PATH = process.env.REDRESS_CHROMIUM ?? '/usr/bin/chromium';

/** The same flags as the browser tests: headless, no sandbox (containers), nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export class PdfUnavailableError extends Error {}

const footer = (title: string) => `
  <style>${embeddedFontFaces()}</style>
  <div style="width: 100%; margin: 0 15mm; font-family: ${REPORT_FONT_STACK.replace(/"/g, "'")}; font-size: 8pt; color: #505a5f; display: flex; justify-content: space-between;">
    <span>${title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</span>
    <span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>
  </div>`;

export async function renderReportPdf(report: AnnualReport, options: { executablePath?: string } = {}): Promise<Buffer> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new PdfUnavailableError(`Chromium is needed to write a PDF and is not installed at ${executablePath}: install it (apt-get install chromium) or set REDRESS_CHROMIUM.`);
  }
  // The font travels in the page: the PDF looks the same whatever fonts the server has.
  const html = renderReportHtml(report, { standalone: true, embedFonts: true });
  // Loaded here, not at the top: the browser driver takes over half a second to load.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Nothing outside the page is fetched: the standalone HTML carries its styles and charts.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load', timeout: 120_000 }); // a long report on a busy server can take more than the default 30 s
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', right: '15mm', bottom: '20mm', left: '15mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer(reportTitle(report)),
      tagged: true,
      outline: true,
    });
    return pdf;
  } finally {
    await browser.close();
  }
}
