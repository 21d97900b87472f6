/** A row of rejected.jsonl: one per error that kept a source file out of the dataset. */
import * as z from 'zod';

export const Rejection = z.strictObject({
  source_path: z.string().describe('POSIX path of the rejected raw file.'),
  source_sha256: z.string().nullable().describe('SHA-256 of the raw file, when it could be read.'),
  stage: z.string().describe('The stage that rejected it.'),
  rule: z.string().describe('Stable rule id (see docs/messages.md).'),
  message: z.string(),
  hint: z.string().describe('What to do about it.'),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  byte_offset: z.number().int().nullable(),
});
export type Rejection = z.infer<typeof Rejection>;
