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
 * Blank lines between header lines are optional. The title, the collection
 * line and one body paragraph are required; everything else is read when present.
 */
import { foldWhitespace } from '../normalise/index.js';
import { readDate } from '../text/dates.js';
import { blocksOf, NOTE_START, TRAILING_MARKER, trimSpan, type Line } from './layout.js';
import { emptySegmented, type Profile } from './profile.js';

const COLLECTION_LINE = /^(?<speaker>[^:]{1,100}):\s+(?<collection>.+?)\s+Updated:\s*(?<updated>\S+)$/u;
const ROMAN_VOLUME = /\s([IVX]{1,5})$/;
const RIGHTS_LINE = /^\((?<statement>.+)\)$/u;
const FOOTER = /^(?<notice>Copyright\s*(?:©|\(c\))\s*(?<holder>.+?)\.?\s+All Rights Reserved\.?)(?:\s+Presented by\s+(?<publisher>.+?)\.?)?$/iu;

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
  segment(file, lines) {
    const text = file.text;
    const out = emptySegmented();
    const content = lines.filter((l) => !l.blank);
    const lineText = (l: Line) => foldWhitespace(text.slice(l.start, l.end));
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
    out.title = lineText(titleLine);
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
    // The title again, perhaps with note markers.
    const repeat = content[next];
    if (repeat) {
      const folded = lineText(repeat);
      const marker = folded.match(TRAILING_MARKER);
      const bare = marker ? folded.slice(0, marker.index).trimEnd() : folded;
      if (bare === out.title || marker) {
        if (bare !== out.title) {
          file.message('npc/title-mismatch', 'segment', `The repeated title ${JSON.stringify(bare)} differs from the first line ${JSON.stringify(out.title)}`, at(repeat));
        }
        if (marker) out.titleMarkers.push(marker[1]!);
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
        file.message('npc/date-missing', 'segment', `Expected the delivery date (e.g. "April 6, 2017") after the title, found ${JSON.stringify(folded.slice(0, 80))}`, at(dateLine));
      }
    }

    // From the end: the copyright footer and the rights statement.
    let end = content.length;
    const footer = content[end - 1] && end > next ? lineText(content[end - 1]!).match(FOOTER) : null;
    if (footer?.groups) {
      out.copyrightNotice = footer.groups.notice!;
      out.copyrightHolder = footer.groups.holder!;
      out.publisher = footer.groups.publisher ?? null;
      end--;
    } else {
      const last = content[end - 1]!;
      file.message('npc/footer-missing', 'segment', 'No "Copyright © … All Rights Reserved." line at the end of the page', at(last));
    }
    const rights = end > next ? lineText(content[end - 1]!).match(RIGHTS_LINE) : null;
    if (rights?.groups) {
      out.rightsStatement = rights.groups.statement!;
      end--;
    }

    // Body and notes: blocks between the header and the footer; trailing blocks that start with a marker are notes.
    const bodyStart = content[next]?.index ?? lines.length;
    const bodyEnd = end > next ? content[end - 1]!.index + 1 : bodyStart;
    const blocks = blocksOf(text, lines.slice(bodyStart, Math.max(bodyStart, bodyEnd)));
    let firstNote = blocks.length;
    while (firstNote > 0 && NOTE_START.test(text.slice(blocks[firstNote - 1]!.start, blocks[firstNote - 1]!.end))) firstNote--;
    for (const block of blocks.slice(0, firstNote)) out.paragraphs.push({ span: { start: block.start, end: block.end }, section: null });
    for (const block of blocks.slice(firstNote)) {
      const m = text.slice(block.start, block.end).match(NOTE_START)!;
      out.notes.push({ marker: m[1]!, span: trimSpan(text, { start: block.start + m[0].length, end: block.end }) });
    }
    return out;
  },
};
