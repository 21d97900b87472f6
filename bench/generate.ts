/**
 * A seeded synthetic corpus for benchmarks: `node dist/bench/generate.js <dir>
 * <MiB> [seed] [npc|mixed]` writes <dir>/sources/bench/{source.json,raw/…}. "npc"
 * (the default) writes pages in the layout of the sample page; "mixed" writes
 * plain texts with blank-line, one-per-line and hard-wrapped paragraphs, and
 * Markdown with front matter, for "profile": "auto" to tell apart. The same
 * arguments give the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('development cooperation people country world China-US relations reform opening-up economy growth innovation ' +
  'security peace prosperity governance modernization rule law party socialism characteristics new era community shared future ' +
  'the of and to in a for with on that we our is are will should must all build promote strengthen deepen improve').split(' ');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type BenchLayout = 'npc' | 'mixed';
/** The layout each "mixed" file is written in, as documents.layout names it. */
export const MIXED_LAYOUTS = ['blank-line', 'line-per-paragraph', 'hard-wrapped', 'markdown'] as const;

/** Words wrapped at `width` columns, the first line indented by four spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '    ';
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.trim() ? `${line} ${word}` : `${line}${word}`;
  }
  lines.push(line);
  return lines;
}

/** Writes files until the corpus holds `mib` MiB or `maxFiles` files. */
export function generate(dir: string, mib: number, seed = 1, layout: BenchLayout = 'npc', maxFiles = Infinity): { files: number; bytes: number; layouts: Record<string, number>; paragraphs: number } {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 25);
    const words = Array.from({ length: n }, () => pick(WORDS));
    const s = words.join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const root = join(dir, 'sources', 'bench');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'raw'), { recursive: true });
  writeFileSync(join(root, 'source.json'), JSON.stringify({
    name: 'bench', title: 'Synthetic benchmark corpus', description: 'Generated pages in the npc-governance-page layout.', version: '1.0.0',
    profile: layout === 'npc' ? 'npc-governance-page' : 'auto', language: 'en', origin: { publisher: 'bench/generate.ts', url: 'https://example.org/' },
    rights: { holder: 'Nobody', statement: 'Synthetic text.', open: true, license: { name: 'CC0-1.0' } },
  }, null, 2));
  let bytes = 0;
  let files = 0;
  const layouts: Record<string, number> = {};
  let paragraphCount = 0;
  while (bytes < mib * 1024 * 1024 && files < maxFiles) {
    if (layout === 'mixed') {
      const kind = MIXED_LAYOUTS[files % MIXED_LAYOUTS.length]!;
      const title = Array.from({ length: 4 + Math.floor(rand() * 8) }, () => pick(WORDS)).join(' ').replace(/^./, (c) => c.toUpperCase());
      const date = `${pick(MONTHS)} ${1 + Math.floor(rand() * 28)}, ${2012 + Math.floor(rand() * 12)}`;
      // At least three paragraphs of two sentences or more, so every layout shows in the lines.
      const paragraphs = Array.from({ length: 3 + Math.floor(rand() * 18) }, () => Array.from({ length: 2 + Math.floor(rand() * 7) }, sentence).join(' '));
      const lines =
        kind === 'blank-line' ? [title, '', date, '', ...paragraphs.flatMap((p) => [p, ''])]
        : kind === 'line-per-paragraph' ? [title, date, ...paragraphs.map((p) => `  ${p}\u00a0`)]
        : kind === 'hard-wrapped' ? [title, date, '', ...paragraphs.flatMap((p) => wrap(p, 72))]
        : ['---', `title: "${title}"`, `date: ${date}`, '---', '', ...paragraphs.flatMap((p, i) => [i % 5 === 4 ? `## ${title}` : p, ''])];
      const buf = Buffer.from(lines.join('\n'), 'utf8');
      writeFileSync(join(root, 'raw', `${String(files).padStart(6, '0')}.txt`), buf);
      layouts[kind] = (layouts[kind] ?? 0) + 1;
      paragraphCount += kind === 'markdown' ? paragraphs.filter((_, i) => i % 5 !== 4).length : paragraphs.length;
      bytes += buf.length;
      files++;
      continue;
    }
    const title = Array.from({ length: 4 + Math.floor(rand() * 8) }, () => pick(WORDS)).join(' ').replace(/^./, (c) => c.toUpperCase());
    const notes = Math.floor(rand() * 3);
    const paragraphs = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => Array.from({ length: 1 + Math.floor(rand() * 8) }, sentence).join(' '));
    // Notes after the first are marked in the body ("**", "***"), glued to the end of a paragraph as on the site.
    for (let k = 1; k < notes; k++) paragraphs[Math.floor(rand() * paragraphs.length)] += '*'.repeat(k + 1);
    const lines = [
      title, '', `Xi Jinping: The Governance of China ${pick(['', ' II', ' III', ' IV'])} Updated: 2021-12-28`.replace(/ {2,}/g, ' '), '',
      `${title}${notes ? '*' : ''}\u00a0`, '', `${pick(MONTHS)} ${1 + Math.floor(rand() * 28)}, ${2012 + Math.floor(rand() * 12)}\u00a0`, '',
      ...paragraphs.flatMap((p) => [`${p}\u00a0`, '']),
      ...Array.from({ length: notes }, (_, k) => [`${'*'.repeat(k + 1)} ${sentence()}`, '']).flat(),
      '(Not to be republished for any commercial or other purposes.)', '',
      "Copyright © The National People's Congress of the People's Republic of China. All Rights Reserved. Presented by China Daily.",
    ];
    paragraphCount += paragraphs.length;
    let text = lines.join(rand() < 0.2 ? '\r\n' : '\n');
    if (rand() < 0.1) text = `\ufeff${text}`;
    const name = `${String(files).padStart(6, '0')}.txt`;
    const buf = Buffer.from(text, 'utf8');
    writeFileSync(join(root, 'raw', name), buf);
    bytes += buf.length;
    files++;
  }
  return { files, bytes, layouts, paragraphs: paragraphCount };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, mib, seed, layout, maxFiles] = process.argv.slice(2);
  if (!dir || !mib) {
    process.stderr.write('usage: node dist/bench/generate.js <dir> <MiB> [seed] [npc|mixed] [max files]\n');
    process.exit(2);
  }
  const r = generate(dir, Number(mib), seed ? Number(seed) : 1, layout === 'mixed' ? 'mixed' : 'npc', maxFiles ? Number(maxFiles) : Infinity);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
