/**
 * segment: the file's layout profile (declared in source.json, or the first
 * that recognises the file when it says "auto") finds the title and other
 * metadata, and the spans of paragraphs and notes, and says how sure it is.
 */
import { detectionOrder, profiles } from '../profiles/index.js';
import { linesOf } from '../profiles/layout.js';
import type { Detection, Profile } from '../profiles/profile.js';
import type { FileStage } from '../stage.js';

export const segment: FileStage = {
  name: 'segment',
  scope: 'file',
  run(file) {
    const lines = linesOf(file.text);
    if (lines.every((l) => l.blank)) {
      file.message('segment/no-text', 'segment', 'The file holds only white space', { line: 1, column: 1, byte_offset: 0 });
      return;
    }
    let profile: Profile;
    let detection: Detection;
    if (file.source.profile === 'auto') {
      const found = detectionOrder.map((p) => ({ p, d: p.detect(file, lines) })).find((x) => x.d !== null)!;
      profile = found.p;
      detection = found.d!;
    } else {
      profile = profiles[file.source.profile];
      detection = { confidence: 'high', reason: `declared in source.json ("profile": "${profile.name}")` };
    }
    const segmented = profile.segment(file, lines, detection);
    if (!segmented) return;
    if (segmented.paragraphs.length === 0) {
      file.message('segment/no-paragraphs', 'segment', `The ${profile.name} profile found no body paragraph`, file.place(file.text.length));
      return;
    }
    if (segmented.confidence === 'low') {
      file.message('layout/uncertain', 'segment', `The ${profile.name} profile is unsure of this file's layout (${segmented.reason}); check its paragraphs`, { line: 1, column: 1, byte_offset: file.byteOffset(0) });
    }
    file.segmented = segmented;
  },
};
