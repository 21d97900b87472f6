/**
 * markdown: Markdown with optional YAML front matter. The front matter gives
 * title, date, speaker (or author) and source (the publisher), and is not
 * text; "#" headings become the section of the paragraphs under them (a lone
 * "# Title" at the very top, with no title in the front matter, is the title);
 * paragraphs are separated by blank lines; every block quote and list item is a
 * paragraph of its own, without its ">" or bullet (a numbered item keeps its
 * number); "[^1]: …" lines are notes; HTML comments are left out. Inline markup (emphasis, code, links) and
 * the ">" of continued quote lines are removed from the text by the recorded
 * `markdown-syntax` edits (normalise).
 */
import { parse } from 'yaml';
import type { Segmented, Span } from '../file.js';
import { foldWhitespace } from '../normalise/index.js';
import { readDate } from '../text/dates.js';
import { trimSpan, type Line } from './layout.js';
import { Sections } from './lines.js';
import { isCredit } from './furniture.js';
import { emptySegmented, type Profile } from './profile.js';

const FENCE = /^---[\s\p{Zs}]*$/u;
const FENCE_END = /^(?:---|\.\.\.)[\s\p{Zs}]*$/u;
const HEADING = /^#{1,6}[\s\p{Zs}]+(?<text>.*?)(?:[\s\p{Zs}]+#+)?[\s\p{Zs}]*$/u;
const RULE = /^[\s\p{Zs}]{0,3}(?:(?:\*[\s\p{Zs}]*){3,}|(?:-[\s\p{Zs}]*){3,}|(?:_[\s\p{Zs}]*){3,})$/u;
const BULLET = /^[\s\p{Zs}]{0,3}[-*+][\s\p{Zs}]+(?=\S)/u;
const ORDERED = /^[\s\p{Zs}]{0,3}(?=\d{1,3}[.)][\s\p{Zs}]+\S)/u;
const QUOTE = /^[\s\p{Zs}]{0,3}(?:>[\s\p{Zs}]?)+/u;
const EMPTY_QUOTE = /^[\s\p{Zs}]{0,3}(?:>[\s\p{Zs}]*)+$/u;
const SETEXT = /^(?:=+|-+)[\s\p{Zs}]*$/u;
/** A line of YAML front matter: "key: value", or an indented or list line continuing one. */
const YAML_LINE = /^(?:[A-Za-z_][\w -]*:(?:\s|$)|[\s\p{Zs}]+\S|- |#)/u;
const FOOTNOTE = /^\[(?<marker>\^[^\]\s]{1,20})\]:[\s\p{Zs}]*/u;
// Link text without brackets: a line of thousands of "[" is then one pass, not one per bracket.
const SIGNALS = [HEADING, QUOTE, FOOTNOTE, /\*\*\S[^*]*\S\*\*/u, /\[[^\][]+\]\([^)\s]+\)/u];

/** A label line before the first paragraph, perhaps in bold ("**Date:** March 11, 2020"). */
const BOLD_LABEL = /^(?:(?:\*\*|__)(?<bkey>[A-Za-z]+)[\s\p{Zs}]*[:：][\s\p{Zs}]*(?:\*\*|__)|(?<key>[A-Za-z]+)[\s\p{Zs}]*[:：])[\s\p{Zs}]*(?<value>\S.*)$/u;
const FIELDS = { title: 'title', date: 'dateText', speaker: 'speaker', author: 'speaker', source: 'publisher', publisher: 'publisher', occasion: 'occasion' } as const;

interface FrontMatter {
  /** Index of the closing "---" line. */
  end: number;
  /** The parsed mapping, or null when the YAML does not parse to one. */
  data: Record<string, unknown> | null;
  error: string | null;
}

/**
 * YAML front matter: a "---" first line, lines that look like YAML, and a
 * closing "---" (or "...") within 100 lines. Anything else (a "---" rule
 * above a title and a date, say) is no front matter, and is read as text.
 */
function frontMatter(text: string, lines: readonly Line[]): FrontMatter | null {
  if (!lines[0] || !FENCE.test(text.slice(lines[0].start, lines[0].end))) return null;
  const end = lines.findIndex((l, i) => i > 0 && FENCE_END.test(text.slice(l.start, l.end)));
  if (end < 2 || end > 100) return null;
  const inner = lines.slice(1, end).filter((l) => !l.blank);
  if (!inner.every((l) => YAML_LINE.test(text.slice(l.start, l.end)))) return null;
  try {
    const data: unknown = parse(text.slice(lines[1]!.start, lines[end]!.start), { schema: 'core' });
    const mapping = data !== null && typeof data === 'object' && !Array.isArray(data);
    return { end, data: mapping ? (data as Record<string, unknown>) : null, error: mapping ? null : 'it is not a list of "key: value" lines' };
  } catch (error) {
    return { end, data: null, error: (error as Error).message.split('\n')[0]! };
  }
}

export const markdown: Profile = {
  name: 'markdown',
  description: 'Markdown, perhaps with YAML front matter: headings as sections, quotes and list items as paragraphs, inline markup removed (recorded), footnotes as notes.',
  detect(file, lines) {
    const fm = frontMatter(file.text, lines);
    if (fm) return fm.data ? { confidence: 'high', reason: 'auto: YAML front matter between "---" lines at the top' } : { confidence: 'medium', reason: 'auto: front matter between "---" lines at the top that does not parse as YAML' };
    const counted = lines.filter((l) => SIGNALS.some((re) => re.test(file.text.slice(l.start, l.end)))).length;
    const headings = lines.filter((l) => HEADING.test(file.text.slice(l.start, l.end))).length;
    if (headings >= 1 && counted >= 2) return { confidence: 'medium', reason: `auto: ${counted} lines of Markdown syntax, ${headings} of them "#" headings` };
    const first = lines.find((l) => !l.blank);
    if (first && /^#[\s\p{Zs}]+\S/u.test(file.text.slice(first.start, first.end))) return { confidence: 'medium', reason: 'auto: the first line is a "# " Markdown title' };
    return null;
  },
  segment(file, lines, detection) {
    const text = file.text;
    const out: Segmented = { ...emptySegmented('markdown', detection, 'markdown'), syntax: 'markdown' };
    const raw = (l: Line) => text.slice(l.start, l.end);
    let start = 0;
    const fm = frontMatter(text, lines);
    if (fm) {
      start = fm.end + 1;
      if (fm.error !== null) {
        file.message('markdown/front-matter-invalid', 'segment', `The YAML front matter cannot be read (${fm.error}); it is left out of the text and gives no metadata`, file.place(lines[0]!.start));
      }
      if (fm.data) {
        const ignored: string[] = [];
        for (const [key, value] of Object.entries(fm.data)) {
          const field = FIELDS[key.toLowerCase() as keyof typeof FIELDS];
          const str = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : null;
          if (!field || !str) ignored.push(key);
          else out[field] ??= str;
        }
        if (ignored.length) file.message('header/field-ignored', 'segment', `Front matter keys the reader does not keep: ${ignored.join(', ')}`, file.place(lines[0]!.start));
        if (out.dateText !== null && !readDate(out.dateText).iso) file.message('date/unparsed', 'segment', `Front matter date ${JSON.stringify(out.dateText)} is not a date the reader understands`, file.place(lines[0]!.start));
      }
    }

    const sections = new Sections();
    let section: string | null = null;
    /** The block being read: a paragraph, a quote (whose next ">" lines continue it) or a note. */
    let open: (Span & { note?: string; quote?: boolean }) | null = null;
    let seenContent = false;
    const close = () => {
      if (open) {
        const span = trimSpan(text, open);
        if (span.end > span.start) {
          if (open.note) out.notes.push({ marker: open.note, span });
          else out.paragraphs.push({ span, section });
        }
      }
      open = null;
    };
    const body = lines.slice(start);
    for (let i = 0; i < body.length; i++) {
      const line = body[i]!;
      const s = raw(line);
      if (line.blank) {
        close();
        continue;
      }
      const heading = s.match(HEADING);
      // A setext heading: a line of text underlined with "===" (level 1) or "---" (level 2).
      const underline = body[i + 1] && !heading && !open && SETEXT.test(raw(body[i + 1]!)) && !RULE.test(s) ? raw(body[i + 1]!) : null;
      if (heading || underline) {
        close();
        const value = foldWhitespace(heading ? heading.groups!.text! : s);
        const level = heading ? s.match(/^#+/)![0].length : underline!.startsWith('=') ? 1 : 2;
        if (!seenContent && out.title === null && level === 1) out.title = value;
        else section = sections.enter('markdown', value, level);
        seenContent = true;
        if (underline) i++;
        continue;
      }
      seenContent = true;
      if (RULE.test(s)) {
        close();
        continue;
      }
      // An HTML comment on lines of its own ("<!--more-->" from a CMS) is not text; one inside a line is
      // removed with the inline markup, and an unclosed "<!--" is text.
      const comment = /^[\s\p{Zs}]{0,3}<!--/u.test(s) ? body.slice(i, i + 50).findIndex((l) => raw(l).includes('-->')) : -1;
      if (comment >= 0 && /-->[\s\p{Zs}]*$/u.test(raw(body[i + comment]!))) {
        close();
        i += comment;
        continue;
      }
      // Before the first paragraph, label lines are metadata: "**Date:** March 11, 2020", "Speaker: …".
      const labelled = !open && out.paragraphs.length === 0 ? foldWhitespace(s).match(BOLD_LABEL) : null;
      const labelKey = labelled ? (labelled.groups!.bkey ?? labelled.groups!.key)!.toLowerCase() : null;
      if (labelled && labelKey && (labelKey in FIELDS || labelKey === 'location' || labelKey === 'venue')) {
        const field = FIELDS[labelKey as keyof typeof FIELDS];
        if (field) out[field] ??= labelled.groups!.value!.replace(/(?:\*\*|__)$/u, '').trim();
        else file.message('header/field-ignored', 'segment', `Header field "${labelKey}" is not one the reader keeps; the line is left out of the text`, file.place(line.start));
        continue;
      }
      const footnote = s.match(FOOTNOTE);
      const bullet = s.match(BULLET) ?? s.match(ORDERED);
      const quote = s.match(QUOTE);
      if (footnote) {
        close();
        open = { start: line.start + footnote[0].length, end: line.end, note: `[${footnote.groups!.marker}]` };
      } else if (bullet) {
        close();
        open = { start: line.start + bullet[0].length, end: line.end };
      } else if (quote && EMPTY_QUOTE.test(s)) {
        // ">" alone separates two paragraphs of one quote.
        close();
      } else if (quote && !open?.quote) {
        close();
        open = { start: line.start + quote[0].length, end: line.end, quote: true };
      } else if (open) open.end = line.end;
      else open = { start: line.start, end: line.end };
    }
    close();
    // A closing credit ("*Translated by …*") is no paragraph.
    const last = out.paragraphs.at(-1);
    if (last && out.paragraphs.length > 1) {
      const folded = foldWhitespace(text.slice(last.span.start, last.span.end)).replace(/^[*_]+|[*_]+$/gu, '');
      if (isCredit(folded)) {
        out.paragraphs.pop();
        file.message('segment/furniture-skipped', 'segment', `${JSON.stringify(folded)} credits the page's staff; it is left out of the text`, file.place(last.span.start));
      }
    }
    out.reason = `${detection.reason}; layout markdown: ${out.paragraphs.length} blocks between blank lines, list items and quotes`;
    return out;
  },
};
