/** The two shapes a stage can take: over one file, or over the files of a dataset in order. */
import type { SourceFile } from './file.js';
import type { ProcessedFile } from './processed.js';

/** Runs on one file alone, so files go through it in parallel (in worker threads). */
export interface FileStage {
  name: string;
  scope: 'file';
  run(file: SourceFile): void | Promise<void>;
}

/**
 * Sees the files of a dataset one at a time in source-path order, with state
 * that lasts the dataset (ids taken, texts seen): `start()` is called once per
 * dataset and returns the function that takes each file. It gets every file
 * that the file stages did not reject, as the file stages left it, and only
 * after every file before it, so what it decides is the same whatever the
 * concurrency, and its state holds only what later files need, never rows.
 * A sequence stage that changes a row must set `file.touched`: the text
 * formats made in the worker thread are then made again from the rows.
 */
export interface SequenceStage {
  name: string;
  scope: 'sequence';
  start(): (file: ProcessedFile) => void;
}

export type Stage = FileStage | SequenceStage;
