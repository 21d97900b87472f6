/** The registry of writers, in the order their files are listed in the metadata: Parquet first, the format most readers want. */
import { arrow } from './arrow.js';
import { csv } from './csv.js';
import { jsonl } from './jsonl.js';
import { parquet } from './parquet.js';
import type { Writer } from './writer.js';

export const writers: readonly Writer[] = [parquet, jsonl, csv, arrow];
export type { Row, Writer, WriteContext } from './writer.js';
