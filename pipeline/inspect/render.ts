/**
 * The report as text for a terminal: at most WIDTH columns (East Asian wide
 * characters count two), sample values shortened to VALUE_WIDTH columns with
 * "…" (the JSON report keeps them whole), the same text on every run.
 */
import type { InspectedColumn, InspectedDataset, InspectedFile, InspectReport, SampleRow } from './report.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
}

const same = (s: string) => s;
export const plainStyle: Style = { bold: same, dim: same, ok: same, bad: same };

const WIDTH = 100;
const VALUE_WIDTH = 80;

function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if (cp <= 0x36f || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

const width = (s: string) => [...s].reduce((n, c) => n + charWidth(c.codePointAt(0)!), 0);

/** `s` in at most `max` columns, ending in "…" when shortened. */
function clip(s: string, max: number): string {
  if (width(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const c of s) {
    const w = charWidth(c.codePointAt(0)!);
    if (used + w > max - 1) break;
    out += c;
    used += w;
  }
  return `${out}…`;
}

/**
 * `label` and the words of `text` (or the items of a list, each kept on one line), in lines of at
 * most WIDTH columns; later lines start with `indent`.
 */
function wrap(label: string, text: string | string[], indent: string): string[] {
  const lines: string[] = [];
  let prefix = label ? `${label} ` : '';
  let words: string[] = [];
  const current = () => prefix + words.join(' ');
  const units = Array.isArray(text) ? text.map((t, i) => (i < text.length - 1 ? `${t},` : t)) : text.split(/\s+/).filter(Boolean);
  for (const word of units) {
    if (words.length > 0 && width(current()) + 1 + width(word) > WIDTH) {
      lines.push(current());
      prefix = indent;
      words = [];
    }
    words.push(words.length === 0 ? clip(word, WIDTH - width(prefix)) : word);
  }
  lines.push(current().trimEnd());
  return lines;
}

const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) [value, unit] = [value / 1024, unit + 1];
  return `${value.toFixed(1)} ${units[unit]}`;
}

function value(v: unknown, max: number, style: Style): string {
  if (v === null || v === undefined) return style.dim('null');
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  // Control characters (a line break in a value) are shown escaped, so a row stays one line each.
  return clip(text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1)), max);
}

function columnLines(columns: readonly InspectedColumn[], indent: string, style: Style): string[] {
  const nameWidth = Math.min(40, Math.max(6, ...columns.map((c) => width(c.name))));
  const typeWidth = Math.min(30, Math.max(4, ...columns.map((c) => width(c.type ?? '?'))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  const head = style.dim(`${indent}${pad('column', nameWidth)}  ${pad('type', typeWidth)}  nullable`);
  return [
    head,
    ...columns.map((c) => {
      const nullable = c.nullable === null ? '?' : c.nullable ? 'yes' : 'no';
      return `${indent}${pad(clip(c.name, nameWidth), nameWidth)}  ${pad(clip(c.type ?? '?', typeWidth), typeWidth)}  ${nullable}`;
    }),
  ];
}

function sampleLines(rows: readonly SampleRow[], indent: string, style: Style): string[] {
  return rows.flatMap((row, i) => [
    `${indent}[${i + 1}]`,
    ...Object.entries(row).map(([k, v]) => {
      const prefix = `${indent}  ${clip(k, 40)}: `;
      return prefix + value(v, Math.min(VALUE_WIDTH, WIDTH - width(prefix)), style);
    }),
  ]);
}

function firstSentence(text: string): string {
  return /^.+?[.!?](?=\s|$)/s.exec(text)?.[0] ?? text;
}

function rightsLines(r: InspectedDataset['rights'], style: Style): string[] {
  const names = r.licenses.map((l) => l.name).join(', ') || 'no licence named';
  const licensed = r.licenses.some((l) => l.name !== 'other-closed');
  const head = r.open
    ? `rights: ${names} (an open licence)`
    : `rights: NOT OPENLY LICENSED (${names}); use only as ${licensed ? 'the licence' : 'the holder'} or the law allows`;
  return [
    ...wrap('', head, '  ').map(r.open ? same : style.bad),
    ...(r.holder ? wrap('  holder:', r.holder, '    ') : []),
    ...(r.statement ? wrap('  statement:', r.statement, '    ') : []),
  ];
}

function renderDataset(d: InspectedDataset, style: Style): string[] {
  const out: string[] = [];
  out.push(...wrap('', d.title ?? d.name, '').map(style.bold));
  if (!d.rights.open) out.push(...rightsLines(d.rights, style));
  out.push(...wrap('dataset:', `${d.name}${d.version ? ` ${d.version}` : ''} (${d.path})`, '  '));
  if (d.description) out.push(...wrap('about:', firstSentence(d.description), '  '));
  if (d.rights.open) out.push(...rightsLines(d.rights, style));
  const built = [
    d.pipeline ? `${d.pipeline.name} ${d.pipeline.version}${d.pipeline.git_commit ? ` (${d.pipeline.git_commit.slice(0, 12)})` : ''}` : 'unknown pipeline',
    `data contract ${d.contract_version ?? '?'}`,
    `build date: ${d.created ?? 'none recorded'}`,
  ];
  out.push(...wrap('built by:', built.join(', '), '  '));
  if (d.inputs) out.push(`inputs: ${plural(d.inputs.total, 'file')} (${count(d.inputs.published)} published, ${count(d.inputs.rejected)} rejected)`);
  for (const t of d.tables) {
    out.push('', style.bold(`${t.name}: ${t.rows === null ? 'rows unknown' : plural(t.rows, 'row')}`));
    out.push(...wrap('  files:', t.files.map((f) => `${f.path} ${formatBytes(f.bytes)}`), '    '));
    if (t.columns.length) out.push(...columnLines(t.columns, '  ', style));
    if (t.sample.length) out.push(`  first ${plural(t.sample.length, 'row')} (${t.sample_from}):`, ...sampleLines(t.sample, '    ', style));
  }
  out.push('', style.bold('other files:'));
  const nameWidth = Math.max(...d.files.map((f) => width(f.path)), 0);
  for (const f of d.files) {
    const size = formatBytes(f.bytes).padStart(9);
    out.push(clip(`  ${f.path.padEnd(nameWidth)}  ${size}  ${f.about}${f.rows === undefined ? '' : `: ${plural(f.rows, 'row')}`}`, WIDTH));
  }
  const c = d.checksums;
  if (c.ok) out.push(style.ok(`checksums: ok (${plural(c.listed, 'file')})`));
  else if (!c.found) out.push(style.bad('checksums: no SHA256SUMS, so nothing vouches for these files'));
  else {
    out.push(style.bad(`checksums: FAILED (${plural(c.listed, 'file')} listed)`));
    const kinds: [string, string[]][] = [
      ['differ from SHA256SUMS:', c.mismatched],
      ['missing:', c.missing],
      ['not listed:', c.unlisted],
      ['malformed lines of SHA256SUMS:', c.malformed_lines.map(String)],
    ];
    for (const [label, items] of kinds) if (items.length) out.push(...wrap(`  ${label}`, items, '    ').map(style.bad));
  }
  if (d.problems.length) {
    out.push('', style.bad('problems:'));
    for (const p of d.problems) out.push(...wrap('  -', p, '    '));
  }
  return out;
}

const TYPES_FROM: Record<InspectedFile['types_from'], string> = {
  file: 'types as the file declares them (its Arrow schema)',
  datapackage: 'types from the datapackage.json beside it (the data contract)',
  sample: 'types seen in the sample rows (no datapackage.json describes this file)',
  none: 'no types: CSV declares none, and no datapackage.json describes this file',
};

function renderFile(f: InspectedFile, style: Style): string[] {
  const out = [...wrap('', f.path, '').map(style.bold), `${f.format}, ${formatBytes(f.bytes)}, ${plural(f.rows, 'row')}`];
  if (f.dataset) {
    const sum = { ok: style.ok('matches SHA256SUMS'), mismatch: style.bad('DIFFERS from SHA256SUMS'), unlisted: style.bad('not listed in SHA256SUMS'), none: 'no SHA256SUMS beside it' }[f.dataset.checksum ?? 'none'];
    out.push(`dataset: ${f.dataset.name}; this file ${sum}`);
    out.push(...rightsLines(f.dataset.rights, style));
  }
  if (f.file_metadata !== null) {
    const m = f.file_metadata;
    const text = m && typeof m === 'object' ? Object.entries(m).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : String(m);
    out.push(...wrap('embedded metadata (speech_datasets):', text, '  '));
  }
  out.push(...wrap('columns:', TYPES_FROM[f.types_from], '  '), ...columnLines(f.columns, '  ', style));
  if (f.sample.length) out.push(`first ${plural(f.sample.length, 'row')}:`, ...sampleLines(f.sample, '  ', style));
  return out;
}

export function renderInspect(report: InspectReport, style: Style = plainStyle): string {
  const lines = report.kind === 'dataset' ? renderDataset(report, style) : renderFile(report, style);
  return `${lines.join('\n')}\n`;
}
