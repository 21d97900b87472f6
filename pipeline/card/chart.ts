/**
 * The card's chart: a histogram of paragraph lengths as a small, static SVG.
 * d3-array picks the "nice" bin width and axis ticks; the bins are counted
 * here from how many paragraphs have each length (the summary keeps counts,
 * not rows), cut where d3.bin cuts them; the markup is written with fixed
 * decimals, so the same numbers give the same bytes anywhere.
 */
import { max, range, ticks, tickStep } from 'd3-array';

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

/** `data`: the values, or how many times each value occurs. */
export function histogramSvg(data: readonly number[] | ReadonlyMap<number, number>, options: HistogramOptions): string {
  let counts: ReadonlyMap<number, number>;
  if (data instanceof Map) counts = data;
  else {
    const m = new Map<number, number>();
    for (const v of data as readonly number[]) m.set(v, (m.get(v) ?? 0) + 1);
    counts = m;
  }
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts: string[] = [];
  const top = max(counts.keys()) ?? 0;
  let total = 0;
  for (const c of counts.values()) total += c;
  // Bins of a whole, "nice" width (1, 2, 5, 10, 20, …) from 0 to just past the longest value.
  const step = Math.max(1, tickStep(0, Math.max(top, 1), 20));
  const upper = (Math.floor(top / step) + 1) * step;
  // Bins [0, step), [step, 2·step), …, [upper − step, upper], as d3's bin() cuts them at those thresholds.
  const bins = range(0, upper, step).map((x0) => ({ x0, x1: x0 + step, length: 0 }));
  for (const [v, c] of counts) bins[Math.floor(v / step)]!.length += c;
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
    const x0 = x(b.x0);
    const w = Math.max(1, x(b.x1) - x0 - 1);
    parts.push(`<rect x="${n(x0)}" y="${n(y(b.length))}" width="${n(w)}" height="${n(y(0) - y(b.length))}" fill="#4c72b0"><title>${b.x0}–${b.x1 - 1}: ${b.length}</title></rect>`);
  }
  const xTicks = ticks(0, upper, 8);
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${n(y(0))}" y2="${n(y(0))}" stroke="#333"/>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(y(0))}" y2="${n(y(0) + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${n(x(t))}" y="${n(y(0) + 18)}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${xml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xml(options.yLabel)}</text>`);
  if (total === 0) parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">No data</text>`);

  const desc = `Histogram of ${total} values in ${bins.length} bins of width ${step}, from 0 to ${upper}.`;
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
