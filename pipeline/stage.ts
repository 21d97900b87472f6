/** The two shapes a stage can take: over one file, or over every file of a dataset at once. */
import type { SourceFile } from './file.js';

export interface FileStage {
  name: string;
  scope: 'file';
  run(file: SourceFile): void | Promise<void>;
}

export interface DatasetStage {
  name: string;
  scope: 'dataset';
  /** Receives the files that no earlier stage rejected, in source-path order. */
  run(files: SourceFile[]): void | Promise<void>;
}

export type Stage = FileStage | DatasetStage;
