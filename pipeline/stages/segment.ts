/** segment: the file's layout profile finds the title and other metadata, and the spans of paragraphs and notes. */
import { profiles } from '../profiles/index.js';
import { linesOf } from '../profiles/layout.js';
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
    const profile = profiles[file.source.profile];
    const segmented = profile.segment(file, lines);
    if (!segmented) return;
    if (segmented.paragraphs.length === 0) {
      file.message('segment/no-paragraphs', 'segment', `The ${profile.name} profile found no body paragraph`, file.place(file.text.length));
      return;
    }
    file.segmented = segmented;
  },
};
