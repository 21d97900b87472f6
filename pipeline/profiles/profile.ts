import type { ProfileName } from '../../schemas/source.js';
import type { Segmented, SourceFile } from '../file.js';
import type { Line } from './layout.js';

export interface Profile {
  name: ProfileName;
  /** One sentence for docs and `--help`. */
  description: string;
  /**
   * Finds the parts of a file. Returns null after adding an error message
   * when the file does not have the profile's layout.
   */
  segment(file: SourceFile, lines: readonly Line[]): Segmented | null;
}

export function emptySegmented(): Segmented {
  return {
    title: null,
    titleMarkers: [],
    speaker: null,
    collection: null,
    volume: null,
    dateText: null,
    sourceUpdated: null,
    rightsStatement: null,
    copyrightNotice: null,
    copyrightHolder: null,
    publisher: null,
    paragraphs: [],
    notes: [],
  };
}
