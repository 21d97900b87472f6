import * as z from 'zod';

/** Normalisation rules whose edits are recorded (whitespace folding is not). */
export const EDIT_RULES = [
  'page-furniture',
  'line-hyphen-join',
  'line-hyphen-keep',
  'markdown-syntax',
  'remove-zero-width',
  'remove-soft-hyphen',
  'strip-note-marker',
  'nfc',
  'rejoin-hyphen',
] as const;
export type EditRule = (typeof EDIT_RULES)[number];

/**
 * One recorded change to a text. Edits are applied in list order to the
 * whitespace-folded source text; `at` is the offset, in Unicode code points,
 * where `from` stood before the edit and `to` stands after it.
 */
export const Edit = z.strictObject({
  rule: z.enum(EDIT_RULES),
  from: z.string(),
  to: z.string(),
  at: z.number().int().min(0),
});
export type Edit = z.infer<typeof Edit>;

export const Edits = z.array(Edit);
