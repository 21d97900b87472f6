/**
 * normalise: clean text for every paragraph, note and metadata field, with
 * each non-whitespace edit recorded; notes are anchored to the title or to
 * the paragraph whose marker was stripped.
 */
import { hyphenEvidence, normaliseBase, normaliseFinish } from '../normalise/index.js';
import type { FileStage } from '../stage.js';
import { readDate } from '../text/dates.js';

const clean = (value: string | null) => (value === null ? null : normaliseBase(value).text || null);

export const normalise: FileStage = {
  name: 'normalise',
  scope: 'file',
  run(file) {
    const seg = file.segmented!;
    const slice = (span: { start: number; end: number }) => file.text.slice(span.start, span.end);
    const markers = seg.notes.map((n) => n.marker);

    const paragraphs = seg.paragraphs.map((p) => ({ ...normaliseBase(slice(p.span), markers), span: p.span, section: clean(p.section) }));
    const notes = seg.notes.map((n) => ({ ...normaliseBase(slice(n.span)), span: n.span, marker: n.marker }));
    const title = clean(seg.title);
    const evidence = hyphenEvidence([title ?? '', ...paragraphs.map((p) => p.text), ...notes.map((n) => n.text)]);

    const finishedParagraphs = paragraphs
      .map((p) => ({ ...p, ...normaliseFinish(p, evidence) }))
      // A block of invisible characters only leaves no text: it is no paragraph.
      .filter((p) => p.text.length > 0);
    const finishedNotes = notes.map((n) => {
      const anchorIndex = seg.titleMarkers.includes(n.marker)
        ? ('title' as const)
        : finishedParagraphs.findIndex((p) => p.edits.some((e) => e.rule === 'strip-note-marker' && e.from === n.marker));
      if (anchorIndex === -1) {
        file.message('notes/marker-not-found', 'normalise', `Note marker ${JSON.stringify(n.marker)} occurs neither after the title nor in a paragraph`, file.place(n.span.start));
      }
      return { ...n, ...normaliseFinish(n, evidence), anchor: anchorIndex === -1 ? null : anchorIndex };
    });

    const dateText = clean(seg.dateText);
    file.normalised = {
      title: title === null ? null : normaliseFinish({ text: title, edits: [] }, evidence).text,
      speaker: clean(seg.speaker),
      collection: clean(seg.collection),
      volume: seg.volume,
      dateText,
      date: dateText === null ? null : readDate(dateText).iso,
      sourceUpdated: seg.sourceUpdated,
      rightsStatement: clean(seg.rightsStatement),
      copyrightNotice: clean(seg.copyrightNotice),
      copyrightHolder: clean(seg.copyrightHolder),
      publisher: clean(seg.publisher),
      paragraphs: finishedParagraphs,
      notes: finishedNotes,
    };
  },
};
