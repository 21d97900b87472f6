import type { ProfileName } from '../../schemas/source.js';
import type { Confidence, Layout, Segmented, SourceFile } from '../file.js';
import type { Line } from './layout.js';

/** Why a profile reads a file: declared in source.json, or what detection saw. */
export interface Detection {
  confidence: Confidence;
  reason: string;
}

export interface Profile {
  name: ProfileName;
  /** One sentence for docs and `--help`. */
  description: string;
  /**
   * Whether the file has this profile's layout, and the evidence, or null.
   * Asked in the registry's order when source.json says "auto"; the fallback
   * profile (plain) always answers.
   */
  detect(file: SourceFile, lines: readonly Line[]): Detection | null;
  /**
   * Finds the parts of a file. Returns null after adding an error message
   * when the file does not have the profile's layout.
   */
  segment(file: SourceFile, lines: readonly Line[], detection: Detection): Segmented | null;
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
/** The lower of two confidences: a sure profile with an unsure layout is unsure. */
export const leastSure = (a: Confidence, b: Confidence): Confidence => (RANK[a] <= RANK[b] ? a : b);

export function emptySegmented(profile: ProfileName, detection: Detection, layout: Layout = 'blank-line'): Segmented {
  return {
    profile,
    layout,
    confidence: detection.confidence,
    reason: detection.reason,
    syntax: null,
    title: null,
    titleMarkers: [],
    speaker: null,
    collection: null,
    volume: null,
    dateText: null,
    occasion: null,
    sourceUpdated: null,
    rightsStatement: null,
    copyrightNotice: null,
    copyrightHolder: null,
    publisher: null,
    paragraphs: [],
    notes: [],
  };
}
