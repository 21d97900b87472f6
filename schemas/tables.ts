/** The tables of the data contract, in the order they are written and documented. */
import type * as z from 'zod';
import { columnsOf, type Column } from './columns.js';
import { Document } from './document.js';
import { Note } from './note.js';
import { Paragraph } from './paragraph.js';

/** Raised whenever a column is added, removed or changes meaning; CONTRACT_CHANGES says what changed. */
export const CONTRACT_VERSION = '2';

export const CONTRACT_CHANGES: readonly [version: string, change: string][] = [
  ['2', 'documents gains occasion, text_sha256, duplicate_of, profile_confidence, profile_reason and layout; paragraphs gains language and duplicate_of; documents.language and source_updated are described more exactly; edits gain the rules page-furniture, line-hyphen-join, line-hyphen-keep and markdown-syntax.'],
  ['1', 'The first contract.'],
];

export interface TableDef<Name extends string = string> {
  name: Name;
  title: string;
  description: string;
  schema: z.ZodObject;
  columns: Column[];
  primaryKey: string;
  foreignKeys: { field: string; table: string; field_in_table: string }[];
}

function table<Name extends string>(def: Omit<TableDef<Name>, 'columns'>): TableDef<Name> {
  return { ...def, columns: columnsOf(def.schema) };
}

export const documentsTable = table({
  name: 'documents',
  title: 'Documents',
  description: 'One row per source text: title, speaker, dates, rights and counts.',
  schema: Document,
  primaryKey: 'doc_id',
  foreignKeys: [],
});

export const paragraphsTable = table({
  name: 'paragraphs',
  title: 'Paragraphs',
  description: 'One row per body paragraph, with its text, counts, recorded edits and the byte and line range it comes from.',
  schema: Paragraph,
  primaryKey: 'paragraph_id',
  foreignKeys: [{ field: 'doc_id', table: 'documents', field_in_table: 'doc_id' }],
});

export const notesTable = table({
  name: 'notes',
  title: 'Notes',
  description: 'One row per note, with its marker, what it is attached to, and the byte and line range it comes from.',
  schema: Note,
  primaryKey: 'note_id',
  foreignKeys: [{ field: 'doc_id', table: 'documents', field_in_table: 'doc_id' }],
});

export const tables = [documentsTable, paragraphsTable, notesTable] as const;
export type TableName = (typeof tables)[number]['name'];
