/** The registry of writers, in the order their files are listed in the metadata. */
import { arrow } from './arrow.js';
import { csv } from './csv.js';
import { jsonl } from './jsonl.js';
import type { Writer } from './writer.js';

export const writers: readonly Writer[] = [jsonl, csv, arrow];
export type { Row, Writer, WriteContext } from './writer.js';
