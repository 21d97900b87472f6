/**
 * A seeded synthetic corpus in the layout of the sample page (npc-governance-page),
 * for benchmarks: `node dist/bench/generate.js <dir> <MiB> [seed]` writes
 * <dir>/sources/bench/{source.json,raw/…}. The same arguments give the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast, seedable PRNG. */
function random(seed: number): () => number {
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

export function generate(dir: string, mib: number, seed = 1): { files: number; bytes: number } {
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
    profile: 'npc-governance-page', language: 'en', origin: { publisher: 'bench/generate.ts', url: 'https://example.org/' },
    rights: { holder: 'Nobody', statement: 'Synthetic text.', open: true, license: { name: 'CC0-1.0' } },
  }, null, 2));
  let bytes = 0;
  let files = 0;
  while (bytes < mib * 1024 * 1024) {
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
    let text = lines.join(rand() < 0.2 ? '\r\n' : '\n');
    if (rand() < 0.1) text = `\ufeff${text}`;
    const name = `${String(files).padStart(6, '0')}.txt`;
    const buf = Buffer.from(text, 'utf8');
    writeFileSync(join(root, 'raw', name), buf);
    bytes += buf.length;
    files++;
  }
  return { files, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, mib, seed] = process.argv.slice(2);
  if (!dir || !mib) {
    process.stderr.write('usage: node dist/bench/generate.js <dir> <MiB> [seed]\n');
    process.exit(2);
  }
  const r = generate(dir, Number(mib), seed ? Number(seed) : 1);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
