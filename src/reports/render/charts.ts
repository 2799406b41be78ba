import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { parseHTML } from 'linkedom';
import { suppress, type ReportTable } from '../shape.ts';
import { formatNumber } from './cells.ts';
import { REPORT_FONT, REPORT_FONT_FILES, REPORT_FONT_STACK } from './fonts.ts';

/**
 * Charts of the report's tables, drawn on the server by Observable Plot into a linkedom
 * document: standalone SVG for the HTML report and PNG (through resvg) for Word. A chart only
 * illustrates: the table beside it is the accessible alternative and carries every figure.
 */

/** GOV.UK colours, strong enough on white and distinct in greyscale print, in the order used. */
export const CHART_COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#505a5f', '#28a197', '#912b88', '#85994b', '#b58840'];

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT_SIZE = 12;
const TEXT_COLOUR = '#0b0c0c';
const WIDTH = 640;
/** Height of one bar and its gap in a grouped bar chart, and of a line of wrapped text. */
const BAR_STEP = 16;
const LINE_HEIGHT = 14;
/** The most rows a chart draws: more would not fit half an A4 page at a legible size. */
export const MAX_ROWS: Record<NonNullable<ReportTable['chart']>, number> = { grouped_bar: 10, bar: 20, stacked_bar: 16, line: 8 };

interface Point {
  /** The row's position, so two rows with the same label stay apart. */
  id: string;
  rowLabel: string;
  column: string;
  /** What is drawn: null when there is nothing to draw (no figure, or one suppressed). */
  value: number | null;
  /** The figure as the table prints it. */
  text: string;
}

/** Rough width of a label in pixels (Arial averages a little over half an em a character). */
const textWidth = (s: string, size = FONT_SIZE) => Math.ceil(s.length * size * 0.56);

const UNIT_LABELS: Record<ReportTable['unit'], string> = { count: 'Number', working_days: 'Working days', calendar_days: 'Calendar days', percent: 'Per cent', pounds: '£', text: '' };

/** A chart's figures share one measure across its columns (years), so the table's unit holds for all. */
function labelOf(table: ReportTable, v: number | null, suppressBelow: number | null): string {
  if (v === null) return '–';
  const suppressed = suppress(v, table.unit, suppressBelow);
  if (suppressed !== null) return suppressed;
  const n = formatNumber(v, table.decimals);
  return table.unit === 'percent' ? `${n}%` : table.unit === 'pounds' ? `£${n}` : n;
}

function pointsOf(table: ReportTable, suppressBelow: number | null): Point[] {
  return table.rows.flatMap((row, r) =>
    table.columns.map((column, c) => {
      // Lists of cases are not charted; a figure is always a number.
      const cell = row.cells[c] ?? null;
      const v = typeof cell === 'number' ? cell : null;
      const hidden = v === null || suppress(v, table.unit, suppressBelow) !== null;
      return { id: `r${r}`, rowLabel: row.label, column: column.label, value: hidden ? null : v, text: labelOf(table, v, suppressBelow) };
    }));
}

/**
 * The chart of a table as a standalone SVG document, or null when the table has no chart or
 * nothing to draw. Counts suppressed for publication (below `suppressBelow`) are not drawn;
 * their label reads "<N", as in the table.
 */
export function chartSvg(table: ReportTable, suppressBelow: number | null = null): string | null {
  if (!table.chart) return null;
  let points = pointsOf(table, suppressBelow);
  if (table.chart === 'bar') {
    const last = table.columns.length - 1;
    points = points.filter((p) => p.column === table.columns[last]?.label);
  }
  // Nothing to draw: no figures, or (for bars) only zeros. A line of zeros is still a line.
  if (!points.some((p) => p.value !== null && (table.chart === 'line' || p.value !== 0))) return null;
  // Too many rows to read at A4 beside the table (e.g. every team): the table says it alone.
  if (new Set(points.map((p) => p.id)).size > MAX_ROWS[table.chart]) return null;

  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  const options = (() => {
    switch (table.chart) {
      case 'grouped_bar': return groupedBar(table, points);
      case 'bar': return bar(table, points);
      case 'stacked_bar': return stackedBar(table, points);
      case 'line': return line(table, points);
    }
  })();
  const lastColumn = table.columns[table.columns.length - 1]?.label ?? '';
  const label = `Chart: ${table.title}${table.chart === 'bar' && table.columns.length > 1 ? `, ${lastColumn}` : ''}. The figures are in the table.`;
  const svg = Plot.plot({
    ...options,
    document: document as unknown as Document,
    width: WIDTH,
    ariaLabel: label,
  }) as unknown as SVGSVGElement;

  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('role', 'img');
  svg.setAttribute('font-family', REPORT_FONT_STACK);
  svg.setAttribute('font-size', String(FONT_SIZE));
  svg.setAttribute('fill', TEXT_COLOUR);
  // Presentation attributes and a class, not a style attribute: a page's Content Security Policy
  // refuses inline style attributes (the class's rules are in the report's stylesheet).
  svg.setAttribute('color', TEXT_COLOUR);
  svg.setAttribute('class', `${svg.getAttribute('class') ?? ''} app-chart-svg`.trim());
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = label;
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}

type PlotOptions = Omit<Plot.PlotOptions, 'document'>;

/**
 * A bar per column (year) in a group per row, the row named on the left and the columns in a
 * key above: compact enough that a chart of eight rows over three years prints at A4 with
 * its text at the size of the table's (a chart headed group by group ran to twice the height
 * and was shrunk to 4 pt to fit).
 */
function groupedBar(table: ReportTable, points: Point[]): PlotOptions {
  const columns = table.columns.map((c) => c.label);
  const labels = new Map(points.map((p) => [p.id, p.rowLabel]));
  const rowIds = [...labels.keys()];
  const marginLeft = leftMargin(points);
  const lines = Math.max(...points.map((p) => Math.ceil(textWidth(p.rowLabel) / (marginLeft - 12))));
  const group = Math.max(columns.length * BAR_STEP, lines * LINE_HEIGHT + 2);
  const gap = 12;
  const { marks: keyMarks, height: keyHeight } = colourKey(columns, marginLeft, true);
  const marginTop = keyHeight + 8;
  const bars = points.filter((p) => p.value !== null && p.value !== 0);
  return {
    height: marginTop + 40 + rowIds.length * (group + gap),
    marginTop,
    marginLeft,
    marginRight: 56,
    marginBottom: 40,
    fy: { domain: rowIds, label: null, paddingInner: gap / (group + gap), paddingOuter: gap / 2 / (group + gap) },
    y: { domain: columns, axis: null, padding: 0.1 },
    x: { label: `${UNIT_LABELS[table.unit]} →`, nice: true, grid: true, ...valueDomain(table, points) },
    color: { domain: columns, range: CHART_COLOURS },
    marks: [
      Plot.axisFy({ anchor: 'left', lineWidth: (marginLeft - 12) / FONT_SIZE, tickSize: 0, label: null, tickFormat: (id: string) => labels.get(id) ?? '' }),
      Plot.barX(bars, { fy: 'id', y: 'column', x: 'value', fill: 'column' }),
      Plot.ruleX([0]),
      Plot.text(points, { fy: 'id', y: 'column', x: (p: Point) => p.value ?? 0, text: 'text', dx: 4, textAnchor: 'start' }),
      ...keyMarks(marginTop),
    ],
  };
}

/** Percentages run 0 to 100; small counts at least 0 to 5, so the axis never reads 0.2, 0.4… of a complaint. */
function valueDomain(table: ReportTable, points: Point[]): { domain?: [number, number] } {
  if (table.unit === 'percent') return { domain: [0, 100] };
  if (table.unit !== 'count') return {};
  return { domain: [0, Math.max(5, ...points.map((p) => p.value ?? 0))] };
}

/** Room on the left for the rows' names, wrapped onto lines of at most 240 px. */
function leftMargin(points: Point[]): number {
  const longest = Math.max(...points.map((p) => textWidth(p.rowLabel)));
  return Math.min(240, Math.max(60, longest + 12));
}

/**
 * The key to the colours, above the plot: a swatch and the column's name, wrapped onto as
 * many lines as it needs. Returns its marks (placed once the top margin is known) and height.
 * In a faceted chart the key is drawn once, over the whole plot, not once in every facet.
 */
function colourKey(columns: string[], marginLeft: number, faceted = false): { marks: (marginTop: number) => Plot.Markish[]; height: number } {
  const key: { x: number; line: number; label: string; colour: string }[] = [];
  let x = 0;
  let line = 0;
  columns.forEach((label, i) => {
    const w = 14 + textWidth(label) + 18;
    if (x > 0 && x + w > WIDTH - 8) { x = 0; line += 1; }
    key.push({ x, line, label, colour: CHART_COLOURS[i % CHART_COLOURS.length]! });
    x += w;
  });
  const once = faceted ? { facet: 'super' as const } : {};
  const marks = (marginTop: number) => key.flatMap((k) => {
    const dx = -marginLeft + k.x;
    const dy = -marginTop + 12 + k.line * 20;
    return [
      Plot.dot([k], { frameAnchor: 'top-left', dx: dx + 6, dy, symbol: 'square', r: 6, fill: k.colour, stroke: null, ...once }),
      Plot.text([k], { frameAnchor: 'top-left', dx: dx + 16, dy, text: 'label', textAnchor: 'start', lineAnchor: 'middle', ...once }),
    ];
  });
  return { marks, height: (line + 1) * 20 + 4 };
}

/** Horizontal bars of the last column (the report year), in the table's order. */
function bar(table: ReportTable, points: Point[]): PlotOptions {
  const marginLeft = leftMargin(points);
  const lines = (s: string) => Math.ceil(textWidth(s) / (marginLeft - 12));
  const step = Math.max(26, Math.max(...points.map((p) => lines(p.rowLabel))) * 14 + 8);
  const labels = new Map(points.map((p) => [p.id, p.rowLabel]));
  const bars = points.filter((p) => p.value !== null && p.value !== 0);
  const lastColumn = table.columns[table.columns.length - 1]?.label ?? '';
  return {
    height: points.length * step + 12 + 40,
    marginTop: 12,
    marginLeft,
    marginRight: 56,
    marginBottom: 40,
    y: { domain: points.map((p) => p.id), label: null, padding: 0.2, tickSize: 0, tickFormat: (id: string) => labels.get(id) ?? '' },
    x: { label: `${UNIT_LABELS[table.unit]}, ${lastColumn} →`, nice: true, grid: true, ...valueDomain(table, points) },
    marks: [
      Plot.axisY({ lineWidth: (marginLeft - 12) / FONT_SIZE, tickSize: 0, label: null, tickFormat: (id: string) => labels.get(id) ?? '' }),
      Plot.barX(bars, { y: 'id', x: 'value', fill: CHART_COLOURS[0] }),
      Plot.ruleX([0]),
      Plot.text(points, { y: 'id', x: (p: Point) => p.value ?? 0, text: 'text', dx: 4, textAnchor: 'start' }),
    ],
  };
}

/** A bar per row, its columns stacked in the table's order, with a key above. */
function stackedBar(table: ReportTable, points: Point[]): PlotOptions {
  const columns = table.columns.map((c) => c.label);
  const marginLeft = leftMargin(points);
  const lines = (s: string) => Math.ceil(textWidth(s) / (marginLeft - 12));
  const labels = new Map(points.map((p) => [p.id, p.rowLabel]));
  const rowIds = [...labels.keys()];
  const step = Math.max(30, Math.max(...points.map((p) => lines(p.rowLabel))) * 14 + 10);
  const marginRight = 20;

  const { marks: keyMarks, height: keyHeight } = colourKey(columns, marginLeft);
  const marginTop = keyHeight + 8;

  const bars = points.filter((p) => p.value !== null && p.value !== 0);
  const totals = new Map<string, number>();
  for (const p of bars) totals.set(p.id, (totals.get(p.id) ?? 0) + (p.value ?? 0));
  const max = Math.max(...totals.values());
  const pxPerUnit = (WIDTH - marginLeft - marginRight) / max * 0.85;
  const fits = (p: Point) => (p.value ?? 0) * pxPerUnit >= textWidth(p.text) + 6;

  return {
    height: rowIds.length * step + marginTop + 40,
    marginTop,
    marginLeft,
    marginRight,
    marginBottom: 40,
    y: { domain: rowIds, label: null, padding: 0.2 },
    x: { label: `${UNIT_LABELS[table.unit]} →`, nice: true, grid: true },
    color: { domain: columns, range: CHART_COLOURS },
    marks: [
      Plot.axisY({ lineWidth: (marginLeft - 12) / FONT_SIZE, tickSize: 0, label: null, tickFormat: (id: string) => labels.get(id) ?? '' }),
      Plot.barX(bars, Plot.stackX({ y: 'id', x: 'value', fill: 'column', stroke: 'white', strokeWidth: 1 })),
      Plot.text(bars, Plot.stackX({ y: 'id', x: 'value', text: (p: Point) => (fits(p) ? p.text : null), fill: TEXT_COLOUR, stroke: 'white', strokeWidth: 3 })),
      Plot.ruleX([0]),
      ...keyMarks(marginTop),
    ],
  };
}

/** A line per row across the columns, each point labelled, each line named at its end. */
function line(table: ReportTable, points: Point[]): PlotOptions {
  const columns = table.columns.map((c) => c.label);
  const rowIds = [...new Set(points.map((p) => p.id))];
  const ends = rowIds.flatMap((id) => {
    const drawn = points.filter((p) => p.id === id && p.value !== null);
    return drawn.length > 0 ? [drawn[drawn.length - 1]!] : [];
  });
  const marginRight = Math.min(200, Math.max(30, Math.max(...ends.map((p) => textWidth(p.rowLabel))) + 24));
  const drawn = points.filter((p) => p.value !== null);
  return {
    height: 300,
    marginTop: 24,
    marginLeft: 50,
    marginRight,
    marginBottom: 40,
    x: { domain: columns, type: 'point', padding: 0.3, label: null },
    y: { label: `↑ ${UNIT_LABELS[table.unit]}`, nice: true, grid: true, ...(table.unit === 'percent' ? { domain: [0, 100] } : { zero: true }) },
    color: { domain: rowIds, range: CHART_COLOURS },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(points, { x: 'column', y: (p: Point) => p.value ?? Number.NaN, z: 'id', stroke: 'id', strokeWidth: 3 }),
      Plot.dot(drawn, { x: 'column', y: 'value', fill: 'id', r: 4 }),
      Plot.text(drawn, { x: 'column', y: 'value', text: 'text', dy: -12, stroke: 'white', strokeWidth: 3, fill: TEXT_COLOUR }),
      Plot.text(ends, { x: 'column', y: 'value', text: 'rowLabel', dx: 10, textAnchor: 'start', fill: 'id', fontWeight: 'bold' }),
    ],
  };
}

/**
 * The chart as a PNG of `width` pixels (for Word), on white, in the font shipped with Redress:
 * the server's own fonts are not looked at, so every server draws the same picture.
 */
export function chartPng(svg: string, width = 1200): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: Object.values(REPORT_FONT_FILES), defaultFontFamily: REPORT_FONT, sansSerifFamily: REPORT_FONT },
  });
  return resvg.render().asPng();
}
