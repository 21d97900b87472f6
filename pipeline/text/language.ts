/**
 * The language of a text, from its script only: nothing is guessed that the
 * letters do not show. The language source.json declares holds while most
 * letters are in its script; otherwise the script names the language where it
 * names one (Han → zh, kana → ja, Hangul → ko), and is kept as an
 * "undetermined" tag (und-Latn, und-Cyrl …) where it names many.
 */
type Script = 'Han' | 'Kana' | 'Hangul' | 'Latn' | 'Cyrl' | 'Arab' | 'Grek' | 'Hebr' | 'Deva' | 'Thai';

/** One pattern for the letters of every script counted: a match says its script by the group that matched. */
const LETTER = new RegExp(
  [
    ['Han', '\\p{Script=Han}'],
    ['Kana', '[\\p{Script=Hiragana}\\p{Script=Katakana}]'],
    ['Hangul', '\\p{Script=Hangul}'],
    // ASCII letters are counted apart, quickly.
    ['Latn', '(?:(?![A-Za-z])\\p{Script=Latin})'],
    ['Cyrl', '\\p{Script=Cyrillic}'],
    ['Arab', '\\p{Script=Arabic}'],
    ['Grek', '\\p{Script=Greek}'],
    ['Hebr', '\\p{Script=Hebrew}'],
    ['Deva', '\\p{Script=Devanagari}'],
    ['Thai', '\\p{Script=Thai}'],
  ]
    .map(([name, cls]) => `(?<${name}>(?=\\p{L})${cls}+)`)
    .join('|'),
  'gu',
);
const WIDE = new Set<Script>(['Han', 'Kana', 'Hangul']);

/** Scripts of languages that may be declared; a language not listed is taken to be written in Latin script. */
const SCRIPT_OF: Record<string, Script[]> = {
  zh: ['Han'], ja: ['Han', 'Kana'], ko: ['Hangul', 'Han'], ru: ['Cyrl'], uk: ['Cyrl'], bg: ['Cyrl'], sr: ['Cyrl', 'Latn'], be: ['Cyrl'], kk: ['Cyrl'],
  ar: ['Arab'], fa: ['Arab'], ur: ['Arab'], el: ['Grek'], he: ['Hebr'], hi: ['Deva'], mr: ['Deva'], ne: ['Deva'], th: ['Thai'],
};
const LANGUAGE_OF: Partial<Record<Script, string>> = { Han: 'zh', Kana: 'ja', Hangul: 'ko', Thai: 'th', Grek: 'el', Hebr: 'he' };

/** Letters per script; a Han, kana or Hangul character weighs as much as two Latin letters, as it carries about that much. */
export function scriptWeights(text: string): Map<Script, number> {
  const weights = new Map<Script, number>();
  let ascii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) ascii++;
  }
  if (ascii) weights.set('Latn', ascii);
  // Runs of letters beyond ASCII, by script (most texts have few or none).
  if (!/[^\u0000-\u007f]/.test(text)) return weights;
  for (const m of text.matchAll(LETTER)) {
    for (const [script, run] of Object.entries(m.groups!) as [Script, string | undefined][]) {
      if (run === undefined) continue;
      const letters = [...run].length;
      weights.set(script, (weights.get(script) ?? 0) + letters * (WIDE.has(script) ? 2 : 1));
    }
  }
  return weights;
}

/** The language of text with these script weights, when `declared` is the corpus language. */
export function languageOf(weights: ReadonlyMap<Script, number>, declared: string): string {
  const primary = declared.split('-')[0]!.toLowerCase();
  const own = SCRIPT_OF[primary] ?? ['Latn'];
  let ownWeight = 0;
  let best: Script | null = null;
  let bestWeight = 0;
  for (const [script, w] of weights) {
    if (own.includes(script)) ownWeight += w;
    else if (w > bestWeight) [best, bestWeight] = [script, w];
  }
  if (best === null || bestWeight <= ownWeight) return declared;
  // Japanese is Han and kana: a text with kana and Han is Japanese, not Chinese.
  if (best === 'Han' && (weights.get('Kana') ?? 0) > 0) return primary === 'ja' ? declared : 'ja';
  return LANGUAGE_OF[best] ?? `und-${best}`;
}

export function sumWeights(all: Iterable<ReadonlyMap<Script, number>>): Map<Script, number> {
  const total = new Map<Script, number>();
  for (const w of all) for (const [s, n] of w) total.set(s, (total.get(s) ?? 0) + n);
  return total;
}
