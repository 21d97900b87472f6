/**
 * The card's chart: a histogram of paragraph lengths as a small, static SVG.
 * d3-array does the binning and the "nice" axis ticks; the markup is written
 * here with fixed decimals, so the same numbers give the same bytes anywhere.
 */
import { bin, max, range, ticks, tickStep } from 'd3-array';

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 40, right: 20, bottom: 50, left: 60 };

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export interface HistogramOptions {
  title: string;
  xLabel: string;
  yLabel: string;
}

export function histogramSvg(values: readonly number[], options: HistogramOptions): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts: string[] = [];
  // No Math.max(...values): spreading a million arguments overflows the stack.
  const top = max(values) ?? 0;
  // Bins of a whole, "nice" width (1, 2, 5, 10, 20, …) from 0 to just past the longest value.
  const step = Math.max(1, tickStep(0, Math.max(top, 1), 20));
  const upper = (Math.floor(top / step) + 1) * step;
  const bins = bin().domain([0, upper]).thresholds(range(step, upper, step))([...values]);
  const most = Math.max(1, max(bins, (b) => b.length) ?? 0);
  const yTicks = ticks(0, most, 5).filter(Number.isInteger);
  const x = (v: number) => MARGIN.left + (v / upper) * plotW;
  const y = (c: number) => MARGIN.top + plotH - (c / most) * plotH;

  parts.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${xml(options.title)}</text>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  for (const b of bins) {
    if (b.length === 0) continue;
    const x0 = x(b.x0!);
    const w = Math.max(1, x(b.x1!) - x0 - 1);
    parts.push(`<rect x="${n(x0)}" y="${n(y(b.length))}" width="${n(w)}" height="${n(y(0) - y(b.length))}" fill="#4c72b0"><title>${b.x0}–${b.x1! - 1}: ${b.length}</title></rect>`);
  }
  const xTicks = ticks(0, upper, 8);
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${n(y(0))}" y2="${n(y(0))}" stroke="#333"/>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(y(0))}" y2="${n(y(0) + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${n(x(t))}" y="${n(y(0) + 18)}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${xml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xml(options.yLabel)}</text>`);
  if (values.length === 0) parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">No data</text>`);

  const desc = `Histogram of ${values.length} values in ${bins.length} bins of width ${step}, from 0 to ${upper}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${xml(options.title)}</title>`,
    `<desc>${xml(desc)}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
