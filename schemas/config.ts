/**
 * `pipeline.config.json`: optional project defaults for the command line.
 * Every field is optional, and a flag given on the command line wins. Paths
 * are relative to the folder of the file.
 */
import * as z from 'zod';

export const CONFIG_FILE = 'pipeline.config.json';
/** The formats, as the writers name them (test/config.test.ts ties the two together). */
export const FORMAT_NAMES = ['parquet', 'jsonl', 'csv', 'arrow'] as const;

export const ProjectConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this schema, for editors.'),
    sources: z.string().min(1).optional().describe('Folder holding one folder per collection (--sources). Default: "sources".'),
    out: z.string().min(1).optional().describe('Folder the datasets are published into (--out). Default: "output".'),
    only: z.array(z.string().min(1)).min(1).optional().describe('Build or validate only these datasets (--only). Default: all.'),
    formats: z.array(z.enum(FORMAT_NAMES)).min(1).optional().describe('Formats to write (--formats). Default: all four.'),
    concurrency: z.int().min(1).max(256).optional().describe('Worker threads for the file stages (--concurrency). Default: the available cores.'),
    cache: z.boolean().optional().describe('Reuse the results of unchanged files (--cache, --no-cache). Default: true.'),
    cacheDir: z.string().min(1).optional().describe('Where the cache lives (--cache-dir). Default: ".cache/speech-datasets".'),
    strict: z.boolean().optional().describe('Warnings fail the run too, with exit code 1 (--strict). Default: false.'),
    maxFileSize: z.union([z.int().min(1), z.string().regex(/^\s*\d+(\.\d+)?\s*([kmgKMG]i?[bB]|[bB])?\s*$/, 'Expected a size such as "64MiB" or "200MB"')]).optional().describe('Files larger than this are rejected unread (--max-file-size): bytes, or a size such as "64MiB" or "200MB". Default: "64MiB".'),
    followExternalLinks: z.boolean().optional().describe('Follow links in raw/ that lead outside the sources folder (--follow-external-links). Default: false.'),
    csvExcelSafe: z.boolean().optional().describe('Give CSV cells that a spreadsheet would run as a formula a leading apostrophe (--csv-excel-safe). Default: false, the exact text.'),
    allowWarnings: z.array(z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, 'Expected a rule id such as "rights/not-open"')).optional().describe('Rule ids whose warnings --strict lets pass (--allow-warning).'),
  })
  .describe('Project defaults for the speech-datasets command line. Flags on the command line override them.');

export type ProjectConfig = z.infer<typeof ProjectConfig>;
