/** `sources/<folder>/source.json`: what a collection is, where it comes from, who holds the rights, and how to read it. */
import * as z from 'zod';
import { WINDOWS_RESERVED } from './ids.js';

/** Profiles that read files; "auto" chooses one of them per file. */
export const PROFILE_NAMES = ['npc-governance-page', 'markdown', 'plain'] as const;

export const License = z.strictObject({
  name: z.string().regex(/^[-a-zA-Z0-9._]+$/).describe('Open Definition or SPDX identifier, e.g. "CC-BY-4.0".'),
  title: z.string().optional(),
  path: z.url().optional().describe('URL of the licence text.'),
});

export const Creator = z.strictObject({
  name: z.string().min(1).describe('A person or organisation, as it should appear in a citation.'),
  url: z.url().optional(),
});

/** Who made the dataset (not the texts) when source.json names nobody. */
export const DEFAULT_CREATORS = [{ name: 'speech-datasets contributors' }];

export const SourceConfig = z.strictObject({
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'Expected lowercase letters, digits and hyphens')
    .max(100)
    .refine((name) => !WINDOWS_RESERVED.test(name), 'Expected a name Windows can make a folder of (not con, prn, aux, nul, com1–9 or lpt1–9)')
    .describe('Dataset name; must equal the folder name.'),
  title: z.string().min(1),
  description: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'Expected a semantic version such as 1.0.0'),
  profile: z.enum([...PROFILE_NAMES, 'auto']).default('auto').describe('Layout profile that reads the raw files, or "auto" to choose one per file (and say why in documents.profile_reason).'),
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/).describe('BCP 47 tag of the texts.'),
  encoding: z.string().default('auto').describe('"auto" (UTF-8, UTF-16 or UTF-32 by byte order mark, else UTF-8, else Big5, GB18030 or Windows-1252 as detected, with a warning) or a label such as "windows-1252".'),
  origin: z.strictObject({
    publisher: z.string().min(1).describe('Who published the pages the files were saved from.'),
    url: z.url().describe('Where the pages were published.'),
    notes: z.string().optional(),
  }),
  url: z.url().optional().describe('Web page of the dataset, once published. Default: origin.url, where the texts come from.'),
  creators: z.array(Creator).min(1).default(DEFAULT_CREATORS).describe('Who made the dataset, for the citation and the metadata.'),
  keywords: z.array(z.string().min(1)).default(['speeches', 'paragraphs', 'text corpus']),
  task_categories: z
    .array(z.string().regex(/^[a-z0-9-]+$/))
    .min(1)
    .default(['text-classification', 'text-generation'])
    .describe('Hugging Face task categories for the dataset card.'),
  rights: z.strictObject({
    holder: z.string().min(1),
    statement: z.string().min(1).describe('What the rights holder says about reuse, in their words.'),
    open: z.boolean().describe('True only when the holder grants an open licence (named in `license`).'),
    license: License.optional(),
  }).refine((r) => !r.open || r.license !== undefined, { message: 'An open source must name its licence in rights.license', path: ['license'] }),
});
export type SourceConfig = z.infer<typeof SourceConfig>;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export type ProfileChoice = SourceConfig['profile'];
