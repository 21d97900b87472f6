/**
 * The worker threads' task: the file stages over a batch of files. Each
 * result comes back as v8-serialised bytes, which the cache stores as they
 * are, so a result is serialised once for the trip and the cache.
 */
import { serialize } from 'node:v8';
import type { SourceConfig } from '../schemas/source.js';
import { processFile, type FileTask } from './process-file.js';
import type { FileStage } from './stage.js';
import { stages } from './stages.js';
import type { TextOptions } from './writers/writer.js';

export interface BatchTask {
  config: SourceConfig;
  /** The formats the build writes: the text ones are written here. */
  formats: string[];
  text: TextOptions;
  files: FileTask[];
}

export interface BatchResult {
  results: Uint8Array[];
  /** Milliseconds per file stage and text format, summed over the batch. */
  timings: Record<string, number>;
}

const fileStages = stages.filter((s): s is FileStage => s.scope === 'file');

export default async function run(task: BatchTask): Promise<BatchResult> {
  const timings: Record<string, number> = {};
  const results: Uint8Array[] = [];
  for (const file of task.files) results.push(serialize(await processFile(file, task.config, fileStages, task.formats, timings, task.text)));
  return { results, timings };
}
