/**
 * The paragraph structure of a plain-text body, detected from its lines.
 *
 * Lines are first told apart alone (lines.ts): headings, separators, Q&A
 * labels, text. A heading must also stand where a heading can: not in the
 * middle of a sentence, not as the last line, and not as one of several
 * lines of the same numbering in a row (that is a list). Then the text lines
 * that have another text line after them decide the layout: when most end a
 * sentence, or stop short, each line is a paragraph (line-per-paragraph);
 * when many break mid-sentence near a wrap width of 40 to 120 columns, the lines are wrapped
 * (hard-wrapped) and joined, with a paragraph break at a blank line, before
 * an indented first line, after a short line that ends a sentence, or after
 * a salutation. No line followed by another: blank-line. One long line of
 * several sentences: single-line, which cannot be split honestly.
 */
import type { Confidence, Layout, Span, SourceFile } from '../file.js';
import { foldedText, type Line, trimSpan } from './layout.js';
import { isCjk } from '../text/chars.js';
import { columns, ENDS_SENTENCE, headingStyle, isClosing, isSalutation, QA_LABEL, Sections, SEPARATOR } from './lines.js';

type Kind = 'blank' | 'heading' | 'separator' | 'label' | 'furniture' | 'text';

interface BodyLine extends Line {
  folded: string;
  kind: Kind;
  style: string | null;
  /** Leading white space in columns (a tab is four, an ideographic space two). */
  indent: number;
  /** Indented with an ideographic space, the Chinese mark of a paragraph's first line. */
  ideographic: boolean;
  width: number;
}

export interface Body {
  paragraphs: { span: Span; section: string | null; cuts?: Span[] }[];
  layout: Layout;
  confidence: Confidence;
  reason: string;
}

/** Ends a line of a paragraph: a sentence, or a colon or semicolon, which end a paragraph line as often as a full stop; a note marker after it does not count ("…完成较好。[1]"). */
const ENDS_LINE_RE = /[.!?。！？…:：;；][)"'”’）」』\]]*$/u;
// Asterisks only as a whole run of one to four: tried from the run's start only, so a line of asterisks is one pass.
const TRAILING_NOTE_MARKER = /(?:\[\d{1,3}\]|［\d{1,3}］|[\u2460-\u2473]|(?<!\*)\*{1,4}|(?<=[.!?。！？"”’)）])\d{1,3})$/u;
const ENDS_LINE = { test: (s: string) => ENDS_LINE_RE.test(s.replace(TRAILING_NOTE_MARKER, '')) };

function indentOf(raw: string): number {
  let n = 0;
  for (const c of raw) {
    if (c === ' ' || c === '\u00A0') n += 1;
    else if (c === '\t') n += 4;
    else if (c === '\u3000') n += 2;
    else break;
  }
  return n;
}

function classify(file: SourceFile, line: Line): BodyLine {
  const raw = file.text.slice(line.start, line.end);
  const folded = foldedText(file.text, line);
  const style = line.blank ? null : headingStyle(folded);
  const kind: Kind = line.blank ? 'blank' : SEPARATOR.test(folded) ? 'separator' : QA_LABEL.test(folded) ? 'label' : style ? 'heading' : 'text';
  return { ...line, folded, kind, style, indent: indentOf(raw), ideographic: /^[\s\u00A0]*\u3000/u.test(raw), width: columns(folded) };
}

/** Headings that do not stand where a heading can are text (see the module comment). */
function placeHeadings(body: BodyLine[]): void {
  const content = body.filter((l) => l.kind !== 'blank');
  content.forEach((l, i) => {
    const before = content[i - 1];
    const after = content[i + 1];
    const adjacent = before !== undefined && before.index === l.index - 1;
    const midSentence = before !== undefined && before.kind === 'text' && !ENDS_LINE.test(before.folded);
    // Right after a line that stops mid-sentence: the sentence goes on ("…rose by" / "15 percent in …");
    // or set off by blank lines inside a sentence that the next line carries on in lower case.
    if (l.kind === 'heading' && midSentence && (adjacent || (after !== undefined && /^\p{Ll}/u.test(after.folded)))) l.kind = 'text';
  });
  // Several headings of one numbering with no text between them: a list.
  for (let i = 0; i < content.length; ) {
    let j = i;
    while (j < content.length && content[j]!.kind === 'heading') j++;
    const run = content.slice(i, j);
    const perStyle = new Map<string | null, number>();
    for (const l of run) perStyle.set(l.style, (perStyle.get(l.style) ?? 0) + 1);
    for (const l of run) if (perStyle.get(l.style)! >= 2) l.kind = 'text';
    i = Math.max(j, i + 1);
  }
  // A heading with nothing after it heads nothing: "THANK YOU", "GOD BLESS AMERICA".
  let last = content.length - 1;
  while (last >= 0 && (content[last]!.kind === 'separator' || content[last]!.kind === 'furniture')) last--;
  if (last >= 0 && content[last]!.kind === 'heading') content[last]!.kind = 'text';
}

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

/** A salutation or a sign-off ending in a comma or colon, on a line of its own, closes its paragraph ("Ladies and gentlemen,", "Best regards,"). */
const closesParagraph = (l: BodyLine) => (isSalutation(l.folded) || isClosing(l.folded)) && /[,:，：]$/u.test(l.folded);

export function readBody(file: SourceFile, lines: readonly Line[], furniture: ReadonlySet<number> = new Set()): Body {
  const body = lines.map((l) => classify(file, l));
  for (const l of body) if (furniture.has(l.index)) l.kind = 'furniture';
  if (furniture.size) {
    const first = body.find((l) => l.kind === 'furniture')!;
    file.message('segment/furniture-skipped', 'segment', `${furniture.size} lines are page numbers, running headers, page chrome or clock times (${JSON.stringify(first.folded)} first); they are left out, and a paragraph they cut goes on after them`, file.place(first.start));
  }
  placeHeadings(body);
  const text = body.filter((l) => l.kind === 'text');
  // Runs of text lines (a label belongs to the run it opens); blank lines, headings and separators end a run.
  const runs: BodyLine[][] = [];
  let run: BodyLine[] = [];
  for (const l of body) {
    if (l.kind === 'text' || l.kind === 'label') run.push(l);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  const pairs = runs.flatMap((r) => r.slice(0, -1).map((l, k) => [l, r[k + 1]!] as const)).filter(([l]) => l.kind === 'text' && !closesParagraph(l));
  const inner = pairs.map(([l]) => l);
  const wrapWidth = quantile(inner.map((l) => l.width), 0.9);
  // A wrapped line breaks mid-sentence near the wrap width; a line-per-paragraph text has almost none.
  const wrapped = inner.filter((l) => !ENDS_LINE.test(l.folded) && l.width >= 0.6 * wrapWidth).length;
  const share = inner.length ? wrapped / inner.length : 0;
  // Narrow text wraps too: then the next line carries on the sentence (a lower-case word, or CJK after CJK).
  // (Not when the next line is numbered like a list item or heading: "一、坚持改革" / "二、扩大开放".)
  const carriedOn = pairs.filter(([l, next]) => !ENDS_LINE.test(l.folded) && next.style === null && (/^\p{Ll}/u.test(next.folded) || (isCjk(l.folded.at(-1)) && isCjk(next.folded[0])))).length;
  const ideographic = text.filter((l) => l.ideographic).length;

  let layout: Layout;
  let confidence: Confidence;
  let reason: string;
  const sentences = (s: string) => s.match(/[.!?。！？](?=[\s"'”’)）]|$)/gu)?.length ?? 0;
  if (text.length === 1 && body.filter((l) => l.kind !== 'blank').length === 1 && sentences(text[0]!.folded) >= 3) {
    layout = 'single-line';
    confidence = 'low';
    reason = `layout single-line: the body is one line of ${sentences(text[0]!.folded)} sentences`;
    file.message('layout/single-line', 'segment', `The body is one line of ${text[0]!.width} columns and ${sentences(text[0]!.folded)} sentences; it is kept as one paragraph`, file.place(text[0]!.start));
  } else if (!runs.some((r) => r.length > 1)) {
    layout = 'blank-line';
    confidence = 'high';
    reason = `layout blank-line: all ${text.length} text lines stand between blank lines or headings`;
  } else if (text.length >= 2 && ideographic >= 0.5 * text.length) {
    layout = 'line-per-paragraph';
    confidence = ideographic >= 0.9 * text.length ? 'high' : 'medium';
    reason = `layout line-per-paragraph: ${ideographic} of ${text.length} text lines start with an ideographic-space indent, the mark of a first line`;
  } else if (share >= 0.3 && wrapWidth >= 40 && wrapWidth <= 120) {
    layout = 'hard-wrapped';
    confidence = inner.length >= 4 && share >= 0.5 ? 'high' : 'medium';
    reason = `layout hard-wrapped: ${wrapped} of ${inner.length} lines followed by another break mid-sentence near the wrap width of about ${wrapWidth} columns`;
  } else if (inner.length > 0 && carriedOn >= 0.5 * inner.length && wrapWidth <= 120) {
    layout = 'hard-wrapped';
    confidence = inner.length >= 4 ? 'high' : 'medium';
    reason = `layout hard-wrapped: ${carriedOn} of ${inner.length} lines followed by another break mid-sentence, and the next line carries the sentence on`;
  } else {
    layout = 'line-per-paragraph';
    confidence = inner.length >= 4 && share <= 0.1 ? 'high' : 'medium';
    const why =
      wrapWidth > 120
        ? `lines run to ${quantile(inner.map((l) => l.width), 1)} columns, longer than any wrap`
        : wrapWidth < 40 && share >= 0.3
          ? `lines of about ${wrapWidth} columns are too short to be wrapped text`
          : `${inner.length - wrapped} of ${inner.length} lines followed by another end a sentence or stop short of the width`;
    reason = `layout line-per-paragraph: ${why}`;
  }

  // Indentation marks paragraphs in wrapped text when some text lines are indented and most are not.
  const indented = text.filter((l) => l.indent >= 2).length;
  const indentMarks = indented > 0 && indented <= 0.6 * text.length;
  const startsParagraph = (l: BodyLine) => indentMarks && l.indent >= 2;
  // Most lines indented as first lines: an unindented line that goes on with the sentence (lower case, or CJK after CJK)
  // of a line that stops mid-sentence carries it on.
  const indentFirst = indented >= 0.5 * text.length;
  const carriesOn = (l: BodyLine, before: BodyLine) =>
    indentFirst && l.indent < 2 && !ENDS_LINE.test(before.folded) && (/^\p{Ll}/u.test(l.folded) || (isCjk(before.folded.at(-1)) && isCjk(l.folded[0])));
  const shortLine = (l: BodyLine) => ENDS_SENTENCE.test(l.folded) && l.width < 0.7 * wrapWidth;

  const paragraphs: Body['paragraphs'] = [];
  const sections = new Sections();
  let section: string | null = null;
  let open: { start: number; end: number; first: BodyLine; cuts: Span[] } | null = null;
  const close = () => {
    if (open) paragraphs.push({ span: trimSpan(file.text, open), section, ...(open.cuts.length ? { cuts: open.cuts } : {}) });
    open = null;
  };
  let previous: BodyLine | null = null;
  // Page furniture inside a sentence: the paragraph goes on after it, across the blank lines around it.
  let bridging = false;
  const beforeFurniture = new Set<BodyLine>();
  for (let k = body.length - 1, next: BodyLine | null = null; k >= 0; k--) {
    const l = body[k]!;
    if (l.kind === 'blank' && next?.kind === 'furniture') beforeFurniture.add(l);
    if (l.kind !== 'blank') next = l;
  }
  for (const l of body) {
    // The blank lines before furniture: whether the paragraph goes on is the furniture's to say.
    if (beforeFurniture.has(l)) continue;
    if (l.kind === 'furniture') {
      if (open && previous?.kind === 'text' && !ENDS_LINE.test(previous.folded)) bridging = true;
      if (bridging) open!.cuts.push(trimSpan(file.text, l));
      else close();
      continue;
    }
    if (l.kind === 'blank') {
      // A blank line ends a paragraph, except after a Q&A label, whose text comes next, or inside a page break.
      if (previous?.kind === 'label' || bridging) continue;
      // In one-paragraph-per-line text a blank line changes nothing (they stand around headings).
      if (layout !== 'line-per-paragraph') {
        close();
        previous = l;
      }
      continue;
    }
    if (l.kind === 'heading') {
      close();
      section = sections.enter(l.style!, l.folded);
    } else if (l.kind === 'separator') {
      close();
      file.message('segment/separator-skipped', 'segment', `${JSON.stringify(l.folded)} only separates paragraphs; it is no paragraph`, file.place(l.start));
    } else {
      // Across furniture only a line that goes on with the sentence joins (lower case, CJK, or after a hyphen).
      const goesOn = previous?.kind === 'text' && (/^[\p{Ll}\p{Script=Han}]/u.test(l.folded) || previous.folded.endsWith('-'));
      const joins =
        open !== null &&
        ((bridging && goesOn && !startsParagraph(l)) ||
          previous?.kind === 'label' ||
          (layout === 'hard-wrapped' && previous?.kind === 'text' && !startsParagraph(l) && !shortLine(previous) && !(closesParagraph(previous) && open.first === previous)) ||
          (layout === 'line-per-paragraph' && previous?.kind === 'text' && carriesOn(l, previous)) ||
          (layout === 'blank-line' && previous?.kind !== 'blank'));
      if (!joins) close();
      if (open) open.end = l.end;
      else open = { start: l.start, end: l.end, first: l, cuts: [] };
    }
    bridging = false;
    previous = l;
  }
  close();
  return { paragraphs, layout, confidence, reason };
}
