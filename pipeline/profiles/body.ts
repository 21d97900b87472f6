/**
 * The paragraph structure of a plain-text body, detected from its lines.
 *
 * Lines are first told apart alone (lines.ts): headings, separators, Q&A
 * labels, text. Then the text lines inside runs of non-blank lines decide the
 * layout: when most of them end a sentence, each line is a paragraph
 * (line-per-paragraph); when most end mid-sentence and none is long, the
 * lines are wrapped (hard-wrapped) and joined, with a paragraph break at a
 * blank line, before an indented first line, or after a short line that ends
 * a sentence. No run longer than one line: blank-line. One long line holding
 * several sentences: single-line, which cannot be split honestly.
 */
import type { Confidence, Layout, Span, SourceFile } from '../file.js';
import { foldWhitespace } from '../normalise/index.js';
import { trimSpan, type Line } from './layout.js';
import { columns, ENDS_SENTENCE, isHeading, QA_LABEL, SEPARATOR } from './lines.js';

type Kind = 'blank' | 'heading' | 'separator' | 'label' | 'text';

interface BodyLine extends Line {
  folded: string;
  kind: Kind;
  /** Leading white space in columns (a tab is four, an ideographic space two). */
  indent: number;
  width: number;
}

export interface Body {
  paragraphs: { span: Span; section: string | null }[];
  layout: Layout;
  confidence: Confidence;
  reason: string;
}

/** Ends a sentence for layout purposes: also a colon or semicolon, which end a paragraph line as often as a full stop. */
const ENDS_LINE = /[.!?。！？…:：;；][)"'”’）」』\]]*$/u;

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
  const folded = foldWhitespace(raw);
  const kind: Kind = line.blank ? 'blank' : SEPARATOR.test(folded) ? 'separator' : QA_LABEL.test(folded) ? 'label' : isHeading(folded) ? 'heading' : 'text';
  return { ...line, folded, kind, indent: indentOf(raw), width: columns(folded) };
}

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

export function readBody(file: SourceFile, lines: readonly Line[]): Body {
  const body = lines.map((l) => classify(file, l));
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
  const inner = runs.flatMap((r) => r.slice(0, -1)).filter((l) => l.kind === 'text');
  const wrapWidth = quantile(inner.map((l) => l.width), 0.9);
  // A wrapped line breaks mid-sentence near the wrap width; a line-per-paragraph text has almost none.
  const wrapped = inner.filter((l) => !ENDS_LINE.test(l.folded) && l.width >= 0.6 * wrapWidth).length;
  const share = inner.length ? wrapped / inner.length : 0;

  let layout: Layout;
  let confidence: Confidence;
  let reason: string;
  const sentences = (s: string) => s.match(/[.!?。！？](?=[\s"'”’)）]|$)/gu)?.length ?? 0;
  if (text.length === 1 && body.filter((l) => l.kind !== 'blank').length === 1 && sentences(text[0]!.folded) >= 3) {
    layout = 'single-line';
    confidence = 'low';
    reason = `layout single-line: the body is one line of ${sentences(text[0]!.folded)} sentences`;
    file.message('layout/single-line', 'segment', `The body is one line of ${text[0]!.width} columns and ${sentences(text[0]!.folded)} sentences; it is kept as one paragraph`, file.place(text[0]!.start));
  } else if (inner.length === 0) {
    layout = 'blank-line';
    confidence = 'high';
    reason = `layout blank-line: all ${text.length} text lines stand between blank lines or headings`;
  } else if (share >= 0.3 && wrapWidth <= 120) {
    layout = 'hard-wrapped';
    confidence = inner.length >= 4 && share >= 0.5 ? 'high' : 'medium';
    reason = `layout hard-wrapped: ${wrapped} of ${inner.length} lines followed by another break mid-sentence near the wrap width of about ${wrapWidth} columns`;
  } else {
    layout = 'line-per-paragraph';
    confidence = inner.length >= 4 && share <= 0.1 ? 'high' : 'medium';
    reason = `layout line-per-paragraph: ${inner.length - wrapped} of ${inner.length} lines followed by another end a sentence or stop short of the width${wrapWidth > 120 ? ` (lines up to ${quantile(inner.map((l) => l.width), 1)} columns)` : ''}`;
  }

  // Indentation marks paragraphs in wrapped text when some text lines are indented and most are not.
  const indented = text.filter((l) => l.indent >= 2).length;
  const indentMarks = indented > 0 && indented <= 0.6 * text.length;
  const startsParagraph = (l: BodyLine) => indentMarks && l.indent >= 2;
  const shortLine = (l: BodyLine) => ENDS_SENTENCE.test(l.folded) && l.width < 0.7 * wrapWidth;

  const paragraphs: Body['paragraphs'] = [];
  let section: string | null = null;
  let open: { start: number; end: number } | null = null;
  const close = () => {
    if (open) paragraphs.push({ span: trimSpan(file.text, open), section });
    open = null;
  };
  let previous: BodyLine | null = null;
  for (const l of body) {
    if (l.kind === 'blank') {
      if (layout !== 'line-per-paragraph' || previous?.kind !== 'label') close();
    } else if (l.kind === 'heading') {
      close();
      section = l.folded;
    } else if (l.kind === 'separator') {
      close();
      file.message('segment/separator-skipped', 'segment', `${JSON.stringify(l.folded)} only separates paragraphs; it is no paragraph`, file.place(l.start));
    } else {
      const joins =
        open !== null &&
        (previous?.kind === 'label' ||
          (layout === 'hard-wrapped' && previous?.kind === 'text' && !startsParagraph(l) && !shortLine(previous)) ||
          (layout === 'blank-line' && previous?.kind !== 'blank'));
      if (!joins) close();
      open = open ? { start: open.start, end: l.end } : { start: l.start, end: l.end };
    }
    if (l.kind !== 'blank' || layout !== 'line-per-paragraph') previous = l;
  }
  close();
  return { paragraphs, layout, confidence, reason };
}
