/**
 * npc-governance-page: a page of "Xi Jinping: The Governance of China" saved
 * from the English site of the National People's Congress. Line by line:
 *
 *   title
 *   <Speaker>: <Collection> Updated: YYYY-MM-DD
 *   title again, with "*" when a note is attached to it
 *   delivery date ("April 6, 2017")
 *   body paragraphs, separated by blank lines
 *   notes ("* …")
 *   (rights statement)
 *   Copyright © <holder>. All Rights Reserved. Presented by <publisher>.
 *
 * The header is read line by line (blank lines between its lines are
 * optional); the rest as paragraphs, so a wrapped footer or rights statement is
 * still recognised. The title, the collection line and one body paragraph are
 * required; everything else is read when present, and a missing part is a warning.
 */
import type { Span } from '../file.js';
import { foldWhitespace, normaliseBase } from '../normalise/index.js';
import { readDate } from '../text/dates.js';
import { blocksOf, foldedText, FOOTER, type Line, NOTE_START, RIGHTS, TRAILING_MARKER, trimSpan } from './layout.js';
import { emptySegmented, type Profile } from './profile.js';

const COLLECTION_LINE = /^(?<speaker>[^:]{1,100}):\s+(?<collection>.+?)\s+Updated:\s*(?<updated>\S+)$/u;
const ROMAN_VOLUME = /\s([IVX]{1,5})$/;
/** A paragraph of markers only ("***", "* * *"): a separator, not text. */
const SEPARATOR = /^[*\s\p{Zs}]+$/u;

/** Titles compared as normalised letters and digits, so case, punctuation and invisible characters do not matter. */
const titleKey = (s: string) => normaliseBase(s).text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function romanToInt(roman: string): number {
  const value: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const v = value[roman[i]!]!;
    const next = value[roman[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

export const npcGovernancePage: Profile = {
  name: 'npc-governance-page',
  description: 'A page of "Xi Jinping: The Governance of China" as saved from the English site of the National People\'s Congress.',
  detect(file, lines) {
    const content = lines.filter((l) => !l.blank);
    const second = content[1];
    if (!second || !COLLECTION_LINE.test(foldedText(file.text, second))) return null;
    return { confidence: 'high', reason: `auto: line ${second.index + 1} is an NPC collection line ("<Speaker>: <Collection> Updated: …")` };
  },
  segment(file, lines, detection) {
    const text = file.text;
    const out = emptySegmented('npc-governance-page', detection);
    const content = lines.filter((l) => !l.blank);
    const lineText = (l: Line) => foldedText(text, l);
    const at = (l: Line) => {
      const { start } = trimSpan(text, l);
      return file.place(start);
    };

    // Header: title, then the collection line.
    const [titleLine, collectionLine] = content;
    if (!titleLine) return null;
    const collection = collectionLine ? lineText(collectionLine).match(COLLECTION_LINE) : null;
    if (!collectionLine || !collection?.groups) {
      const where = collectionLine ?? titleLine;
      file.message(
        'npc/collection-line-missing',
        'segment',
        `Expected "<Speaker>: <Collection> Updated: YYYY-MM-DD" on the second non-blank line, found ${JSON.stringify(collectionLine ? lineText(collectionLine).slice(0, 80) : '(end of file)')}`,
        at(where),
      );
      return null;
    }
    const titleMarker = lineText(titleLine).match(TRAILING_MARKER);
    out.title = titleMarker ? lineText(titleLine).slice(0, titleMarker.index).trimEnd() : lineText(titleLine);
    if (titleMarker) out.titleMarkers.push(titleMarker[1]!);
    out.speaker = collection.groups.speaker!.trim();
    out.collection = collection.groups.collection!;
    const volume = out.collection.match(ROMAN_VOLUME);
    out.volume = volume ? romanToInt(volume[1]!) : null;
    const updated = readDate(collection.groups.updated!);
    out.sourceUpdated = updated.iso;
    if (!updated.iso) {
      file.message('date/unparsed', 'segment', `"Updated: ${collection.groups.updated}" is not a date`, at(collectionLine));
    }

    let next = 2;
    const isDate = (line: Line | undefined) => line !== undefined && readDate(lineText(line)).dateLike;
    // The title again, perhaps with note markers: the same title (compared as normalised text), or any line with a marker right before the date.
    const repeat = content[next];
    if (repeat) {
      const folded = lineText(repeat);
      const marker = folded.match(TRAILING_MARKER);
      const bare = marker ? folded.slice(0, marker.index).trimEnd() : folded;
      const same = titleKey(bare) === titleKey(out.title);
      if (same || (marker && isDate(content[next + 1]))) {
        if (!same) {
          file.message('npc/title-mismatch', 'segment', `The repeated title ${JSON.stringify(bare)} differs from the first line ${JSON.stringify(out.title)}`, at(repeat));
        }
        if (marker && !out.titleMarkers.includes(marker[1]!)) out.titleMarkers.push(marker[1]!);
        next++;
      }
    }

    // The delivery date.
    const dateLine = content[next];
    if (dateLine) {
      const folded = lineText(dateLine);
      const date = readDate(folded);
      if (date.dateLike) {
        out.dateText = folded;
        if (!date.iso) file.message('date/unparsed', 'segment', `${JSON.stringify(folded)} is not a calendar date`, at(dateLine));
        next++;
      } else {
        file.message('npc/date-missing', 'segment', `Expected the delivery date (e.g. "April 6, 2017") after the title, found ${JSON.stringify(folded.slice(0, 80))}; it is read as body text`, at(dateLine));
      }
    }

    // The rest, as blocks (runs of non-blank lines). From the end: the copyright footer, the rights statement, the notes.
    const blocks = blocksOf(text, lines.slice(content[next]?.index ?? lines.length));
    const blockText = (b: Span) => foldWhitespace(text.slice(b.start, b.end));
    let end = blocks.length;
    const footer = end > 0 ? blockText(blocks[end - 1]!).match(FOOTER) : null;
    if (footer?.groups) {
      out.copyrightNotice = footer.groups.notice!;
      out.copyrightHolder = footer.groups.holder!;
      out.publisher = footer.groups.publisher ?? null;
      end--;
    } else {
      file.message('npc/footer-missing', 'segment', 'No "Copyright © … All Rights Reserved." paragraph at the end of the page; the last paragraph is read as body text', file.place(blocks[end - 1]?.start ?? text.length));
    }
    const rights = end > 0 ? blockText(blocks[end - 1]!).match(RIGHTS) : null;
    if (rights?.groups) {
      out.rightsStatement = rights.groups.statement!;
      end--;
    }
    const isNote = (b: Span) => NOTE_START.test(text.slice(b.start, b.end));
    const isSeparator = (b: Span) => SEPARATOR.test(text.slice(b.start, b.end));
    let firstNote = end;
    while (firstNote > 0 && (isNote(blocks[firstNote - 1]!) || isSeparator(blocks[firstNote - 1]!))) firstNote--;

    for (const block of blocks.slice(0, firstNote)) {
      const span = { start: block.start, end: block.end };
      if (isSeparator(block)) {
        file.message('segment/separator-skipped', 'segment', `${JSON.stringify(text.slice(block.start, block.end))} only separates paragraphs; it is no paragraph`, file.place(block.start));
        continue;
      }
      if (isNote(block)) {
        file.message('npc/note-like-paragraph', 'segment', 'This paragraph starts like a note, but body text follows it, so it is read as a body paragraph', file.place(block.start));
      }
      out.paragraphs.push({ span, section: null });
    }
    for (const block of blocks.slice(firstNote, end)) {
      if (isSeparator(block)) continue;
      const m = text.slice(block.start, block.end).match(NOTE_START)!;
      out.notes.push({ marker: m[1]!, span: trimSpan(text, { start: block.start + m[0].length, end: block.end }) });
    }
    return out;
  },
};
