/**
 * The file stages over one file: what a worker thread runs for each file it
 * is given (and the main thread, for builds too small to start workers). A
 * throw inside a stage is a bug, recorded as an internal/exception error on
 * that file, so one bad file never stops the others.
 */
import type { SourceConfig } from '../schemas/source.js';
import { SourceFile } from './file.js';
import type { ProcessedFile } from './processed.js';
import type { FileStage } from './stage.js';
import { tables } from '../schemas/tables.js';
import { writers, type Row } from './writers/index.js';
import { textKey, type TextOptions } from './writers/writer.js';

export interface FileTask {
  path: string;
  relPath: string;
  /** The raw bytes, when the caller has read them already. */
  bytes?: Uint8Array;
  /** A larger file is rejected unread (read/too-large). */
  maxBytes?: number;
}

function count(messages: readonly { level: string }[], from: number): [number, number] {
  let errors = 0;
  let warnings = 0;
  for (let i = from; i < messages.length; i++) {
    if (messages[i]!.level === 'error') errors++;
    else if (messages[i]!.level === 'warning') warnings++;
  }
  return [errors, warnings];
}

/**
 * Runs `stages` over one file, then writes its rows in the text formats among
 * `formats`; `timings` (if given) gets the milliseconds each step took added
 * to it, by stage name and "text <format>".
 */
export async function processFile(
  task: FileTask,
  config: SourceConfig,
  stages: readonly FileStage[],
  formats: readonly string[] = [],
  timings?: Record<string, number>,
  textOptions: TextOptions = {},
): Promise<ProcessedFile> {
  const file = new SourceFile(task.path, task.relPath, config);
  if (task.bytes) file.preloaded = task.bytes;
  if (task.maxBytes !== undefined) file.maxBytes = task.maxBytes;
  const tally: ProcessedFile['stages'] = [];
  for (const stage of stages) {
    const before = file.messages.length;
    const start = timings ? performance.now() : 0;
    try {
      await stage.run(file);
    } catch (error) {
      // Name and message only: a stack holds paths of this machine, and the message is published.
      const e = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      file.message('internal/exception', stage.name, `The ${stage.name} stage failed: ${e}`);
    }
    if (timings) timings[stage.name] = (timings[stage.name] ?? 0) + performance.now() - start;
    const [errors, warnings] = count(file.messages, before);
    tally.push([errors, warnings, file.failed ? 0 : 1]);
    if (file.failed) break;
  }
  const processed = processedOf(file, tally);
  if (processed.rows) {
    for (const writer of writers) {
      if (!writer.text || !formats.includes(writer.format)) continue;
      const start = timings ? performance.now() : 0;
      const rows = processed.rows;
      const parts: Record<string, string> = {};
      for (const table of tables) {
        const text = writer.text(table, textOptions);
        parts[table.name] = text((table.name === 'documents' ? [rows.document] : rows[table.name]) as unknown as Row[]);
      }
      (processed.text ??= {})[textKey(writer.format, textOptions)] = parts;
      if (timings) timings[`text ${writer.format}`] = (timings[`text ${writer.format}`] ?? 0) + performance.now() - start;
    }
  }
  return processed;
}

/** The result of the file stages that `file` went through (`stages`: its per-stage tally). */
export function processedOf(file: SourceFile, stages: ProcessedFile['stages'] = []): ProcessedFile {
  const rows = file.failed ? null : file.rows;
  return {
    relPath: file.relPath,
    bytes: file.sha256 ? file.size : null,
    sha256: file.sha256 || null,
    profile: file.segmented?.profile ?? null,
    layout: file.segmented?.layout ?? null,
    encoding: file.decoded?.encoding ?? null,
    messages: file.messages,
    rows,
    paragraphColumns: rows ? file.normalised!.paragraphs.map((p) => file.place(p.span.start).column) : [],
    stages,
  };
}
