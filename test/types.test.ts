/** The schema is the type: what zod infers is what the rest of the code and users of the library get. */
import { describe, expectTypeOf, it } from 'vitest';
import type { Document } from '../schemas/document.js';
import type { Edit } from '../schemas/edit.js';
import type { Note } from '../schemas/note.js';
import type { Paragraph } from '../schemas/paragraph.js';

describe('inferred types', () => {
  it('documents', () => {
    expectTypeOf<Document['doc_id']>().toEqualTypeOf<string>();
    expectTypeOf<Document['title']>().toEqualTypeOf<string | null>();
    expectTypeOf<Document['volume']>().toEqualTypeOf<number | null>();
    expectTypeOf<Document['date']>().toEqualTypeOf<string | null>();
    expectTypeOf<Document['paragraph_count']>().toEqualTypeOf<number>();
  });
  it('paragraphs and notes', () => {
    expectTypeOf<Paragraph['section']>().toEqualTypeOf<string | null>();
    expectTypeOf<Paragraph['edits']>().toEqualTypeOf<string>();
    expectTypeOf<Paragraph['source_byte_start']>().toEqualTypeOf<number>();
    expectTypeOf<Note['anchor']>().toEqualTypeOf<string | null>();
    expectTypeOf<Edit>().toEqualTypeOf<{ rule: 'page-furniture' | 'line-hyphen-join' | 'line-hyphen-keep' | 'markdown-syntax' | 'remove-zero-width' | 'remove-soft-hyphen' | 'strip-note-marker' | 'nfc' | 'rejoin-hyphen'; from: string; to: string; at: number }>();
  });
});
