import { embeddedFontFaces } from '../../reports/render/fonts.ts';
import { STANDALONE_CSS } from '../../reports/render/html.ts';
import type { Block, PerformanceReport } from '../performanceReport.ts';

/**
 * The performance report as HTML, in GOV.UK Design System markup: a fragment for the web
 * app's layout, or a whole page with its own styles (standalone) for printing to PDF and
 * for download. Pure.
 */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const lines = (s: string) => s.split('\n').map(escape).join('<br>');

const EXTRA_CSS = `
.app-sa-report .govuk-table { font-size: 14px; }
.app-sa-report__section { margin-top: 40px; }
@media print { .app-sa-report__section { break-before: page; page-break-before: always; } .app-sa-report tr { break-inside: avoid; page-break-inside: avoid; } .app-sa-report thead { display: table-header-group; } }
`;

function block(b: Block): string {
  if (b.kind === 'paragraph') return `<p class="govuk-body">${lines(b.text)}</p>`;
  const cls = (i: number, kind: 'header' | 'cell') => `govuk-table__${kind}${b.numeric[i] ? ` govuk-table__${kind}--numeric` : ''}`;
  return `<table class="govuk-table" id="table-${escape(b.key)}">
<caption class="govuk-table__caption govuk-table__caption--s">${escape(b.caption)}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">${b.head.map((h, i) => `<th scope="col" class="${cls(i, 'header')}">${escape(h)}</th>`).join('')}</tr></thead>
<tbody class="govuk-table__body">${b.rows.map((row) => `<tr class="govuk-table__row">${row.map((c, i) => (i === 0
    ? `<th scope="row" class="${cls(i, 'header')}">${lines(c)}</th>`
    : `<td class="${cls(i, 'cell')}">${lines(c)}</td>`)).join('')}</tr>`).join('\n')}</tbody>
</table>`;
}

export function renderPerformanceHtml(report: PerformanceReport, options: { standalone?: boolean; embedFonts?: boolean } = {}): string {
  const body = `<div class="app-sa-report">
<span class="govuk-caption-l">${escape(report.council.name)}</span>
<h1 class="govuk-heading-l">Annual complaints performance and service improvement report ${escape(report.year)}</h1>
<p class="govuk-body">Against the ${escape(report.code.name)}. Figures as at ${escape(report.generatedOn)}, counted in working days with the council's bank holidays.</p>
${report.sections.map((s) => `<section class="app-sa-report__section" id="section-${s.key}">
<h2 class="govuk-heading-m">${escape(s.title)}</h2>
${s.blocks.map(block).join('\n')}
</section>`).join('\n')}
<p class="govuk-body-s">Source: ${escape(report.code.source)}</p>
</div>`;
  if (!options.standalone) return body;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="Redress">
<title>${escape(report.title)}</title>
<style>${options.embedFonts ? embeddedFontFaces() : ''}${STANDALONE_CSS}${EXTRA_CSS}</style></head>
<body><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
${body}
</main></div></body></html>
`;
}
