/**
 * The catalogue of every message the pipeline can emit. A rule id is stable:
 * tools and people filter on it, so rename one only with a changelog entry.
 */
export type Level = 'error' | 'warning' | 'info';

export interface RuleDef {
  level: Level;
  title: string;
  description: string;
  hint: string;
}

/** Messages about an input: a raw file or a source.json. They go into the dataset's provenance.json (errors also into rejected.jsonl). */
export const inputRules = {
  'source/invalid-config': {
    level: 'error',
    title: 'source.json is missing or invalid',
    description: 'Every folder under sources/ needs a source.json that says what the collection is, who holds the rights and which profile reads it.',
    hint: 'Fix the field named in the message; see docs/adding-a-source.md for a complete example.',
  },
  'source/no-raw-files': {
    level: 'error',
    title: 'No raw files',
    description: 'The raw/ folder beside source.json is missing, cannot be read, or holds no files, so the collection has nothing to build from. Nothing of it is published, and a dataset published before stays.',
    hint: 'Put the collection\'s text files in sources/<name>/raw/ (any folder depth; names starting with "." are ignored).',
  },
  'source/link-outside': {
    level: 'warning',
    title: 'Link outside the sources folder not followed',
    description: 'An entry of raw/ is a symbolic link to a file or folder outside the sources folder. A build reads only what the sources folder holds, so that a link cannot pull in files from elsewhere on the machine (or a checkout from someone else\'s); the link is left out.',
    hint: 'Copy the files into raw/, or build with --follow-external-links if the link is meant.',
  },
  'source/link-loop': {
    level: 'warning',
    title: 'Link to what is walked anyway',
    description: 'A symbolic link in raw/ leads back to a folder on its own way (a loop), to itself through other links, or to a folder or file inside the same raw/ folder, which is walked anyway. It is not followed, so the walk ends and no file is read twice through it.',
    hint: 'Remove the link.',
  },
  'source/link-broken': {
    level: 'warning',
    title: 'Broken link',
    description: 'A symbolic link in raw/ leads to nothing that exists (or cannot be followed); it is left out.',
    hint: 'Remove the link or restore its target.',
  },
  'source/not-a-file': {
    level: 'warning',
    title: 'Entry that is not a file',
    description: 'An entry of raw/ is a FIFO, a socket or a device. Reading one could block for ever or never end, so it is left out.',
    hint: 'Remove it from raw/.',
  },
  'source/file-name': {
    level: 'warning',
    title: 'File name that is not UTF-8',
    description: 'The name of an entry of raw/ is not valid UTF-8 (it was made on a system with another encoding). Paths are recorded as text in every table and file, so the entry is left out rather than recorded under another name. (Any valid name is fine: spaces, quotes, any script, even line breaks, which reports show as \\n.)',
    hint: 'Rename the file, e.g. with `convmv -f latin1 -t utf-8 --notest`.',
  },
  'source/folder-unreadable': {
    level: 'warning',
    title: 'Folder cannot be read',
    description: 'A folder inside raw/ cannot be listed (no permission, or a path too long for the system); its files are left out and the build goes on.',
    hint: 'Fix the folder\'s permissions, or move its files to a shallower place.',
  },
  'read/unreadable': {
    level: 'error',
    title: 'File cannot be read',
    description: 'The operating system refused to read the file.',
    hint: 'Check that the file exists and is readable by the user running the build.',
  },
  'read/too-large': {
    level: 'error',
    title: 'File larger than the size limit',
    description: 'The file is larger than --max-file-size (default 64 MiB, about ten times the longest books). It is not read at all, so a stray disk image or database dump cannot exhaust the memory of a build.',
    hint: 'Check that the file is text; if it is, build with a larger --max-file-size (e.g. --max-file-size 512MiB), or split it.',
  },
  'read/empty-file': {
    level: 'error',
    title: 'Empty file',
    description: 'The file has no bytes, so there is nothing to read.',
    hint: 'Delete the file, or save the page again: the download probably failed.',
  },
  'decode/invalid-utf8': {
    level: 'error',
    title: 'Not valid UTF-8',
    description:
      'The file is not valid UTF-8 at the given byte, and no other encoding reads it: it mixes UTF-8 with other bytes, or it is not Windows-1252, Big5 or GB18030 either (the encodings tried when source.json declares none). A file with a UTF-8 byte order mark, or declared as UTF-8, is not tried in other encodings.',
    hint: 'Convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`), or declare its encoding in source.json ("encoding": "windows-1252"). A mix has to be repaired by hand where the bytes change.',
  },
  'decode/invalid-utf16': {
    level: 'error',
    title: 'Not valid UTF-16',
    description: 'The file is read as UTF-16 (by its byte order mark or as declared) but holds an unpaired surrogate or an odd number of bytes.',
    hint: 'Re-save the file as UTF-8; if it is not UTF-16 at all, fix "encoding" in source.json.',
  },
  'decode/binary': {
    level: 'error',
    title: 'Binary file',
    description: 'The file begins with the signature of a binary format (a PNG, JPEG, GIF, WebP or TIFF image, a PDF, a ZIP archive or an Office document, a gzip or 7-Zip archive, a program, an SQLite database): it is not text, and the message names what it is.',
    hint: 'Extract the text first (e.g. `pdftotext` for a PDF, or "Save as plain text" in a word processor), or remove the file from raw/.',
  },
  'decode/nul-byte': {
    level: 'error',
    title: 'NUL character in the text',
    description: 'Text never holds NUL. The file is binary (of a format without a known signature), or UTF-16 without a byte order mark that could not be recognised as such (UTF-16 in a Latin script is: its NUL bytes alternate with others throughout the file, and it is read with a decode/encoding-assumed warning).',
    hint: 'Extract the text first; for UTF-16 without a byte order mark declare "encoding": "utf-16le" (or "utf-16be") in source.json.',
  },
  'decode/invalid-encoding': {
    level: 'error',
    title: 'Bytes invalid in the declared encoding',
    description: 'The file holds a byte (sequence) that the encoding declared in source.json (or named by its UTF-32 byte order mark) does not define.',
    hint: 'Correct "encoding" in source.json, or convert the file to UTF-8.',
  },
  'decode/encoding-assumed': {
    level: 'warning',
    title: 'Encoding detected, not declared',
    description:
      'The file is not valid UTF-8 and source.json declares no encoding, so it was read in the encoding its bytes fit: UTF-16 (little- or big-endian) when NUL bytes alternate with others in every 4 KiB of the file, as in UTF-16 text without a byte order mark; Big5 or GB18030 when they read as ordinary Chinese text, else Windows-1252 when every byte is defined there. The message gives the first byte that is not UTF-8 (for UTF-16, the start of the file) and why the encoding was chosen; documents record it in source_encoding.',
    hint: 'Check the text, then declare "encoding" in source.json (e.g. "encoding": "windows-1252") to silence this warning, or convert the file to UTF-8.',
  },
  'decode/mojibake': {
    level: 'warning',
    title: 'Text looks double-encoded (mojibake)',
    description:
      'The text holds sequences such as "â€™" or "Ã©": UTF-8 read as Windows-1252 or Latin-1 somewhere before the file was saved, so that one character became two or three. The text is kept as it is; the message gives the first sequence, what it probably was and how many the file holds.',
    hint: 'Re-save the file from the original, or convert it once with `iconv -f UTF-8 -t WINDOWS-1252`, which undoes the wrong reading.',
  },
  'segment/no-text': {
    level: 'error',
    title: 'No text',
    description: 'The file holds only white space.',
    hint: 'Delete the file, or save the page again.',
  },
  'segment/no-paragraphs': {
    level: 'error',
    title: 'No body paragraphs',
    description: 'The profile found the header but no body paragraph after it.',
    hint: 'Check that the file holds the whole page; if it has another layout, read it with another profile.',
  },
  'npc/collection-line-missing': {
    level: 'error',
    title: 'Not an NPC "Governance of China" page',
    description: 'The npc-governance-page profile expects the title on the first line and "<Speaker>: <Collection> Updated: YYYY-MM-DD" on the next non-blank line.',
    hint: 'If this file has another layout, move it to a source whose source.json declares "profile": "plain".',
  },
  'npc/date-missing': {
    level: 'warning',
    title: 'No delivery date',
    description: 'The line after the repeated title is not a date such as "April 6, 2017", so the date is left empty and that line is read as body text.',
    hint: 'Check the page: if it states a date in another form, report it so the profile learns it.',
  },
  'npc/title-mismatch': {
    level: 'warning',
    title: 'Repeated title differs',
    description: 'The page repeats its title above the date; here the repetition differs from the first line. The first line is used as the title.',
    hint: 'Check which title is right; the raw file is kept as it is.',
  },
  'npc/footer-missing': {
    level: 'warning',
    title: 'No copyright footer',
    description: 'The page has no "Copyright © … All Rights Reserved." paragraph at its end, so the copyright columns are empty and the last paragraph is read as body text. The page may have been cut short.',
    hint: 'Save the whole page again.',
  },
  'npc/note-like-paragraph': {
    level: 'warning',
    title: 'Paragraph that looks like a note',
    description: 'A paragraph starts with a note marker ("* …"), but body text follows it, and notes come last on the page; so it is read as a body paragraph.',
    hint: 'Check the page: if it is a note, the paragraphs after it are out of place.',
  },
  'segment/separator-skipped': {
    level: 'info',
    title: 'Separator skipped',
    description: 'A paragraph made only of markers ("***", "* * *") separates parts of the text; it is not kept as a paragraph.',
    hint: 'Nothing to do.',
  },
  'layout/single-line': {
    level: 'warning',
    title: 'The whole text is one line',
    description: 'The body is a single line holding several sentences: the paragraph breaks were lost before the file was saved (a copy from a web page or a PDF), and cannot be told from the text. It is kept as one paragraph rather than split by guesswork.',
    hint: 'Find a copy with line breaks; or split the file by hand at the paragraph breaks.',
  },
  'layout/uncertain': {
    level: 'warning',
    title: 'Layout not recognised with confidence',
    description: 'The profile could read the file, but the evidence for its paragraph structure is weak (documents.profile_confidence is "low"); documents.profile_reason says what was seen.',
    hint: 'Check the paragraphs of this document. If the whole source has one layout, declare its profile in source.json.',
  },
  'header/field-ignored': {
    level: 'info',
    title: 'Header field not kept',
    description: 'A tag line, label line or front matter key names a field the reader does not keep (it keeps title, date, speaker or author, source or publisher, occasion). The line is not text either.',
    hint: 'Nothing to do, unless the field matters: then ask for a column.',
  },
  'markdown/front-matter-invalid': {
    level: 'warning',
    title: 'Front matter is not valid YAML',
    description: 'The block between the "---" lines at the top of a Markdown file cannot be parsed as YAML, so it gives no title, date or speaker. It is still left out of the text.',
    hint: 'Fix the YAML (a colon inside a value needs quotes: title: "Reform: the next step").',
  },
  'duplicate/document': {
    level: 'warning',
    title: 'Same text as an earlier document',
    description: 'The paragraphs of this document are exactly those of an earlier one (the same documents.text_sha256), often the same page saved twice. It is published, with documents.duplicate_of naming the first, so that counts and models can leave it out.',
    hint: 'Delete the duplicate file if it is one; filter on duplicate_of IS NULL when counting.',
  },
  'duplicate/repeated-passage': {
    level: 'warning',
    title: 'A run of paragraphs repeats earlier ones',
    description: 'Several consecutive paragraphs repeat paragraphs seen before (the same article twice in one file, or a passage shared with another document). Each carries paragraphs.duplicate_of.',
    hint: 'Check the raw file: a page saved with its text twice should be cleaned; a quoted passage is fine.',
  },
  'segment/furniture-skipped': {
    level: 'info',
    title: 'Text furniture left out',
    description: 'Lines printed around the text but not part of it are left out: a release instruction ("FOR IMMEDIATE RELEASE"), an end mark ("###", "-30-") and the contact block after it, an editor\'s credit at the end, page numbers and the running headers beside them. Inside a paragraph, their removal is a recorded page-furniture edit.',
    hint: 'Nothing to do; the raw file keeps them.',
  },
  'notes/marker-not-found': {
    level: 'warning',
    title: 'Note marker not found in the text',
    description: 'A note begins with a marker that neither the title nor any paragraph carries, so the note has no anchor (anchor is null).',
    hint: 'Check the marker in the raw file.',
  },
  'date/unparsed': {
    level: 'warning',
    title: 'Date not understood',
    description: 'A date-like field could not be read as a calendar date; the text is kept in date_text and date is null.',
    hint: 'Check the date in the raw file.',
  },
  'identify/duplicate-id': {
    level: 'warning',
    title: 'Two documents would share an id',
    description: 'Two documents have the same date and title; the later one (by source path) gets a numeric suffix. This is often the same page saved twice.',
    hint: 'Remove the duplicate file if it is one.',
  },
  'rights/not-open': {
    level: 'warning',
    title: 'The source grants no open licence',
    description: 'source.json says the rights holder grants no open licence (rights.open is false). The dataset is built, and its card, datapackage.json and croissant.json say so plainly and claim no licence; whether you may share it depends on the statement quoted in the message.',
    hint: 'Read the statement before you publish the dataset anywhere. If the holder grants an open licence, set rights.open to true and name it in rights.license in source.json.',
  },
  'internal/exception': {
    level: 'error',
    title: 'The pipeline failed on this file',
    description: 'A stage threw an exception. This is a bug in the pipeline, not in the file; the file is left out and the run goes on.',
    hint: 'Report it with the file and the message.',
  },
  'validate/schema': {
    level: 'error',
    title: 'Record does not match the data contract',
    description: 'A record built from the file breaks a rule of the schema, so the whole file is rejected rather than published incomplete.',
    hint: 'The message names the table, row and field. This usually means the profile misread the layout: report it with the file.',
  },
} as const satisfies Record<string, RuleDef>;

/** Messages about a run as a whole: the command line, the configuration, the output folder, and the checks of `verify`. Printed, never published. */
export const runRules = {
  'usage/unknown-command': {
    level: 'error',
    title: 'Unknown command',
    description: 'The first word after the program name is not one of its commands. The message names the closest command when there is one.',
    hint: 'Run `speech-datasets --help` for the commands.',
  },
  'usage/unknown-option': {
    level: 'error',
    title: 'Unknown option',
    description: 'The command has no such option (options are checked strictly, so that a typing mistake is never silently ignored). The message names the closest option when there is one.',
    hint: 'Run `speech-datasets <command> --help` for the options of a command.',
  },
  'usage/invalid-value': {
    level: 'error',
    title: 'Invalid option value',
    description: 'An option, an argument or an environment variable (SOURCE_DATE_EPOCH) has a value the command cannot use, or a required argument is missing. The message gives the value and what was expected.',
    hint: 'Correct the value; `speech-datasets <command> --help` lists each option with its type.',
  },
  'config/not-found': {
    level: 'error',
    title: 'Configuration file not found',
    description: 'The file given with --config does not exist. (Without --config, pipeline.config.json in the working directory is read when it exists, and nothing happens when it does not.)',
    hint: 'Check the path, or leave --config out.',
  },
  'config/invalid': {
    level: 'error',
    title: 'Configuration file is invalid',
    description: 'pipeline.config.json (or the file given with --config) is not valid JSON, or a field has the wrong type or an unknown name. The message gives the line and column of the value.',
    hint: 'Fix the field named in the message; schemas/pipeline.config.schema.json lists every field, and editors check the file against it through its "$schema" key.',
  },
  'shard/invalid': {
    level: 'error',
    title: 'Shards cannot be merged',
    description: '`merge` refuses a set of shard folders that would not give the dataset a whole build gives: a shard missing or given twice, shards made by other code or from another source.json or file list, or a shard file that is damaged.',
    hint: 'Build the missing or refused shards again with the same code and sources, then merge all of them.',
  },
  'dataset/nothing-published': {
    level: 'error',
    title: 'Nothing published',
    description: 'Every input of the dataset was rejected, so nothing was published: publishing would replace a good dataset with an empty one. The dataset published before, if any, stays.',
    hint: 'Read the errors reported for its files (`speech-datasets validate --only <dataset>`).',
  },
  'output/unwritable': {
    level: 'error',
    title: 'The output cannot be written',
    description: 'The operating system refused to write the output (disk full, no permission, read-only file system). Nothing was published, and what was published before is kept. Exit code 74.',
    hint: 'Free space or fix the permissions of the output folder (--out), then run again.',
  },
  'output/locked': {
    level: 'error',
    title: 'Another process is writing into the output folder',
    description: 'A build, merge or clean holds the lock file .speech-datasets.lock of the output folder, and the process named in the message is alive (or runs on another machine, which cannot be checked from here). Two writers at once could publish a mix, so this run wrote nothing. A lock left by a process that is gone (dead, or its pid now another process\'s) is taken over, with a line in the log saying so. Exit code 75.',
    hint: 'Wait for the other run to finish, or give --wait <seconds> to wait for it. If you are sure no run is writing (e.g. the machine named in the lock is gone), remove the lock file named in the message.',
  },
  'output/lock-lost': {
    level: 'error',
    title: 'The output folder\'s lock was lost',
    description: 'While this run held the lock of the output folder, its lock file was removed or replaced (by hand, or by a process that wrongly judged it stale). To avoid two writers, nothing more was published; datasets published before that are complete. Exit code 75.',
    hint: 'Make sure only one run writes into the folder, then run again.',
  },
  'output/check-failed': {
    level: 'error',
    title: 'A dataset did not check out before publishing',
    description: 'Before it is published, every dataset is checked in its staging folder as `verify` checks a published one (SHA256SUMS, sizes and hashes in the metadata), and each table file is read back by its format\'s reader to count its rows. Here a check failed, so the dataset was not published and what was published before is kept. This is a bug in a writer, or a disk that returns other bytes than were written. Exit code 70.',
    hint: 'Report it with the message; check the disk if the problem changes from run to run.',
  },
  'run/io-error': {
    level: 'error',
    title: 'A file or folder cannot be read or written',
    description: 'The operating system refused an operation of a command that publishes nothing (validate, inspect, verify, clean): no permission, a disk error, too many open files. Exit code 74.',
    hint: 'Check the permissions of the path in the message.',
  },
  'cache/unwritable': {
    level: 'warning',
    title: 'The cache cannot store results',
    description: 'A result could not be written into the cache folder. The build went on without it; the output is the same, the next build is only slower.',
    hint: 'Free space or fix the permissions of the cache folder (--cache-dir), or build with --no-cache.',
  },
  'internal/crash': {
    level: 'error',
    title: 'The pipeline failed',
    description: 'The pipeline threw an exception outside any one file: a bug. Nothing of the dataset concerned was published, and what was published before is kept. Exit code 70.',
    hint: 'Report it with the command and the message.',
  },
  'run/interrupted': {
    level: 'error',
    title: 'Interrupted',
    description: 'The run was stopped by SIGINT (Ctrl-C; exit code 130), SIGTERM (exit code 143) or SIGHUP (the terminal closed; exit code 129). Datasets a build finished before are published; the one being written is not, and what was published before it is kept; temporary folders are removed. A second signal ends the process at once; it still removes its staging folders and its lock as it exits. (SIGKILL cannot be caught: what a killed build leaves, the next build or `clean` puts right.)',
    hint: 'Run the command again (a build reuses the cache for the files it had done).',
  },
  'verify/not-a-dataset': {
    level: 'error',
    title: 'Not a dataset folder',
    description: 'The folder to verify or inspect does not exist, or has no SHA256SUMS and no datapackage.json: it is not a dataset this pipeline published.',
    hint: 'Give the folder of one dataset (e.g. output/governance-of-china); `verify` without a folder checks every dataset under --out.',
  },
  'verify/malformed-sums': {
    level: 'error',
    title: 'SHA256SUMS has a malformed line',
    description: 'A line of SHA256SUMS is not "<64 hexadecimal digits>  <path>" with a path inside the dataset folder, so the file it means cannot be checked.',
    hint: 'Rebuild the dataset, or download it again.',
  },
  'verify/checksum-mismatch': {
    level: 'error',
    title: 'File differs from its checksum',
    description: 'The SHA-256 of the file is not the one SHA256SUMS lists: the file was changed, cut short or damaged after it was published.',
    hint: 'Download the dataset again, or rebuild it (`npm start`); never edit a published file by hand.',
  },
  'verify/missing-file': {
    level: 'error',
    title: 'Listed file is missing',
    description: 'SHA256SUMS lists a file that is not in the dataset folder (or cannot be read), or SHA256SUMS itself is missing from a folder that holds a datapackage.json.',
    hint: 'Download the dataset again, or rebuild it.',
  },
  'verify/unlisted-file': {
    level: 'error',
    title: 'File not listed in SHA256SUMS',
    description: 'The dataset folder holds a file that SHA256SUMS does not list, so nothing vouches for it: it was added after the dataset was published.',
    hint: 'Remove the file, or rebuild the dataset.',
  },
  'verify/metadata-mismatch': {
    level: 'error',
    title: 'Metadata disagrees with a file',
    description: 'datapackage.json, croissant.json or provenance.json records another size, SHA-256 or row count for a file than the file has, or lists a file that is not there.',
    hint: 'Rebuild the dataset; metadata is written by the pipeline, never by hand.',
  },
  'verify/no-sources': {
    level: 'error',
    title: 'No sources to rebuild from',
    description: '`verify --fresh` rebuilds a dataset from the source folder of the same name under --sources, and there is none (or its source.json is invalid).',
    hint: 'Run from the repository root, or give --sources.',
  },
  'verify/other-runtime': {
    level: 'error',
    title: 'Built by another Unicode version',
    description: 'provenance.json records the Unicode version of the Node that built the dataset, and this Node has another. Normalisation (NFC), word counts and script classes follow it, so a rebuild here could differ without any drift; `verify --fresh` does not compare. Exit code 2.',
    hint: 'Run `verify --fresh` with the Node version the dataset was built with (the repository pins it in .nvmrc).',
  },
  'verify/drift': {
    level: 'error',
    title: 'Differs from a fresh build',
    description: 'Rebuilding the dataset from its sources, with the options recorded in its provenance.json, gives another file than the one published (or a file that is not published, or none for a file that is): the committed data is stale or was edited. The message gives the first byte (and line) that differs.',
    hint: 'Run `npm start` and commit output/; if the file was edited by hand, that edit is lost, as it should be.',
  },
  'inspect/inconsistent': {
    level: 'error',
    title: 'A dataset disagrees with itself',
    description: '`inspect` found a table file it cannot read in a dataset folder, or formats or metadata that disagree on the rows of a table. The rest of the dataset is still summarised. Exit code 1.',
    hint: 'Run `speech-datasets verify` on the folder for the file-by-file checks; download or rebuild the dataset.',
  },
  'inspect/unreadable': {
    level: 'error',
    title: 'File cannot be read as a table',
    description: 'The file given to `inspect` is not one of the formats the pipeline writes (.jsonl, .csv, .arrow, .parquet), or it is damaged.',
    hint: 'Give a dataset folder or one of its table files.',
  },
} as const satisfies Record<string, RuleDef>;

export const catalogue = { ...inputRules, ...runRules } as const;

export type RuleId = keyof typeof catalogue;

/** Where in a file a message applies. Lines and columns are 1-based; columns count code points. */
export interface Place {
  line?: number;
  column?: number;
  byte_offset?: number;
}

export interface Message extends Place {
  rule: RuleId;
  level: Level;
  stage: string;
  /** POSIX path relative to the folder that holds sources/ (for `verify` and `inspect`: to the working directory); empty for a message about the run as a whole. */
  file: string;
  message: string;
  hint: string;
}

export function createMessage(rule: RuleId, stage: string, file: string, message: string, place: Place = {}): Message {
  const def: RuleDef = catalogue[rule];
  const out: Message = { rule, level: def.level, stage, file, message, hint: def.hint };
  if (place.line !== undefined) out.line = place.line;
  if (place.column !== undefined) out.column = place.column;
  if (place.byte_offset !== undefined) out.byte_offset = place.byte_offset;
  return out;
}

/**
 * Control characters as escapes (a line feed as \n, ESC as \u001b): a file name or a text may hold
 * them, and a report must stay one message per line and never drive the terminal.
 */
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
export const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `file:line:column  level  message  rule` plus an indented hint, like a linter; a message about the run has no place. */
export function formatMessage(m: Message): string {
  const where = [m.file ? printable(m.file) : undefined, m.line, m.line !== undefined ? m.column : undefined].filter((x) => x !== undefined).join(':');
  const at = m.byte_offset !== undefined ? ` (byte ${m.byte_offset})` : '';
  // A crash keeps its stack on separate lines.
  const text = m.rule === 'internal/crash' ? m.message : printable(m.message);
  return `${where ? `${where}${at}  ` : ''}${m.level}  ${text}  ${m.rule}\n    hint: ${m.hint}`;
}
