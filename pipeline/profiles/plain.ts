/**
 * plain: any text without markup. The header, the notes and a copyright footer
 * are read when present (header.ts, notes.ts), and what surrounds a text
 * without being part of it is left out (furniture.ts); the paragraph structure of the
 * body is detected per file (body.ts): blank-line separated, one paragraph per
 * line, hard-wrapped, or one single line. The fallback for every file "auto"
 * cannot place, and the profile to declare for such a corpus.
 */
import type { Profile } from './profile.js';
import { emptySegmented, leastSure } from './profile.js';
import { foldedText, FOOTER, type Line, RIGHTS } from './layout.js';
import { readHeader, trailingOccasion } from './header.js';
import { trailingNotes } from './notes.js';
import { readBody } from './body.js';
import { datelineDate, endMark, isCredit, pageFurniture } from './furniture.js';
import { foldWhitespace } from '../normalise/index.js';
import { findDate } from '../text/dates.js';

export const plain: Profile = {
  name: 'plain',
  description: 'Any text: an optional header (title, date, speaker, tag or label lines), paragraphs by blank lines, one per line or hard-wrapped, headings, notes at the end.',
  detect: () => ({ confidence: 'high', reason: 'auto: no YAML front matter, Markdown headings or NPC collection line, so plain text' }),
  segment(file, lines, detection) {
    const text = file.text;
    const out = emptySegmented('plain', detection);
    const header = readHeader(file, lines, out);

    // From the end: a copyright footer, then a rights statement, each a line or a block of lines.
    let end = lines.length;
    const lastBlock = (): { first: number; text: string } | null => {
      let last = end - 1;
      while (last >= header.bodyStart && lines[last]!.blank) last--;
      if (last < header.bodyStart) return null;
      let first = last;
      while (first > header.bodyStart && !lines[first - 1]!.blank) first--;
      const lineText = foldedText(text, lines[last]!);
      const blockText = foldWhitespace(text.slice(lines[first]!.start, lines[last]!.end));
      // One line when the block holds more (one paragraph per line); else the whole block.
      return FOOTER.test(lineText) || RIGHTS.test(lineText) ? { first: last, text: lineText } : { first, text: blockText };
    };
    const footerBlock = lastBlock();
    const footer = footerBlock?.text.match(FOOTER);
    if (footerBlock && footer?.groups) {
      out.copyrightNotice = footer.groups.notice!;
      out.copyrightHolder = footer.groups.holder!;
      out.publisher ??= footer.groups.publisher ?? null;
      end = footerBlock.first;
      const rightsBlock = lastBlock();
      const rights = rightsBlock?.text.match(RIGHTS);
      if (rightsBlock && rights?.groups) {
        out.rightsStatement = rights.groups.statement!;
        end = rightsBlock.first;
      }
    }

    // An end mark ("###", "-30-"): what follows (a contact block) is not text. Then an editor's credit line.
    const mark = endMark(file, lines, header.bodyStart, end);
    if (mark >= 0) {
      const left = lines.slice(mark + 1, end).filter((l) => !l.blank).length;
      file.message('segment/furniture-skipped', 'segment', `The end mark ${JSON.stringify(foldedText(text, lines[mark]!))} closes the text; it and the ${left} lines after it are left out`, file.place(lines[mark]!.start));
      end = mark;
    }
    for (let last = end - 1; last >= header.bodyStart; last--) {
      if (lines[last]!.blank) continue;
      const s = foldedText(text, lines[last]!);
      if (!isCredit(s)) break;
      file.message('segment/furniture-skipped', 'segment', `${JSON.stringify(s)} credits the page's staff; it is left out of the text`, file.place(lines[last]!.start));
      end = last;
    }

    const notes = trailingNotes(file, lines, header.bodyStart, end, out.titleMarkers);
    out.notes = notes.notes;
    let bodyEnd = notes.bodyEnd;
    const closing = out.occasion === null ? trailingOccasion(file, lines, header.bodyStart, bodyEnd) : null;
    if (closing) {
      out.occasion = closing.text;
      bodyEnd = closing.start;
    }
    const furniture = pageFurniture(file, lines, header.bodyStart, bodyEnd);
    const body = readBody(file, lines.slice(header.bodyStart, bodyEnd) as Line[], furniture);
    out.paragraphs = body.paragraphs;
    // No date so far: a title that opens with one ("2023年3月1日外交部发言人…例行记者会") gives it.
    const titled = out.dateText === null && out.title !== null ? findDate(out.title) : null;
    if (titled && out.title!.startsWith(titled.text)) out.dateText = titled.text;
    // Or a dateline that opens the first paragraph ("RIVERSIDE, March 3, 2022 — …"); the text keeps it.
    const first = body.paragraphs[0];
    if (out.dateText === null && first) out.dateText = datelineDate(foldWhitespace(text.slice(first.span.start, first.span.end)));
    out.layout = body.layout;
    out.confidence = leastSure(detection.confidence, body.confidence);
    out.reason = [detection.reason, header.kind ? `header: ${header.kind}` : 'no header', body.reason, notes.notes.length ? `${notes.notes.length} notes at the end` : null]
      .filter((x) => x !== null)
      .join('; ');
    return out;
  },
};
