import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PdfUnavailableError } from '../../reports/render/pdf.ts';
import type { PerformanceReport } from '../performanceReport.ts';
import { renderPerformanceHtml } from './html.ts';

/** The performance report as a PDF: its standalone HTML printed by Chromium, as the annual report is. */
export async function renderPerformancePdf(report: PerformanceReport, options: { executablePath?: string } = {}): Promise<Buffer> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new PdfUnavailableError(`Chromium is needed to write a PDF and is not installed at ${executablePath}: install it (apt-get install chromium) or set REDRESS_CHROMIUM.`);
  }
  const html = renderPerformanceHtml(report, { standalone: true, embedFonts: true });
  // Loaded here, not at the top: the browser driver takes over half a second to load.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load', timeout: 120_000 }); // a long report on a busy server can take more than the default 30 s
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4', printBackground: true, margin: { top: '18mm', right: '15mm', bottom: '20mm', left: '15mm' },
      displayHeaderFooter: true, headerTemplate: '<span></span>',
      footerTemplate: '<div style="width:100%;margin:0 15mm;font-size:8pt;color:#505a5f;text-align:right">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      tagged: true, outline: true,
    });
  } finally {
    await browser.close();
  }
}
