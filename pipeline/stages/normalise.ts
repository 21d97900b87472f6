/**
 * normalise: clean text for every paragraph, note and metadata field, with
 * each non-whitespace edit recorded; notes are anchored to the title or to
 * the paragraph whose marker was stripped.
 */
import { foldWhitespace, hyphenEvidence, normaliseBase, normaliseFinish, wordSet, type NormaliseOptions } from '../normalise/index.js';
import type { FileStage } from '../stage.js';
import { findDate, readDate } from '../text/dates.js';
import { isOccasionStart } from '../profiles/lines.js';

const LINE_END_HYPHEN = /-[^\S\n]*\n/;

export const normalise: FileStage = {
  name: 'normalise',
  scope: 'file',
  run(file) {
    const seg = file.segmented!;
    const markdown = seg.syntax === 'markdown';
    const clean = (value: string | null) => (value === null ? null : normaliseBase(value, { markdown }).text || null);
    const slice = (span: { start: number; end: number }) => file.text.slice(span.start, span.end);
    const markers = seg.notes.map((n) => n.marker);
    // The words of the whole document: a word broken at a line end is joined only when it occurs whole.
    // Collected only when some paragraph or note has a hyphen at a line end.
    const spans = [...seg.paragraphs, ...seg.notes].map((p) => slice(p.span));
    const words = spans.some((s) => LINE_END_HYPHEN.test(s)) ? wordSet([seg.title ?? '', ...spans.map(foldWhitespace)]) : undefined;
    const options: NormaliseOptions = { markers, words, markdown };

    const paragraphs = seg.paragraphs.map((p) => {
      const cuts = p.cuts?.map((c) => ({ start: c.start - p.span.start, end: c.end - p.span.start }));
      return { ...normaliseBase(slice(p.span), cuts ? { ...options, cuts } : options), span: p.span, section: clean(p.section) };
    });
    const notes = seg.notes.map((n) => ({ ...normaliseBase(slice(n.span), { words, markdown }), span: n.span, marker: n.marker }));
    const title = clean(seg.title);
    const evidence = hyphenEvidence([title ?? '', ...paragraphs.map((p) => p.text), ...notes.map((n) => n.text)]);

    const finishedParagraphs = paragraphs
      .map((p) => ({ ...p, ...normaliseFinish(p, evidence) }))
      // A block of invisible characters only leaves no text: it is no paragraph.
      .filter((p) => p.text.length > 0);
    // The k-th note with a marker belongs to the k-th place that marker occurs: after the title, then in reading order.
    const places = new Map<string, ('title' | number)[]>();
    const placesOf = (marker: string) => places.get(marker) ?? places.set(marker, []).get(marker)!;
    for (const marker of seg.titleMarkers) placesOf(marker).push('title');
    finishedParagraphs.forEach((p, i) => {
      for (const e of p.edits) if (e.rule === 'strip-note-marker') placesOf(e.from.trimStart()).push(i);
    });
    const finishedNotes = notes.map((n) => {
      const anchor = placesOf(n.marker).shift() ?? null;
      if (anchor === null) {
        file.message('notes/marker-not-found', 'normalise', `Note marker ${JSON.stringify(n.marker)} occurs neither after the title nor in a paragraph (or fewer times than there are notes with it)`, file.place(n.span.start));
      }
      return { ...n, ...normaliseFinish(n, evidence), anchor };
    });

    // A note on the title may be the occasion ("* This is part of the speech at … on March 23, 2013."),
    // and an occasion that names a date gives the delivery date when nothing else does.
    const titleNote = finishedNotes.find((n) => n.anchor === 'title');
    const occasion = clean(seg.occasion) ?? (titleNote && isOccasionStart(titleNote.text) ? titleNote.text : null);
    const dateText = clean(seg.dateText) ?? (occasion === null ? null : findDate(occasion)?.text ?? null);
    file.normalised = {
      profile: seg.profile,
      layout: seg.layout,
      confidence: seg.confidence,
      reason: seg.reason,
      syntax: seg.syntax,
      title: title === null ? null : normaliseFinish({ text: title, edits: [] }, evidence).text,
      speaker: clean(seg.speaker),
      collection: clean(seg.collection),
      volume: seg.volume,
      dateText,
      date: dateText === null ? null : readDate(dateText).iso,
      occasion,
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
