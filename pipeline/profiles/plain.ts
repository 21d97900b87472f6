/** plain: no header; every run of non-blank lines is a paragraph. The fallback for any text. */
import type { Profile } from './profile.js';
import { emptySegmented } from './profile.js';
import { blocksOf } from './layout.js';

export const plain: Profile = {
  name: 'plain',
  description: 'No header; paragraphs are separated by blank lines.',
  segment(file, lines) {
    const out = emptySegmented();
    out.paragraphs = blocksOf(file.text, lines).map(({ start, end }) => ({ span: { start, end }, section: null }));
    return out;
  },
};
