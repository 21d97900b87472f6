/**
 * validate: every row against the zod schema of its table. One bad row
 * rejects its whole file, so no document is ever published incomplete.
 */
import type * as z from 'zod';
import { documentsTable, notesTable, paragraphsTable } from '../../schemas/tables.js';
import type { SourceFile } from '../file.js';
import type { FileStage } from '../stage.js';

function check(file: SourceFile, table: string, schema: z.ZodType, row: Record<string, unknown>, index: number, id: string, place: { line?: number }): void {
  const result = schema.safeParse(row);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '(row)';
    file.message('validate/schema', 'validate', `${table} row ${index + 1} (${id}), field ${field}: ${issue.message}`, place);
  }
}

export const validate: FileStage = {
  name: 'validate',
  scope: 'file',
  run(file) {
    const rows = file.rows!;
    check(file, 'documents', documentsTable.schema, rows.document, 0, rows.document.doc_id, { line: 1 });
    rows.paragraphs.forEach((p, i) => check(file, 'paragraphs', paragraphsTable.schema, p, i, p.paragraph_id, { line: p.source_line_start }));
    rows.notes.forEach((n, i) => check(file, 'notes', notesTable.schema, n, i, n.note_id, { line: n.source_line_start }));
  },
};
